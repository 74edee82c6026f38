import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { SignInForm } from "./_components/sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const t = await getTranslations("auth");
  const tm = await getTranslations("mail");
  const { callbackUrl } = await searchParams;
  return (
    <div className="row justify-content-center">
      <div className="col-lg-6">
        <h1 className="mb-4">{t("signInTitle")}</h1>
        <SignInForm callbackUrl={safeRedirectPath(callbackUrl, env.appUrl)} oidcName={env.oidc?.name ?? null} />
        <p className="mt-3">
          <Link href="/forgot-password">{tm("forgotLink")}</Link>
        </p>
        <p className="mt-4">
          {t("noAccount")} <Link href="/sign-up">{t("signUpLink")}</Link>
        </p>
      </div>
    </div>
  );
}
