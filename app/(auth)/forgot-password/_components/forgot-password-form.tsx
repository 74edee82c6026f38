"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { requestPasswordResetAction } from "@/lib/mail/actions";
import { forgotPasswordSchema, type ForgotPasswordInput } from "@/lib/mail/schemas";

export function ForgotPasswordForm() {
  const t = useTranslations("mail");
  const ta = useTranslations("auth");
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState, setError } = useForm<ForgotPasswordInput>({
    resolver: zodResolver(forgotPasswordSchema),
    defaultValues: { email: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await requestPasswordResetAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    setDone(true);
  });

  if (done) {
    return (
      <div className="alert alert-info" role="status" data-testid="forgot-done">
        {t("forgotDone")}
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      <TextField id="email" type="email" autoComplete="email" label={ta("email")} required registration={register("email")} error={formState.errors.email} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("forgotSending") : t("forgotButton")}
      </button>
    </form>
  );
}
