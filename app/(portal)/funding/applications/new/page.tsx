import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { createApplicationAction } from "@/lib/incentives/actions";
import { getProgramme } from "@/lib/incentives/programmes";
import { listRepresentedOrganisations } from "@/lib/incentives/queries";
import { getProposalForViewer } from "@/lib/proposals/queries";
import { NewApplicationForm } from "./_components/new-application-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("funding.new"))("title") };
}

const uuid = z.uuid();

/** A new application to a programme, reached from the catalogue or the radar (?programme=…&proposal=…&org=…). */
export default async function NewApplicationPage({ searchParams }: { searchParams: Promise<{ programme?: string; proposal?: string; org?: string }> }) {
  const { programme: programmeId, proposal: proposalId, org } = await searchParams;
  const query = new URLSearchParams(Object.entries({ programme: programmeId, proposal: proposalId, org }).filter((e): e is [string, string] => typeof e[1] === "string"));
  const actor = await requirePageActor(`/funding/applications/new?${query}`);
  const db = await getDb();
  const t = await getTranslations("funding");
  await getLocale();
  const found = programmeId && uuid.safeParse(programmeId).success ? await getProgramme(db, programmeId) : null;
  const organisations = await listRepresentedOrganisations(db, actor);
  const proposal = proposalId && uuid.safeParse(proposalId).success ? ((await getProposalForViewer(db, actor, proposalId))?.proposal ?? null) : null;

  const header = (
    <>
      <Breadcrumb trail={[{ href: "/funding", label: t("title") }]} current={t("new.title")} />
      <h1 className="mb-3">{t("new.title")}</h1>
    </>
  );
  if (!found) {
    return (
      <>
        {header}
        <p data-testid="programme-missing">
          {t("new.programmeMissing")} <Link href="/incentives">{t("catalogue")}</Link>
        </p>
      </>
    );
  }
  if (organisations.length === 0) {
    return (
      <>
        {header}
        <p>{t("noOrganisation")}</p>
      </>
    );
  }
  const p = found.programme;
  // The organisation named in the link first (the one whose radar led here).
  const applicants = [...organisations].sort((a, b) => Number(b.id === org) - Number(a.id === org));
  return (
    <>
      {header}
      <p className="mb-1" data-testid="new-programme">
        {t("new.forProgramme", { name: p.name })} · <Link href={`/incentives/${p.id}`}>{p.authority}</Link>
      </p>
      {proposal && <p className="mb-1">{t("new.forProposal", { title: proposal.title })}</p>}
      {p.aidRegime === "de_minimis" && <p className="mb-3 form-hint">{t("new.deMinimisNote")}</p>}
      <div className="mt-4">
        <NewApplicationForm
          programmeId={p.id}
          proposalId={proposal ? proposalId! : null}
          defaultTitle={proposal?.title ?? p.name}
          applicants={applicants.map((o) => ({ id: o.id, legalName: o.legalName, sizeClass: o.sizeClass }))}
          limits={p}
          create={createApplicationAction}
        />
      </div>
    </>
  );
}
