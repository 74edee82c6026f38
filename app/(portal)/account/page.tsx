import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { emailVerifiedAt } from "@/lib/mail/accounts";
import { ChangePasswordForm } from "./_components/change-password-form";
import { EndSessionsButton } from "./_components/end-sessions-button";
import { ResendVerificationButton } from "./_components/resend-verification-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("accountTitle") };
}

export default async function AccountPage() {
  const actor = await requirePageActor("/account");
  const t = await getTranslations("auth");
  const tm = await getTranslations("mail");
  const tn = await getTranslations("notificationsUi.account");
  const verifiedAt = await emailVerifiedAt(await getDb(), actor.userId);
  return (
    <div className="row">
      <div className="col-lg-7">
        <h1 className="mb-3">{t("accountTitle")}</h1>
        <p className="mb-5">{t("accountIntro", { name: actor.name, email: actor.email })}</p>
        <section aria-labelledby="email-state" className="mb-5">
          <h2 id="email-state" className="h4">
            {tm("emailStateTitle")}
          </h2>
          {verifiedAt ? (
            <p className="text-break" data-testid="email-verified">{tm("emailVerified", { email: actor.email })}</p>
          ) : (
            <>
              <p className="text-break" data-testid="email-unverified">{tm("emailUnverified", { email: actor.email })}</p>
              <ResendVerificationButton email={actor.email} />
            </>
          )}
        </section>
        <section aria-labelledby="change-password" className="mb-5">
          <h2 id="change-password" className="h4">
            {t("changePasswordTitle")}
          </h2>
          <p>{t("changePasswordIntro")}</p>
          <ChangePasswordForm email={actor.email} />
        </section>
        <section aria-labelledby="notification-preferences" className="mb-5">
          <h2 id="notification-preferences" className="h4">
            {tn("title")}
          </h2>
          <p>{tn("intro")}</p>
          <Link href="/account/notifications" data-testid="notification-preferences-link">
            {tn("link")}
          </Link>
        </section>
        <section aria-labelledby="sessions">
          <h2 id="sessions" className="h4">
            {t("endSessionsTitle")}
          </h2>
          <p>{t("endSessionsIntro")}</p>
          <EndSessionsButton />
        </section>
      </div>
    </div>
  );
}
