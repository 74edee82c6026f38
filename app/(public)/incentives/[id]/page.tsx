import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { getProgramme, listMyOrganisationsForRadar, mayEditProgramme } from "@/lib/incentives/programmes";
import { programmeWindow } from "@/lib/incentives/radar";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";
import { intensitySummary, provinceName, regionName, WindowBadge } from "../_components/programme-bits";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await getProgramme(await getDb(), (await params).id);
  return { title: found?.programme.name ?? (await getTranslations("incentives"))("title") };
}

/** One programme of the catalogue: who may apply, how much, until when, and the official text. */
export default async function ProgrammePage({ params }: Props) {
  const { id } = await params;
  const db = await getDb();
  const found = await getProgramme(db, id);
  if (!found) notFound();
  const p = found.programme;
  const actor = await getCurrentActor();
  const [mayEdit, mine] = await Promise.all([mayEditProgramme(db, actor, p), listMyOrganisationsForRadar(db, actor)]);
  const t = await getTranslations("incentives");
  const tk = await getTranslations("organisations.kinds");
  const tt = await getTranslations("calls.themes");
  const locale = await getLocale();
  const window = programmeWindow(p, now());
  const anyone = t("anyone");
  const rows: [string, string][] = [
    [t("fields.authority"), p.authority],
    [t("fields.level"), t(`levels.${p.level}`)],
    ...(p.fund ? [[t("fields.fund"), p.fund] as [string, string]] : []),
    [t("fields.aidRegime"), `${t(`regimes.${p.aidRegime}`)}${p.aidRegime === "gber" && p.gberArticle ? ` ${t("gberArticle", { article: p.gberArticle })}` : ""}`],
    [t("fields.procedure"), t(`procedures.${p.procedure}`)],
    [t("fields.intensities"), await intensitySummary(p)],
    [t("fields.eligibleCost"), eligibleText()],
    [t("maxAidFact"), p.maxAidCents > 0 ? formatCents(p.maxAidCents, locale) : t("noMaximum")],
    [t("fields.applicantKinds"), p.applicantKinds.length ? p.applicantKinds.map((k) => tk(k as "firm")).join(", ") : anyone],
    [t("fields.atecoSections"), p.atecoSections.length ? p.atecoSections.join(", ") : anyone],
    [t("fields.territory"), territoryText()],
    [t("fields.solutionTypes"), p.solutionTypes.length ? p.solutionTypes.map((s) => tt(s as "erp")).join(", ") : anyone],
    [t("fields.opensAt"), p.opensAt ? formatRome(p.opensAt, locale) : t("alreadyOpen")],
    [t("fields.closesAt"), p.closesAt ? formatRome(p.closesAt, locale) : t("untilFundsRunOut")],
    ...(p.fundsExhaustedAt ? [[t("fields.fundsExhaustedAt"), formatRome(p.fundsExhaustedAt, locale)] as [string, string]] : []),
  ];

  function eligibleText(): string {
    const min = formatCents(p.minEligibleCents, locale);
    if (p.maxEligibleCents > 0) return t("eligibleBetween", { min, max: formatCents(p.maxEligibleCents, locale) });
    return p.minEligibleCents > 0 ? t("eligibleFrom", { min }) : t("noMaximum");
  }
  function territoryText(): string {
    const parts = [...p.regions.map(regionName), ...p.provinces.map((c) => t("provinceOf", { name: provinceName(c) }))];
    return parts.length ? parts.join(", ") : t("allItaly");
  }

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-3">
        <Link href="/incentives">{t("backToCatalogue")}</Link>
      </nav>
      <div className="mb-2 d-flex flex-wrap gap-2">
        <WindowBadge window={window} />
        {found.coalitionName && <span className="badge bg-light text-dark border">{t("ofCoalition", { name: found.coalitionName })}</span>}
      </div>
      <h1 className="mb-3" data-testid="programme-name">
        {p.name}
      </h1>
      {p.description && <p className="lead">{p.description}</p>}
      <dl className="row" data-testid="programme-facts">
        {rows.map(([label, value]) => (
          <div key={label} className="col-12 row mx-0 px-0">
            <dt className="col-sm-4">{label}</dt>
            <dd className="col-sm-8">{value}</dd>
          </div>
        ))}
      </dl>
      {p.officialUrl && (
        <p>
          <a href={p.officialUrl} rel="noopener noreferrer external" target="_blank" data-testid="official-url">
            {t("officialText")} <span className="visually-hidden">{t("opensNewWindow")}</span>
          </a>
        </p>
      )}
      {(mine.length > 0 || mayEdit) && (
        <div className="d-flex flex-wrap gap-2 mt-4">
          {mine.map((o) => (
            <Link key={o.id} className="btn btn-outline-primary" href={`/organisations/${o.id}/radar`}>
              {t("checkFit", { name: o.legalName })}
            </Link>
          ))}
          {mine.some((o) => o.represents) && (window === "open" || window === "upcoming") && (
            <Link className="btn btn-primary" href={`/funding/applications/new?programme=${p.id}`} data-testid="apply-link">
              {t("apply")}
            </Link>
          )}
          {mayEdit && (
            <Link className="btn btn-outline-primary" href={`/incentives/manage/${p.id}`} data-testid="edit-programme">
              {t("manage.edit")}
            </Link>
          )}
        </div>
      )}
    </>
  );
}
