import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { formatPercent, reasonText, WindowBadge } from "@/app/(public)/incentives/_components/programme-bits";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { firstValues } from "@/lib/calls/browse-params";
import { AppError } from "@/lib/errors";
import { getOrganisationRadar, type OrganisationRadar } from "@/lib/incentives/programmes";
import { centsToInput, formatCents, MAX_AMOUNT_CENTS, parseEuroToCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("incentives.radar"))("title") };
}

/** ?cost= a project cost typed (euro), or ?proposal= one of its proposals (its own part of the cost). */
const radarParams = z.object({
  cost: z.string().trim().max(30).optional().catch(undefined),
  proposal: z.uuid().optional().catch(undefined),
});

type Entry = OrganisationRadar["entries"][number];

/** The incentive radar of an organisation: the programmes that fit it first, then those that almost do, with why not. */
export default async function RadarPage({ params, searchParams }: Props) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const actor = await requirePageActor(`/organisations/${id}/radar`);
  const query = radarParams.parse(firstValues(await searchParams));
  const db = await getDb();
  const t = await getTranslations("incentives.radar");
  const ti = await getTranslations("incentives");
  const locale = await getLocale();

  // The cost: typed, or the organisation's part of the proposal chosen; bad text is ignored with a message.
  const typed = query.cost ? parseEuroToCents(query.cost) : null;
  const costInvalid = query.cost !== undefined && query.cost !== "" && (typed === null || typed <= 0 || typed > MAX_AMOUNT_CENTS);
  let radar: OrganisationRadar;
  let costCents: number | null = costInvalid ? null : typed;
  try {
    radar = await getOrganisationRadar(db, actor, id, costCents);
    const chosen = query.proposal ? radar.proposals.find((p) => p.id === query.proposal) : undefined;
    if (costCents === null && !costInvalid && chosen && chosen.ownCostCents > 0) {
      costCents = chosen.ownCostCents;
      radar = await getOrganisationRadar(db, actor, id, costCents);
    }
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const proposalId = query.proposal && radar.proposals.some((p) => p.id === query.proposal) ? query.proposal : undefined;
  const fits = radar.entries.filter((e) => e.verdict === "fits");
  const near = radar.entries.filter((e) => e.verdict === "near");
  const others = radar.entries.filter((e) => e.verdict === "no");

  const entry = async (e: Entry) => {
    const p = e.programme;
    const reasons = await Promise.all(e.reasons.map(reasonText));
    const applyHref = `/funding/applications/new?programme=${p.id}${proposalId ? `&proposal=${proposalId}` : ""}`;
    return (
      <li key={p.id} className="col-12 col-lg-6" data-testid="radar-entry" data-verdict={e.verdict}>
        <article className="card card-bg h-100" aria-labelledby={`radar-${p.id}`}>
          <div className="card-body">
            <div className="mb-2">
              <WindowBadge window={e.window} />
            </div>
            <h3 id={`radar-${p.id}`} className="h5 card-title">
              <Link href={`/incentives/${p.id}`}>{p.name}</Link>
            </h3>
            <p className="small mb-1">{p.authority}</p>
            {e.window === "open" && <p className="small mb-1 fw-semibold">{p.closesAt ? ti("closesOn", { date: formatRomeIn(p.closesAt, locale, "il") }) : ti("untilFundsRunOut")}</p>}
            {e.window === "upcoming" && p.opensAt && <p className="small mb-1 fw-semibold">{ti("opensOn", { date: formatRomeIn(p.opensAt, locale, "il") })}</p>}
            {e.intensityBp > 0 && <p className="small mb-1">{t("intensity", { percent: formatPercent(e.intensityBp, locale) })}</p>}
            {e.maxAidCents !== null && e.verdict === "fits" && (
              <p className="mb-1" data-testid="radar-max-aid">
                {t("maxAid", { amount: formatCents(e.maxAidCents, locale) })}
              </p>
            )}
            {reasons.length > 0 && (
              <ul className="small mb-1 ps-3" data-testid="radar-reasons">
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
            {radar.represents && e.verdict === "fits" && (
              <Link className="btn btn-primary btn-sm mt-2" href={applyHref} data-testid="radar-apply">
                {t("apply")}
              </Link>
            )}
          </div>
        </article>
      </li>
    );
  };

  return (
    <>
      <nav aria-label={ti("breadcrumb")} className="mb-3">
        <Link href={`/organisations/${id}`}>{radar.organisation.legalName}</Link>
      </nav>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro", { name: radar.organisation.legalName })}</p>

      <form method="get" className="row g-3 align-items-end mb-4" data-testid="radar-cost">
        <div className="col-12 col-md-5">
          <div className="form-group mb-0">
            <label htmlFor="radar-cost-input" className="active">
              {t("cost")}
            </label>
            <input
              id="radar-cost-input"
              name="cost"
              type="text"
              inputMode="decimal"
              className={`form-control${costInvalid ? " is-invalid" : ""}`}
              defaultValue={query.cost || (costCents !== null ? centsToInput(costCents) : "")}
              maxLength={30}
              aria-describedby="radar-cost-hint"
              aria-invalid={costInvalid || undefined}
            />
            <small id="radar-cost-hint" className="form-text">
              {costInvalid ? <span className="text-danger">{t("costInvalid")}</span> : t("costHint")}
            </small>
          </div>
        </div>
        {radar.proposals.length > 0 && (
          <div className="col-12 col-md-5">
            <div className="select-wrapper">
              <label htmlFor="radar-proposal">{t("fromProposal")}</label>
              <select id="radar-proposal" name="proposal" defaultValue={proposalId ?? ""}>
                <option value="">{t("noProposal")}</option>
                {radar.proposals.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title} ({formatCents(p.ownCostCents, locale)})
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <div className="col-12 col-md-2">
          <button type="submit" className="btn btn-primary w-100">
            {t("compute")}
          </button>
        </div>
      </form>

      <section aria-labelledby="radar-fits" className="mb-5">
        <h2 id="radar-fits" className="h3">
          {t("fitsTitle", { count: fits.length })}
        </h2>
        {fits.length === 0 ? <p>{t("noneFits")}</p> : <ul className="row g-3 list-unstyled" data-testid="radar-fits">{await Promise.all(fits.map(entry))}</ul>}
      </section>
      {near.length > 0 && (
        <section aria-labelledby="radar-near" className="mb-5">
          <h2 id="radar-near" className="h3">
            {t("nearTitle", { count: near.length })}
          </h2>
          <p>{t("nearIntro")}</p>
          <ul className="row g-3 list-unstyled" data-testid="radar-near">
            {await Promise.all(near.map(entry))}
          </ul>
        </section>
      )}
      {others.length > 0 && (
        <details className="mb-4">
          <summary>{t("othersTitle", { count: others.length })}</summary>
          <ul className="row g-3 list-unstyled mt-2" data-testid="radar-others">
            {await Promise.all(others.map(entry))}
          </ul>
        </details>
      )}
      <p>
        <Link href="/incentives">{t("wholeCatalogue")}</Link>
      </p>
    </>
  );
}
