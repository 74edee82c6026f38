import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import type { ApplicationStatus, GrantStatus } from "@/db/schema";
import { requirePageActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { fundingRowStatuses, getCoalitionFunding, parseCoalitionFundingFilters, type CoalitionFundingFilters } from "@/lib/incentives/coalition-funding";
import { formatCents } from "@/lib/money";
import { ApplicationStatusBadge } from "../../../funding/_components/application-status-badge";
import { formatDay } from "../../../funding/_components/format";
import { GrantStatusBadge } from "../../../funding/_components/grant-status-badge";
import { MoneyTotals } from "@/app/(portal)/funding/_components/money-totals";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("fundingDashboards"))("coalitionTitle") };
}

/** Query string of the filters (and page), without empty values. */
function queryOf(filters: Partial<CoalitionFundingFilters>): string {
  const q = new URLSearchParams();
  if (filters.programme) q.set("programme", filters.programme);
  if (filters.status) q.set("status", filters.status);
  if (filters.organisationId) q.set("firm", filters.organisationId);
  if (filters.page && filters.page > 1) q.set("page", String(filters.page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The promoter's view: every grant and application of the coalition's projects, filtered, with totals and the CSV. */
export default async function CoalitionFundingPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const actor = await requirePageActor(`/coalitions/${slug}/funding`);
  const filters = parseCoalitionFundingFilters(await searchParams);
  const db = await getDb();
  let view;
  try {
    view = await getCoalitionFunding(db, actor, slug, filters);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const t = await getTranslations("fundingDashboards");
  const tf = await getTranslations("funding");
  const ts = await getTranslations("site");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const { coalition, totals, rows } = view;
  const path = `/coalitions/${coalition.slug}/funding`;
  const csvFilters = { programme: filters.programme, status: filters.status, organisationId: filters.organisationId };
  const statusLabel = (s: string) => (s in { in_progress: 1, reported: 1 } ? t(`grantStatuses.${s as GrantStatus}`) : tf(`statuses.${s as ApplicationStatus}`));

  return (
    <>
      <Breadcrumb trail={[{ href: `/coalitions/${coalition.slug}`, label: coalition.name }]} current={t("coalitionTitle")} />
      <h1 className="mb-2">{t("coalitionTitle")}</h1>
      <p className="lead mb-4">{t("coalitionLead")}</p>

      <section aria-labelledby="coalition-funding-totals" className="mb-4">
        <h2 id="coalition-funding-totals" className="h4">
          {t("totalsTitle")}
        </h2>
        <div className="row g-3 mb-1" data-testid="coalition-funding-totals">
          <MoneyTotals totals={totals} labels={{ requested: t("totalRequested"), granted: t("totalGranted"), paid: t("totalPaid") }} locale={locale} testIdPrefix="coalition-total-" />
        </div>
        <p className="form-hint" data-testid="coalition-funding-counts">
          {t("counts", { grants: totals.grants, applications: totals.applications, late: totals.late })} {t("totalsNote")}
        </p>
      </section>

      <div className="d-flex flex-wrap gap-3 align-items-end justify-content-between mb-3">
        <form method="get" action={path} className="d-flex flex-wrap gap-3 align-items-end" aria-label={t("filterLabel")}>
          <div className="select-wrapper">
            <label htmlFor="filter-programme">{t("programme")}</label>
            <select id="filter-programme" name="programme" defaultValue={filters.programme ?? ""}>
              <option value="">{t("allProgrammes")}</option>
              <option value="pact">{t("pact")}</option>
              {view.programmes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="select-wrapper">
            <label htmlFor="filter-status">{t("status")}</label>
            <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("allStatuses")}</option>
              {fundingRowStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="select-wrapper">
            <label htmlFor="filter-firm">{t("firm")}</label>
            <select id="filter-firm" name="firm" defaultValue={filters.organisationId ?? ""}>
              <option value="">{t("allFirms")}</option>
              {view.firms.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-outline-primary" data-testid="coalition-funding-filter">
            {t("filter")}
          </button>
        </form>
        <a href={`/api/coalitions/${coalition.slug}/funding.csv${queryOf(csvFilters)}`} className="btn btn-primary" download data-testid="coalition-funding-csv">
          {t("downloadCsv")}
        </a>
      </div>

      {rows.length === 0 ? (
        <p data-testid="coalition-funding-empty">{t("empty")}</p>
      ) : (
        <>
          <p className="table-scroll-hint mb-1" aria-hidden="true">
            {ts("tableScrollHint")}
          </p>
          <div className="table-responsive" role="region" aria-labelledby="coalition-funding-caption" tabIndex={0}>
            <table className="table table-sm align-middle" data-testid="coalition-funding-table">
              <caption id="coalition-funding-caption" className="visually-hidden">
                {t("coalitionTitle")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("colTitle")}</th>
                  <th scope="col">{t("colProgramme")}</th>
                  <th scope="col">{t("colFirm")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col" className="text-end">
                    {t("totalRequested")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("totalGranted")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("totalPaid")}
                  </th>
                  <th scope="col">{t("colFinalReport")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.kind}-${r.id}`} data-testid="coalition-funding-row" data-kind={r.kind}>
                    <td>
                      {r.kind === "grant" ? <Link href={`/grants/${r.id}`}>{r.title}</Link> : r.title}
                      {r.reference && <div className="small text-muted">{r.reference}</div>}
                    </td>
                    <td>{r.kind === "grant" ? t("pact") : r.programmeName}</td>
                    <td>{r.organisationName}</td>
                    <td>
                      {r.kind === "grant" ? <GrantStatusBadge status={r.status as GrantStatus} isLate={r.isLate} /> : <ApplicationStatusBadge status={r.status as ApplicationStatus} />}
                    </td>
                    <td className="text-end text-nowrap">{money(r.requestedCents)}</td>
                    <td className="text-end text-nowrap">{r.grantedCents === null ? "—" : money(r.grantedCents)}</td>
                    <td className="text-end text-nowrap">{money(r.paidCents)}</td>
                    <td className="text-nowrap">
                      {r.finalReportDueOn ? formatDay(r.finalReportDueOn, locale) : "—"}
                      {r.isLate && r.kind === "application" && <span className="badge bg-danger ms-1">{t("late")}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(view.hasPrevious || view.hasNext) && (
            <nav className="pagination-wrapper mt-4" aria-label={t("paginationLabel")} data-testid="pagination">
              <ul className="pagination flex-wrap">
                {view.hasPrevious && (
                  <li className="page-item">
                    <Link className="page-link" href={`${path}${queryOf({ ...filters, page: filters.page - 1 })}`} rel="prev">
                      {t("previousPage")}
                    </Link>
                  </li>
                )}
                <li className="page-item">
                  <span className="page-link" aria-current="page">
                    {t("pageNumber", { page: filters.page })}
                  </span>
                </li>
                {view.hasNext && (
                  <li className="page-item">
                    <Link className="page-link" href={`${path}${queryOf({ ...filters, page: filters.page + 1 })}`} rel="next">
                      {t("nextPage")}
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </>
      )}
    </>
  );
}
