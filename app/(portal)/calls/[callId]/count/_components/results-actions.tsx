"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { ConfirmButton } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { correctResultsAction, publishResultsAction } from "@/lib/voting/actions";
import { correctResultsSchema, type CorrectResultsInput } from "@/lib/voting/schemas";

/** Publishing is irreversible: the button says so, and the server checks the phase again. */
export function PublishButton({ callId }: { callId: string }) {
  const t = useTranslations("voting.count");
  const tc = useTranslations("confirm");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const publish = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await publishResultsAction({ callId });
      if (!result.ok) return setError(result.error);
      router.push(`/calls/${callId}/results?done=published`);
    });
  return (
    <>
      <FormAlert errorKey={error} />
      <p className="form-hint">{t("publishHint")}</p>
      <ConfirmButton
        className="btn btn-primary"
        onConfirm={publish}
        disabled={pending}
        title={tc("publishResults.title")}
        message={tc("publishResults.message")}
        confirmLabel={tc("publishResults.confirm")}
      >
        {pending ? t("publishing") : t("publish")}
      </ConfirmButton>
    </>
  );
}

export function CorrectionForm({ callId }: { callId: string }) {
  const t = useTranslations("voting.count");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError } = useForm<CorrectResultsInput>({
    resolver: zodResolver(correctResultsSchema),
    defaultValues: { callId, reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await correctResultsAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    router.push(`/calls/${callId}/results`);
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="correction-form">
      <h3 className="h5">{t("correctTitle")}</h3>
      <p className="form-hint mb-4">{t("correctHint")}</p>
      <FormAlert errorKey={formError} />
      <TextField id="reason" label={t("reason")} maxLength={1000} registration={register("reason")} error={formState.errors.reason} />
      <button type="submit" className="btn btn-outline-primary" disabled={formState.isSubmitting}>
        {t("correct")}
      </button>
    </form>
  );
}
