import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/lib/auth/session";
import { EndUserSessionsForm } from "./_components/end-user-sessions-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("sessionsTitle") };
}

export default async function EndUserSessionsPage() {
  const actor = await requirePageActor("/admin/sessions");
  if (!actor.isPlatformAdmin) notFound();
  const t = await getTranslations("admin");
  return (
    <div className="row">
      <div className="col-lg-7">
        <h1 className="mb-3">{t("sessionsTitle")}</h1>
        <p>{t("sessionsIntro")}</p>
        <EndUserSessionsForm />
      </div>
    </div>
  );
}
