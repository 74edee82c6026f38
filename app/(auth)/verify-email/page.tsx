import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { VerifyEmailButton } from "./_components/verify-email-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("mail"))("verifyTitle"), referrer: "no-referrer" };
}

/**
 * Opened from the verification e-mail. Opening the page changes nothing (mail scanners
 * open links too): the person confirms with the button.
 */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const t = await getTranslations("mail");
  const { token } = await searchParams;
  return (
    <div className="row justify-content-center">
      <div className="col-lg-6">
        <h1 className="mb-3">{t("verifyTitle")}</h1>
        <p className="mb-4">{t("verifyIntro")}</p>
        <VerifyEmailButton token={typeof token === "string" ? token : ""} />
      </div>
    </div>
  );
}
