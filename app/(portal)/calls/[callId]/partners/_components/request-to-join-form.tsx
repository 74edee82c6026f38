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
import { requestToJoinProposalAction } from "@/lib/proposals/partnership-actions";
import { requestToJoinProposalSchema, type RequestToJoinProposalInput } from "@/lib/proposals/partnership-schemas";

type Props = { proposalId: string; title: string; organisations: { id: string; legalName: string }[] };

/** A member organisation's admin asks to join one proposal, with a message and the contribution offered. */
export function RequestToJoinForm({ proposalId, title, organisations }: Props) {
  const t = useTranslations("partnerships.browse");
  const router = useRouter();
  const id = useId().replace(/:/g, "");
  const [formError, setFormError] = useState<string>();
  const [sent, setSent] = useState(false);
  const { register, handleSubmit, formState, setError } = useForm<RequestToJoinProposalInput>({
    resolver: zodResolver(requestToJoinProposalSchema),
    defaultValues: { proposalId, organisationId: organisations[0]?.id ?? "", message: "", contribution: "" },
  });

  if (sent) {
    return (
      <p className="text-success mb-0" role="status">
        {t("requestSent")}
      </p>
    );
  }
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await requestToJoinProposalAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    setSent(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("requestFormLabel", { title })} data-testid="request-to-join-form">
      <FormAlert errorKey={formError} />
      <input type="hidden" {...register("proposalId")} />
      {organisations.length > 1 ? (
        <SelectField
          id={`${id}-org`}
          label={t("asOrganisation")}
          required
          registration={register("organisationId")}
          error={formState.errors.organisationId}
          options={organisations.map((o) => ({ value: o.id, label: o.legalName }))}
        />
      ) : (
        <p className="small mb-3">
          <input type="hidden" {...register("organisationId")} />
          {t("asOrganisationOnly", { name: organisations[0]?.legalName ?? "" })}
        </p>
      )}
      <TextField id={`${id}-message`} label={t("message")} required maxLength={1000} registration={register("message")} error={formState.errors.message} />
      <TextField
        id={`${id}-contribution`}
        label={t("contribution")}
        hint={t("contributionHint")}
        maxLength={1000}
        registration={register("contribution")}
        error={formState.errors.contribution}
      />
      <button type="submit" className="btn btn-primary btn-sm" disabled={formState.isSubmitting}>
        {t("sendRequest")}
      </button>
    </form>
  );
}
