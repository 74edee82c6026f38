import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { coalitionsCataloguedBy } from "@/lib/incentives/programmes";
import { emptyProgramme, programmeFormOptions } from "../_components/form-options";
import { ProgrammeForm } from "../_components/programme-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("incentives.manage"))("new") };
}

export default async function NewProgrammePage() {
  const actor = await requirePageActor("/incentives/manage/new");
  const db = await getDb();
  const t = await getTranslations("incentives.manage");
  const coalitions = await coalitionsCataloguedBy(db, actor);
  const catalogues = [...(actor.isPlatformAdmin ? [{ value: "", label: t("global") }] : []), ...coalitions.map((c) => ({ value: c.id, label: c.name }))];
  if (catalogues.length === 0) notFound();
  return (
    <>
      <nav aria-label={t("title")} className="mb-3">
        <Link href="/incentives/manage">{t("title")}</Link>
      </nav>
      <h1 className="mb-4">{t("new")}</h1>
      <ProgrammeForm options={await programmeFormOptions(catalogues)} initial={emptyProgramme} />
    </>
  );
}
