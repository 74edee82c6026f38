import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { listPossiblePromoters } from "@/lib/coalitions/queries";
import { CoalitionForm } from "./_components/coalition-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("coalitions"))("newTitle") };
}

export default async function NewCoalitionPage() {
  const actor = await requirePageActor("/coalitions/new");
  const t = await getTranslations("coalitions");
  const promoters = await listPossiblePromoters(await getDb(), actor);
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">{t("newTitle")}</h1>
        {promoters.length === 0 ? <div className="alert alert-info">{t("needPublicBody")}</div> : <CoalitionForm promoters={promoters} />}
      </div>
    </div>
  );
}
