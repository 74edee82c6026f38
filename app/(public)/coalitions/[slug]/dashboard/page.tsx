import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { BarChart, CHART_COLOURS } from "@/components/charts/bar-chart";
import { getDb } from "@/db/client";
import { now } from "@/lib/clock";
import { cachedDashboardFigures } from "@/lib/dashboard/cache";
import { callsByPhase, type MoneyFigures } from "@/lib/dashboard/queries";
import { formatCents } from "@/lib/money";
import type { DatasetName } from "@/lib/opendata/datasets";
import { datasetPath, findPublicCoalition } from "@/lib/opendata/stream";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const coalition = await findPublicCoalition(await getDb(), (await params).slug);
  if (!coalition) return { title: "404" };
  return { title: (await getTranslations("dashboard"))("metaTitle", { coalition: coalition.name }) };
}

/** A section of the page: its heading, an optional CSV download of the same data, then its body. */
async function Section({ id, title, dataset, slug, children }: { id: string; title: string; dataset?: DatasetName; slug: string; children: ReactNode }) {
  const [t, to] = await Promise.all([getTranslations("dashboard"), getTranslations("openData")]);
  return (
    <section aria-labelledby={id} className="mt-5" data-testid={id}>
      <div className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-2">
        <h2 id={id} className="h3 mb-0">
          {title}
        </h2>
        {dataset && (
          <a className="btn btn-outline-primary btn-sm" href={datasetPath(slug, dataset, "csv")} download data-testid={`${id}-csv`}>
            {t("download", { dataset: to(`names.${dataset}`) })}
          </a>
        )}
      </div>
      {children}
    </section>
  );
}

/**
 * A coalition's public dashboard (issue 12, item 5): anyone, no sign-in, no JavaScript needed.
 * Members by kind, calls by phase, funded projects, and the public money the projects brought
 * in by programme and by year, each chart drawn on the server with its numbers in a table
 * beside it. The figures are SQL aggregates (lib/dashboard/queries.ts), cached per coalition
 * until a decision changes them; the calls' phases follow the clock and are read each time.
 */
