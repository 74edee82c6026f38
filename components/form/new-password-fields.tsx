"use client";

import { useTranslations } from "next-intl";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { TextField } from "./text-field";

/** The new password and its confirmation, as the account page and the reset link ask for them. */
export function NewPasswordFields(props: { newPassword: UseFormRegisterReturn; confirmPassword: UseFormRegisterReturn; errors: { newPassword?: FieldError; confirmPassword?: FieldError } }) {
  const t = useTranslations("auth");
  return (
    <>
      <TextField
        id="newPassword"
        type="password"
        autoComplete="new-password"
        label={t("newPassword")}
        hint={t("passwordHint")}
        required
        registration={props.newPassword}
        error={props.errors.newPassword}
      />
      <TextField
        id="confirmPassword"
        type="password"
        autoComplete="new-password"
        label={t("confirmPassword")}
        required
        registration={props.confirmPassword}
        error={props.errors.confirmPassword}
      />
    </>
  );
}
