"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { HOME_PATH } from "@/lib/safe-redirect";
import { signUpAction } from "@/lib/users/actions";
import { signUpSchema, type SignUpInput } from "@/lib/users/schemas";

export function SignUpForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState, setError } = useForm<SignUpInput>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: "", email: "", password: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setDone(false);
    const result = await signUpAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    // Sign-up answers alike for a new and a registered address; signing in with what was
    // typed is what tells the two apart, and only the owner of the password learns it.
    const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (signedIn?.ok && !signedIn.error) {
      router.push(HOME_PATH);
      router.refresh();
      return;
    }
    setDone(true);
  });

  if (done) {
    return (
      <div className="alert alert-info" role="status" data-testid="sign-up-done">
        <p className="mb-2">{t("signUpDone")}</p>
        <Link href="/sign-in">{t("signInLink")}</Link>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      <TextField id="name" autoComplete="name" label={t("name")} required registration={register("name")} error={formState.errors.name} />
      <TextField id="email" type="email" autoComplete="email" label={t("email")} required registration={register("email")} error={formState.errors.email} />
      <TextField
        id="password"
        type="password"
        autoComplete="new-password"
        label={t("password")}
        hint={t("passwordHint")}
        required
        registration={register("password")}
        error={formState.errors.password}
      />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("signingUp") : t("signUpButton")}
      </button>
    </form>
  );
}
