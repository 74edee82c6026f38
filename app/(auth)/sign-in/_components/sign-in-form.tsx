"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { signInSchema, type SignInInput } from "@/lib/users/schemas";

export function SignInForm({ callbackUrl, oidcName }: { callbackUrl: string; oidcName: string | null }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState } = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      setFormError(result?.error === "locked" ? "signInLocked" : result?.error === "wait" ? "signInWait" : "signInFailed");
      return;
    }
    // The page already checked it; checked again against the origin the browser is really on.
    router.push(safeRedirectPath(callbackUrl, window.location.origin));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      <TextField id="email" type="email" autoComplete="email" label={t("email")} required registration={register("email")} error={formState.errors.email} />
      <TextField
        id="password"
        type="password"
        autoComplete="current-password"
        label={t("password")}
        required
        registration={register("password")}
        error={formState.errors.password}
      />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("signingIn") : t("signInButton")}
      </button>
      {oidcName && (
        <button type="button" className="btn btn-outline-primary ms-3" onClick={() => signIn("oidc", { callbackUrl })}>
          {t("signInWith", { provider: oidcName })}
        </button>
      )}
    </form>
  );
}
