"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { NewPasswordFields } from "@/components/form/new-password-fields";
import { TextField } from "@/components/form/text-field";
import { changePasswordAction } from "@/lib/users/actions";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/users/schemas";

export function ChangePasswordForm({ email }: { email: string }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [changed, setChanged] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setChanged(false);
    const result = await changePasswordAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    // The change revoked every token, this browser's too: sign in again with the new
    // password so this browser carries on with a fresh one.
    const signedIn = await signIn("credentials", { email, password: values.newPassword, redirect: false });
    if (!signedIn?.ok || signedIn.error) {
      router.push("/sign-in?callbackUrl=%2Faccount");
      return;
    }
    reset();
    setChanged(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      {changed && (
        <div className="alert alert-success" role="status" data-testid="password-changed">
          {t("passwordChanged")}
        </div>
      )}
      {/* For password managers: which account this form changes. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        id="currentPassword"
        type="password"
        autoComplete="current-password"
        label={t("currentPassword")}
        required
        registration={register("currentPassword")}
        error={formState.errors.currentPassword}
      />
      <NewPasswordFields newPassword={register("newPassword")} confirmPassword={register("confirmPassword")} errors={formState.errors} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("changingPassword") : t("changePasswordButton")}
      </button>
    </form>
  );
}
