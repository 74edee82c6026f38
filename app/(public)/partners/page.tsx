import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { RequestToJoinForm } from "@/app/(portal)/calls/[callId]/partners/_components/request-to-join-form";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, filterQuery, firstValues, partnerBrowseParamsSchema } from "@/lib/calls/browse-params";
import { callThemes } from "@/lib/calls/schemas";
import { organisationKinds } from "@/lib/organisations/schemas";
import { listProposalsSeekingPartners, listViewerPartnerCoalitions } from "@/lib/proposals/browse-across-calls";
import { livePartnerStatuses } from "@/lib/proposals/partnerships";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("find.partners"))("title") };
}

/** Draft proposals seeking partners across every call the viewer's organisations take part in. */
export default async function SeekingPartnersPage({ searchParams }: Props) {
  const params = partnerBrowseParamsSchema.parse(firstValues(await searchParams));
  const actor = await getCurrentActor();
  const t = await getTranslations("find.partners");
  const tf = await getTranslations("find.calls");
  const tb = await getTranslations("partnerships.browse");
  const tc = await getTranslations("calls");
  const tk = await getTranslations("organisations.kinds");
  const ts = await getTranslations("partnerships.statuses");

  if (!actor) {
    return (
      <>
        <h1 className="mb-2">{t("title")}</h1>
        <p className="lead">{t("intro")}</p>
        <div className="alert alert-info" data-testid="partners-sign-in">
          <p className="mb-2">{t("signIn")}</p>
          <Link className="btn btn-primary" href={`/sign-in?callbackUrl=${encodeURIComponent("/partners")}`}>
            {t("signInLink")}
          </Link>
        </div>
      </>
    );
  }

  const db = await getDb();
  const [{ cards, total, next, previous }, coalitions] = await Promise.all([listProposalsSeekingPartners(db, actor, params), listViewerPartnerCoalitions(db, actor)]);
  const { after, before, ...filters } = params;
  const query = filterQuery({ ...filters, size: filters.size === DEFAULT_PAGE_SIZE ? undefined : filters.size });
  const theme = (v: string) => tc(`themes.${v}` as "themes.erp");
  const sector = (v: string) => tc(`sectors.${v}` as "sectors.industry");

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>

      <form method="get" action="/partners" role="search" aria-label={t("searchLabel")} className="row g-3 align-items-end mb-4" data-testid="partner-filters">
        <div className="col-12 col-lg-4">
          <div className="form-group mb-0">
            <label htmlFor="partners-q" className="active">
              {t("q")}
            </label>
            <input id="partners-q" name="q" type="search" className="form-control" defaultValue={params.q ?? ""} maxLength={200} aria-describedby="partners-q-hint" />
            <small id="partners-q-hint" className="form-text">
              {t("qHint")}
            </small>
          </div>
        </div>
        <div className="col-12 col-sm-4 col-lg-2">
          <div className="select-wrapper">
            <label htmlFor="partners-coalition">{tf("coalition")}</label>
            <select id="partners-coalition" name="coalition" defaultValue={params.coalition ?? ""}>
              <option value="">{tf("any")}</option>
              {coalitions.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-sm-4 col-lg-3">
          <div className="select-wrapper">
            <label htmlFor="partners-theme">{t("theme")}</label>
            <select id="partners-theme" name="theme" defaultValue={params.theme ?? ""}>
              <option value="">{tf("any")}</option>
              {callThemes.map((v) => (
                <option key={v} value={v}>
                  {theme(v)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-sm-4 col-lg-3">
          <div className="select-wrapper">
            <label htmlFor="partners-kind">{t("kind")}</label>
            <select id="partners-kind" name="kind" defaultValue={params.kind ?? ""}>
              <option value="">{tf("any")}</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k}>
                  {tk(k)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 d-flex gap-2">
          <button type="submit" className="btn btn-primary">
            {tf("search")}
          </button>
          <Link href="/partners" className="btn btn-outline-primary">
            {tf("clear")}
          </Link>
        </div>
      </form>

      <p role="status" className="fw-semibold" data-testid="partners-count">
        {t("count", { count: total })}
      </p>
      {cards.length === 0 && <p>{t("empty")}</p>}

      <ul className="row g-4 list-unstyled" data-testid="partner-search-results">
        {cards.map((c) => {
          const mine = c.myStatuses.filter((s) => livePartnerStatuses.includes(s.status) || s.isLead);
          const taken = new Set(mine.map((s) => s.organisationId));
          const canAsk = c.organisations.filter((o) => !taken.has(o.id));
          const orgName = (id: string) => c.organisations.find((o) => o.id === id)?.legalName ?? "";
          return (
            <li key={c.id} className="col-12 col-lg-6">
              <article className="card card-bg h-100" data-testid="partner-search-card" aria-labelledby={`card-${c.id}`}>
                <div className="card-body">
                  <h2 id={`card-${c.id}`} className="h4 card-title">
                    {c.title}
                  </h2>
                  <p className="mb-1">{tb("leadBy", { name: c.leadName })}</p>
                  <p className="small mb-2">
                    <Link href={`/coalitions/${c.coalitionSlug}/calls/${c.callId}`}>{t("call", { title: c.callTitle })}</Link> · {c.coalitionName}
                  </p>
                  {c.summary && <p>{c.summary}</p>}
                  <dl className="row small mb-3">
                    <dt className="col-sm-5">{tb("solutionType")}</dt>
                    <dd className="col-sm-7">{c.solutionType ? theme(c.solutionType) : "—"}</dd>
                    <dt className="col-sm-5">{tb("sectors")}</dt>
                    <dd className="col-sm-7">{c.sectors.map(sector).join(", ") || "—"}</dd>
                    <dt className="col-sm-5">{tb("lookingFor")}</dt>
                    <dd className="col-sm-7" data-testid="looking-for">
                      {c.lookingForKinds.map((k) => tk(k as "firm")).join(", ")}
                    </dd>
                    <dt className="col-sm-5">{tb("partners")}</dt>
                    <dd className="col-sm-7">{tb("partnersCount", { count: c.acceptedPartners })}</dd>
                  </dl>
                  {mine.map((s) => (
                    <p key={s.organisationId} className="small fw-semibold" data-testid="my-partner-status">
                      {s.isLead ? tb("youLead", { name: orgName(s.organisationId) }) : tb("yourStatus", { name: orgName(s.organisationId), status: ts(s.status) })}
                    </p>
                  ))}
                  {canAsk.length > 0 && <RequestToJoinForm proposalId={c.id} title={c.title} organisations={canAsk} />}
                </div>
              </article>
            </li>
          );
        })}
      </ul>
      <KeysetPagination path="/partners" query={query} previous={previous} next={next} hasCursor={Boolean(after ?? before)} />
    </>
  );
}
