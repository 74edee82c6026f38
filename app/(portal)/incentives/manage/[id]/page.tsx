import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getProgramme, mayEditProgramme } from "@/lib/incentives/programmes";
import type { ProgrammeFieldsInput } from "@/lib/incentives/programme-schemas";
import { centsToInput } from "@/lib/money";
import { utcToRomeLocal } from "@/lib/time";
import { programmeFormOptions } from "../_components/form-options";
import { ProgrammeForm } from "../_components/programme-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("incentives.manage"))("edit") };
}

const percent = (bp: number) => (bp === 0 ? "" : (bp / 100).toString().replace(".", ","));
const euro = (cents: number) => (cents === 0 ? "" : centsToInput(cents));

/** Editing one entry: only those who keep its catalogue (others: not found). */
export default async function EditProgrammePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/incentives/manage/${id}`);
  const db = await getDb();
  const found = await getProgramme(db, id);
  if (!found || !(await mayEditProgramme(db, actor, found.programme))) notFound();
  const p = found.programme;
  const t = await getTranslations("incentives.manage");
  const initial: ProgrammeFieldsInput = {
    name: p.name,
    description: p.description,
    authority: p.authority,
    level: p.level,
    fund: p.fund,
    aidRegime: p.aidRegime,
    gberArticle: p.gberArticle ?? "",
    procedure: p.procedure,
    maxIntensityMicro: percent(p.maxIntensityMicroBp),
    maxIntensitySmall: percent(p.maxIntensitySmallBp),
    maxIntensityMedium: percent(p.maxIntensityMediumBp),
    maxIntensityLarge: percent(p.maxIntensityLargeBp),
    maxIntensityOther: percent(p.maxIntensityOtherBp),
    minEligible: euro(p.minEligibleCents),
    maxEligible: euro(p.maxEligibleCents),
    maxAid: euro(p.maxAidCents),
    applicantKinds: p.applicantKinds as ProgrammeFieldsInput["applicantKinds"],
    atecoSections: p.atecoSections as ProgrammeFieldsInput["atecoSections"],
    regions: p.regions,
    provinces: p.provinces,
    solutionTypes: p.solutionTypes as ProgrammeFieldsInput["solutionTypes"],
    opensAt: p.opensAt ? utcToRomeLocal(p.opensAt) : "",
    closesAt: p.closesAt ? utcToRomeLocal(p.closesAt) : "",
    fundsExhausted: p.fundsExhaustedAt !== null,
    officialUrl: p.officialUrl,
  };
  return (
    <>
      <nav aria-label={t("title")} className="mb-3">
        <Link href="/incentives/manage">{t("title")}</Link>
      </nav>
      <h1 className="mb-4">{t("editTitle", { name: p.name })}</h1>
      <ProgrammeForm options={await programmeFormOptions([])} initial={initial} programmeId={p.id} />
    </>
  );
}
