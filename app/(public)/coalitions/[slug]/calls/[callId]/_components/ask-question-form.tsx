"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { TextAreaField } from "@/app/(portal)/coalitions/[slug]/calls/_components/text-area-field";
import { SuccessMessage } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { askQuestionAction } from "@/lib/faq/actions";
import { askQuestionSchema, type AskQuestionInput } from "@/lib/faq/schemas";

type Props = { callId: string; organisations: { id: string; legalName: string }[]; max: number };

/** A person of a member organisation asks the promoter a question; the server checks the deadline again. */
export function AskQuestionForm({ callId, organisations, max }: Props) {
  const t = useTranslations("faq");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [sent, setSent] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<AskQuestionInput>({
    resolver: zodResolver(askQuestionSchema),
    defaultValues: { callId, organisationId: organisations[0]?.id ?? "", question: "" },
  });

  if (sent) {
    return (
      <>
        <SuccessMessage testId="faq-sent">{t("sent")}</SuccessMessage>
        <button type="button" className="btn btn-outline-primary" onClick={() => setSent(false)}>
          {t("askAnother")}
        </button>
      </>
    );
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await askQuestionAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    reset({ callId, organisationId: values.organisationId, question: "" });
    setSent(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="faq-ask-title" data-testid="ask-question-form">
      <FormAlert errorKey={formError} />
      <p className="small">{t("anonymous")}</p>
      <input type="hidden" {...register("callId")} />
      {organisations.length > 1 ? (
        <SelectField
          id="faq-organisation"
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
      <TextAreaField
        id="faq-question"
        label={t("questionLabel")}
        hint={t("questionHint", { max })}
        rows={5}
        maxLength={max}
        registration={register("question")}
        error={formState.errors.question}
      />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("sending") : t("send")}
      </button>
    </form>
  );
}
