"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { requestToJoinCoalitionAction } from "@/lib/coalitions/actions";
import { requestToJoinSchema, type RequestToJoinInput } from "@/lib/coalitions/schemas";

type Props = { coalitionId: string; coalitionName: string; organisations: { id: string; legalName: string }[] };

export function JoinRequestForm({ coalitionId, coalitionName, organisations }: Props) {
  const t = useTranslations("coalitions");
  const router = useRouter();
  const idPrefix = useId().replace(/:/g, "");
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError } = useForm<RequestToJoinInput>({
    resolver: zodResolver(requestToJoinSchema),
    defaultValues: { coalitionId, organisationId: organisations[0]?.id ?? "", motivation: "" },
  });

  if (!open) {
    return (
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setOpen(true)}>
        {t("askToJoin", { name: coalitionName })}
      </button>
    );
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await requestToJoinCoalitionAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    setOpen(false);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3" aria-label={t("askToJoin", { name: coalitionName })}>
      <FormAlert errorKey={formError} />
      <SelectField
        id={`${idPrefix}-org`}
        label={t("asOrganisation")}
        registration={register("organisationId")}
        error={formState.errors.organisationId}
        options={organisations.map((o) => ({ value: o.id, label: o.legalName }))}
      />
      <TextField id={`${idPrefix}-motivation`} label={t("motivation")} required registration={register("motivation")} error={formState.errors.motivation} />
      <button type="submit" className="btn btn-primary btn-sm" disabled={formState.isSubmitting}>
        {t("sendRequest")}
      </button>
    </form>
  );
}
