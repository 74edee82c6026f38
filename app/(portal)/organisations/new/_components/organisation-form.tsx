"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { MunicipalityPicker } from "@/components/form/municipality-picker";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { createOrganisationAction } from "@/lib/organisations/actions";
import { createOrganisationSchema, organisationKinds, sizeClasses, type CreateOrganisationInput } from "@/lib/organisations/schemas";

export function OrganisationForm() {
  const t = useTranslations("organisations");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError, control } = useForm<CreateOrganisationInput>({
    resolver: zodResolver(createOrganisationSchema),
    defaultValues: {
      kind: "firm",
      legalName: "",
      partitaIva: "",
      codiceFiscale: "",
      codiceIpa: "",
      atecoCode: "",
      sizeClass: "",
      municipalityCode: "",
    },
  });
  const kind = useWatch({ control, name: "kind" });
  const municipalityCode = useWatch({ control, name: "municipalityCode" });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await createOrganisationAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    router.push(`/organisations/${result.data.organisationId}`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      <SelectField
        id="kind"
        label={t("kind")}
        required
        registration={register("kind")}
        error={errors.kind}
        options={organisationKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
      />
      <TextField id="legalName" label={t("legalName")} required registration={register("legalName")} error={errors.legalName} maxLength={250} />
      <div className="row">
        <div className="col-md-6">
          <TextField
            id="partitaIva"
            label={t("partitaIva")}
            hint={t("partitaIvaHint")}
            inputMode="numeric"
            registration={register("partitaIva")}
            error={errors.partitaIva}
          />
        </div>
        <div className="col-md-6">
          <TextField id="codiceFiscale" label={t("codiceFiscale")} hint={t("codiceFiscaleHint")} registration={register("codiceFiscale")} error={errors.codiceFiscale} />
        </div>
      </div>
      {kind === "public_body" && (
        <TextField id="codiceIpa" label={t("codiceIpa")} hint={t("codiceIpaHint")} required registration={register("codiceIpa")} error={errors.codiceIpa} />
      )}
      {kind === "firm" && (
        <div className="row">
          <div className="col-md-6">
            <TextField id="atecoCode" label={t("atecoCode")} hint={t("atecoHint")} required registration={register("atecoCode")} error={errors.atecoCode} />
          </div>
          <div className="col-md-6">
            <SelectField
              id="sizeClass"
              label={t("sizeClass")}
              required
              placeholder={t("choose")}
              registration={register("sizeClass")}
              error={errors.sizeClass}
              options={sizeClasses.map((s) => ({ value: s, label: t(`sizes.${s}`) }))}
            />
          </div>
        </div>
      )}
      <MunicipalityPicker id="municipalityCode" registration={register("municipalityCode")} error={errors.municipalityCode} selected={municipalityCode} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("creating") : t("create")}
      </button>
    </form>
  );
}
