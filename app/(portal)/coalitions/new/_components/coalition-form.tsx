"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TerritoryPicker } from "@/components/form/territory-picker";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { createCoalitionAction } from "@/lib/coalitions/actions";
import { createCoalitionSchema, type CreateCoalitionInput } from "@/lib/coalitions/schemas";

export function CoalitionForm({ promoters }: { promoters: { id: string; legalName: string }[] }) {
  const t = useTranslations("coalitions");
  const errorText = useErrorText();
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [labels, setLabels] = useState<Record<string, string>>({});
  const { register, handleSubmit, formState, setError, control } = useForm<CreateCoalitionInput>({
    resolver: zodResolver(createCoalitionSchema),
    defaultValues: { promoterOrganisationId: promoters[0]?.id ?? "", name: "", description: "", territory: [] },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await createCoalitionAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    router.push(`/coalitions/${result.data.slug}/manage`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      <SelectField
        id="promoterOrganisationId"
        label={t("promoter")}
        required
        registration={register("promoterOrganisationId")}
        error={formState.errors.promoterOrganisationId}
        options={promoters.map((p) => ({ value: p.id, label: p.legalName }))}
      />
      <TextField id="name" label={t("name")} required registration={register("name")} error={formState.errors.name} />
      <div className="form-group mb-4">
        <label htmlFor="description" className="active">
          {t("description")}
        </label>
        <textarea id="description" className="form-control" rows={5} {...register("description")} aria-describedby={formState.errors.description ? "description-error" : undefined} />
        {formState.errors.description && (
          <div id="description-error" className="field-error" role="alert">
            {errorText(formState.errors.description.message)}
          </div>
        )}
      </div>
      <Controller
        control={control}
        name="territory"
        render={({ field, fieldState }) => (
          <TerritoryPicker
            id="territory"
            value={field.value.map((code) => ({ code, label: labels[code] ?? code }))}
            onChange={(next) => {
              setLabels((old) => ({ ...old, ...Object.fromEntries(next.map((n) => [n.code, n.label])) }));
              field.onChange(next.map((n) => n.code));
            }}
            error={fieldState.error?.message ?? (fieldState.error as { root?: { message?: string } } | undefined)?.root?.message}
          />
        )}
      />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("create")}
      </button>
    </form>
  );
}
