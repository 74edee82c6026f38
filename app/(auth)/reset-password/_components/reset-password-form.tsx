"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { NewPasswordFields } from "@/components/form/new-password-fields";
import { resetPasswordAction } from "@/lib/mail/actions";
import { resetPasswordSchema, type ResetPasswordInput } from "@/lib/mail/schemas";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("mail");
  const ta = useTranslations("auth");
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState, setError } = useForm<ResetPasswordInput>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { token, newPassword: "", confirmPassword: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await resetPasswordAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors || result.fieldErrors.token) setFormError(result.fieldErrors?.token?.[0] ?? result.error);
      return;
    }
    setDone(true);
  });

  if (done) {
    return (
      <div className="alert alert-success" role="status" data-testid="reset-done">
        <p className="mb-2">{t("resetDone")}</p>
        <Link href="/sign-in">{ta("signInLink")}</Link>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      {formError === "emailLinkInvalid" && (
        <p>
          <Link href="/forgot-password">{t("askAgain")}</Link>
        </p>
      )}
      <input type="hidden" {...register("token")} />
      <NewPasswordFields newPassword={register("newPassword")} confirmPassword={register("confirmPassword")} errors={formState.errors} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("resetSaving") : t("resetButtonLabel")}
      </button>
    </form>
  );
}
