import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "./_components/forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("mail"))("forgotTitle") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("mail");
  return (
    <div className="row justify-content-center">
      <div className="col-lg-6">
        <h1 className="mb-3">{t("forgotTitle")}</h1>
        <p className="mb-4">{t("forgotIntro")}</p>
        <ForgotPasswordForm />
        <p className="mt-4">
          <Link href="/sign-in">{t("backToSignIn")}</Link>
        </p>
      </div>
    </div>
  );
}