export default async function CoalitionDashboardPage({ params }: Props) {
  const db = await getDb();
  const coalition = await findPublicCoalition(db, (await params).slug);
  if (!coalition) notFound();
  const [figures, calls, t, tc, tk, tp, locale] = await Promise.all([
    cachedDashboardFigures(coalition.id),
    callsByPhase(db, coalition.id, now()),
    getTranslations("dashboard"),
    getTranslations("coalitions"),
    getTranslations("organisations.kinds"),
    getTranslations("calls.phases"),
    getLocale(),
  ]);
  const { members, funded, money } = figures;
  const number = new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT");
  const count = (n: number) => number.format(n);
  const euro = (c: number) => formatCents(c, locale);
  const slug = coalition.slug;
  const phases = calls.rows.filter((r) => r.calls > 0);
  const programmeName = (p: { programme: string; name: string | null }) => (p.programme === "pact" ? t("money.pact") : (p.name ?? ""));
  const moneySeries = [
    { label: t("money.net"), colour: CHART_COLOURS[0] },
    { label: t("money.paid"), colour: CHART_COLOURS[1] },
  ];
  const moneySummary = (rows: { label: string; figures: MoneyFigures }[]) =>
    t("money.chartSummary", {
      net: euro(money.total.netCents),
      paid: euro(money.total.paidCents),
      list: rows.map((r) => t("money.item", { name: r.label, net: euro(r.figures.netCents), paid: euro(r.figures.paidCents) })).join("; "),
    });
  const byProgramme = money.byProgramme.map((r) => ({ label: programmeName(r), figures: r }));
  const byYear = money.byYear.map((r) => ({ label: String(r.year), figures: r }));

  const moneyTable = (key: "programme" | "year", rows: { label: string; figures: MoneyFigures }[], caption: string) => (
    <div className="table-responsive" role="region" aria-labelledby={`money-${key}-caption`} tabIndex={0}>
      <table className="table table-sm" data-testid={`money-${key}-table`}>
        <caption id={`money-${key}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`money.${key}`)}</th>
            <th scope="col" className="text-end">
              {t("money.grants")}
            </th>
            <th scope="col" className="text-end">
              {t("money.granted")}
            </th>
            <th scope="col" className="text-end">
              {t("money.revoked")}
            </th>
            <th scope="col" className="text-end">
              {t("money.net")}
            </th>
            <th scope="col" className="text-end">
              {t("money.paid")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-testid={`money-${key}-row`}>
              <th scope="row" className="text-break">
                {r.label}
              </th>
              <td className="text-end">{count(r.figures.grants)}</td>
              <td className="text-end text-nowrap">{euro(r.figures.grantedCents)}</td>
              <td className="text-end text-nowrap">{euro(r.figures.revokedCents)}</td>
              <td className="text-end text-nowrap" data-testid="net">
                {euro(r.figures.netCents)}
              </td>
              <td className="text-end text-nowrap" data-testid="paid">
                {euro(r.figures.paidCents)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid={`money-${key}-total`}>
            <th scope="row">{t("money.total")}</th>
            <td className="text-end">{count(money.total.grants)}</td>
            <td className="text-end text-nowrap">{euro(money.total.grantedCents)}</td>
            <td className="text-end text-nowrap">{euro(money.total.revokedCents)}</td>
            <td className="text-end text-nowrap fw-semibold" data-testid="net">
              {euro(money.total.netCents)}
            </td>
            <td className="text-end text-nowrap fw-semibold" data-testid="paid">
              {euro(money.total.paidCents)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
  /** One breakdown of the money: the chart, then the same numbers as a table. */
  const moneyBlock = (key: "programme" | "year", rows: { label: string; figures: MoneyFigures }[], title: string, caption: string) => (
    <div className="row g-4">
      <div className="col-12">
        <BarChart
          id={`chart-${key}`}
          testId={`chart-${key}`}
          title={title}
          summary={moneySummary(rows)}
          axisLabel={t("money.axis")}
          series={moneySeries}
          categories={rows.map((r) => ({ label: r.label, values: [r.figures.netCents, r.figures.paidCents] }))}
          format={euro}
        />
      </div>
      <div className="col-12">{moneyTable(key, rows, caption)}</div>
    </div>
  );

  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/coalitions", label: tc("listTitle") },
          { href: `/coalitions/${slug}`, label: coalition.name },
        ]}
        current={t("title")}
      />
      <h1 className="mb-2">
        {t("title")}
        <span className="d-block h4 mt-1 fw-normal">{coalition.name}</span>
      </h1>
      <p className="lead">{t("lead", { coalition: coalition.name })}</p>
      <p>
        <Link href={`/coalitions/${slug}/open-data`} data-testid="dashboard-open-data-link">
          {t("openDataLink")}
        </Link>
      </p>

      <section aria-labelledby="dashboard-summary" className="border rounded p-3">
        <h2 id="dashboard-summary" className="h5">
          {t("summary.title")}
        </h2>
        <dl className="row mb-0" data-testid="dashboard-summary">
          {(
            [
              ["members", count(members.total)],
              ["calls", count(calls.total)],
              ["funded", count(funded.count)],
              ["net", euro(money.total.netCents)],
              ["paid", euro(money.total.paidCents)],
            ] as const
          ).map(([key, value]) => (
            <div key={key} className="col-12 col-sm-6 col-lg mb-2">
              <dt className="small">{t(`summary.${key}`)}</dt>
              <dd className="h4 mb-0 text-nowrap" data-testid={`summary-${key}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <Section id="dashboard-members" title={t("members.title")} dataset="organisations" slug={slug}>
        {members.rows.length === 0 ? (
          <p>{t("noData")}</p>
        ) : (
          <div className="row g-4">
            <div className="col-lg-6">
              <BarChart
                id="chart-members"
                testId="chart-members"
                title={t("members.chartTitle")}
                summary={t("members.chartSummary", { total: members.total, list: members.rows.map((r) => `${tk(r.kind)} ${count(r.total)}`).join(", ") })}
                axisLabel={t("members.axis")}
                series={[{ label: t("members.series"), colour: CHART_COLOURS[0] }]}
                categories={members.rows.map((r) => ({ label: tk(r.kind), values: [r.total] }))}
                format={count}
              />
            </div>
            <div className="col-lg-6 table-responsive" role="region" aria-labelledby="members-caption" tabIndex={0}>
              <table className="table table-sm" data-testid="members-table">
                <caption id="members-caption">{t("members.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("members.kind")}</th>
                    <th scope="col" className="text-end">
                      {t("members.promoters")}
                    </th>
                    <th scope="col" className="text-end">
                      {t("members.members")}
                    </th>
                    <th scope="col" className="text-end">
                      {t("members.observers")}
                    </th>
                    <th scope="col" className="text-end">
                      {t("members.total")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {members.rows.map((r) => (
                    <tr key={r.kind}>
                      <th scope="row">{tk(r.kind)}</th>
                      <td className="text-end">{count(r.promoters)}</td>
                      <td className="text-end">{count(r.members)}</td>
                      <td className="text-end">{count(r.observers)}</td>
                      <td className="text-end">{count(r.total)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("members.total")}</th>
                    <td className="text-end">{count(members.rows.reduce((a, r) => a + r.promoters, 0))}</td>
                    <td className="text-end">{count(members.rows.reduce((a, r) => a + r.members, 0))}</td>
                    <td className="text-end">{count(members.rows.reduce((a, r) => a + r.observers, 0))}</td>
                    <td className="text-end fw-semibold" data-testid="members-total">
                      {count(members.total)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </div>
        )}
      </Section>

      <Section id="dashboard-calls" title={t("calls.title")} dataset="calls" slug={slug}>
        {phases.length === 0 ? (
          <p>{t("noData")}</p>
        ) : (
          <div className="row g-4">
            <div className="col-lg-6">
              <BarChart
                id="chart-calls"
                testId="chart-calls"
                title={t("calls.chartTitle")}
                summary={t("calls.chartSummary", { total: calls.total, list: phases.map((r) => `${tp(r.phase)} ${count(r.calls)}`).join(", ") })}
                axisLabel={t("calls.axis")}
                series={[{ label: t("calls.series"), colour: CHART_COLOURS[0] }]}
                categories={phases.map((r) => ({ label: tp(r.phase), values: [r.calls] }))}
                format={count}
              />
            </div>
            <div className="col-lg-6">
              <div className="table-responsive" role="region" aria-labelledby="calls-caption" tabIndex={0}>
              <table className="table table-sm" data-testid="calls-table">
                <caption id="calls-caption">{t("calls.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("calls.phase")}</th>
                    <th scope="col" className="text-end">
                      {t("calls.count")}
                    </th>
                    <th scope="col" className="text-end">
                      {t("calls.budget")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {phases.map((r) => (
                    <tr key={r.phase}>
                      <th scope="row">
                        <Link href={`/calls?coalition=${encodeURIComponent(slug)}&phase=${r.phase}`} aria-label={t("calls.browse", { phase: tp(r.phase) })}>
                          {tp(r.phase)}
                        </Link>
                      </th>
                      <td className="text-end">{count(r.calls)}</td>
                      <td className="text-end text-nowrap">{euro(r.budgetCents)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("calls.total")}</th>
                    <td className="text-end fw-semibold">{count(calls.total)}</td>
                    <td className="text-end text-nowrap fw-semibold">{euro(calls.budgetCents)}</td>
                  </tr>
                </tfoot>
              </table>
              </div>
              <Link href={`/calls?coalition=${encodeURIComponent(slug)}`}>{t("calls.browseAll")}</Link>
            </div>
          </div>
        )}
      </Section>

      <Section id="dashboard-funded" title={t("funded.title")} dataset="results" slug={slug}>
        <p>{t("funded.lead")}</p>
        {funded.count === 0 ? (
          <p>{t("funded.none")}</p>
        ) : (
          <>
            {funded.count > funded.projects.length && <p data-testid="funded-shown">{t("funded.shown", { shown: funded.projects.length, count: funded.count })}</p>}
            <div className="table-responsive" role="region" aria-labelledby="funded-caption" tabIndex={0}>
              <table className="table table-sm" data-testid="funded-table">
                <caption id="funded-caption">{t("funded.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("funded.project")}</th>
                    <th scope="col">{t("funded.leadAndPartners")}</th>
                    <th scope="col" className="text-end">
                      {t("funded.allocated")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {funded.projects.map((p) => (
                    <tr key={`${p.callId}-${p.proposalId}`} data-testid="funded-row">
                      <th scope="row" className="text-break fw-normal">
                        <Link href={`/proposals/${p.proposalId}`} className="fw-semibold">
                          {p.title}
                        </Link>
                        <span className="d-block small mt-1">
                          {t("funded.call")}:{" "}
                          <Link href={`/calls/${p.callId}/results`} aria-label={t("funded.resultsOf", { call: p.callTitle })}>
                            {p.callTitle}
                          </Link>
                        </span>
                      </th>
                      <td className="text-break">
                        <span className="d-block">
                          {t("funded.leadOrg")}: {p.leadName}
                        </span>
                        <span className="d-block small mt-1">
                          {t("funded.partners")}: {p.partners.length > 0 ? p.partners.join(", ") : t("funded.noPartners")}
                        </span>
                      </td>
                      <td className="text-end text-nowrap" data-testid="funded-allocated">
                        {euro(p.allocatedCents)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t("funded.total", { count: funded.count })}
                    </th>
                    <td className="text-end text-nowrap fw-semibold" data-testid="funded-total">
                      {euro(funded.allocatedCents)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </Section>

      <Section id="dashboard-money" title={t("money.title")} dataset="grants" slug={slug}>
        <p>{t("money.lead")}</p>
        <p className="small">{t("money.csvNote")}</p>
        {money.total.grants === 0 ? (
          <p>{t("money.none")}</p>
        ) : (
          <>
            <h3 className="h4 mt-4">{t("money.byProgramme")}</h3>
            {moneyBlock("programme", byProgramme, t("money.chartProgramme"), t("money.captionProgramme"))}
            <h3 className="h4 mt-4">{t("money.byYear")}</h3>
            <p className="small">{t("money.yearNote")}</p>
            {moneyBlock("year", byYear, t("money.chartYear"), t("money.captionYear"))}
          </>
        )}
      </Section>
    </>
  );
}
