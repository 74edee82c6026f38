import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignUpForm } from "./_components/sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signUpTitle") };
}

export default async function SignUpPage() {
  const t = await getTranslations("auth");
  return (
    <div className="row justify-content-center">
      <div className="col-lg-6">
        <h1 className="mb-4">{t("signUpTitle")}</h1>
        <p>{t("signUpIntro")}</p>
        <p className="form-hint" data-testid="privacy-notice">
          {t.rich("privacyNotice", { link: (chunks) => <Link href="/privacy">{chunks}</Link> })}
        </p>
        <SignUpForm />
        <p className="mt-4">
          {t("haveAccount")} <Link href="/sign-in">{t("signInLink")}</Link>
        </p>
      </div>
    </div>
  );
}
