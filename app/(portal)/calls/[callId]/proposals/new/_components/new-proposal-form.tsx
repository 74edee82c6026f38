"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { createProposalAction } from "@/lib/proposals/actions";
import { createProposalSchema, type CreateProposalInput } from "@/lib/proposals/schemas";

export function NewProposalForm({ callId, leads }: { callId: string; leads: { id: string; legalName: string }[] }) {
  const t = useTranslations("proposals");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError } = useForm<CreateProposalInput>({
    resolver: zodResolver(createProposalSchema),
    defaultValues: { callId, leadOrganisationId: leads[0].id, title: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await createProposalAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    router.push(`/proposals/${result.data.proposalId}/edit`);
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert errorKey={formError} />
      <SelectField
        id="leadOrganisationId"
        label={t("leadOrganisation")}
        registration={register("leadOrganisationId")}
        error={formState.errors.leadOrganisationId}
        options={leads.map((l) => ({ value: l.id, label: l.legalName }))}
      />
      <TextField id="title" label={t("title")} required registration={register("title")} error={formState.errors.title} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("startDraft")}
      </button>
    </form>
  );
}
