import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ResetPasswordForm } from "./_components/reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("mail"))("resetTitle"), referrer: "no-referrer" };
}

/** Opened from the reset e-mail. The token is checked (and used) only when the form is sent. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const t = await getTranslations("mail");
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  return (
    <div className="row justify-content-center">
      <div className="col-lg-6">
        <h1 className="mb-3">{t("resetTitle")}</h1>
        {value ? (
          <>
            <p className="mb-4">{t("resetIntro")}</p>
            <ResetPasswordForm token={value} />
          </>
        ) : (
          <div className="alert alert-warning" role="alert">
            {t("resetMissing")} <Link href="/forgot-password">{t("askAgain")}</Link>
          </div>
        )}
      </div>
    </div>
  );
}
