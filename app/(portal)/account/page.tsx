import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/lib/auth/session";
import { ChangePasswordForm } from "./_components/change-password-form";
import { EndSessionsButton } from "./_components/end-sessions-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("accountTitle") };
}

export default async function AccountPage() {
  const actor = await requirePageActor("/account");
  const t = await getTranslations("auth");
  return (
    <div className="row">
      <div className="col-lg-7">
        <h1 className="mb-3">{t("accountTitle")}</h1>
        <p className="mb-5">{t("accountIntro", { name: actor.name, email: actor.email })}</p>
        <section aria-labelledby="change-password" className="mb-5">
          <h2 id="change-password" className="h4">
            {t("changePasswordTitle")}
          </h2>
          <p>{t("changePasswordIntro")}</p>
          <ChangePasswordForm email={actor.email} />
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
