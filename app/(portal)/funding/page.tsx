import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getGrantDesk } from "@/lib/incentives/grant-desk";
import { getFundingDesk, listRepresentedOrganisations } from "@/lib/incentives/queries";
import { formatCents } from "@/lib/money";
import { ApplicationStatusBadge } from "./_components/application-status-badge";
import { formatDay } from "./_components/format";
import { GrantStatusBadge } from "./_components/grant-status-badge";
import { MoneyTotals } from "./_components/money-totals";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("funding"))("title") };
}

/** The firm's funding desk: its applications and the pact's grants, the totals, what falls due in 30 days and what is late. */
export default async function FundingPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const { org } = await searchParams;
  const actor = await requirePageActor("/funding");
  const db = await getDb();
  const t = await getTranslations("funding");
  const locale = await getLocale();
  const organisations = await listRepresentedOrganisations(db, actor);
  if (organisations.length === 0) {
    return (
      <>
        <h1 className="mb-3">{t("title")}</h1>
        <p data-testid="funding-no-organisation">{t("noOrganisation")}</p>
      </>
    );
  }
  const wanted = z.uuid().safeParse(org).success ? organisations.find((o) => o.id === org) : undefined;
  const current = wanted ?? organisations[0];
  const [desk, grantDesk] = await Promise.all([getFundingDesk(db, actor, current.id), getGrantDesk(db, actor, current.id)]);
  const tg = await getTranslations("fundingDashboards");
  const money = (cents: number) => formatCents(cents, locale);
  // Applications and the pact's grants together: each SQL total plus the other.
  const totals = {
    requestedCents: desk.totals.requestedCents + grantDesk.totals.requestedCents,
    grantedCents: desk.totals.grantedCents + grantDesk.totals.grantedCents,
    paidCents: desk.totals.paidCents + grantDesk.totals.paidCents,
  };
  type DeskItem = { key: string; date: string; what: string; href: string; title: string };
  const byDate = (x: DeskItem, y: DeskItem) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0);
  const items = (applications: typeof desk.due, grantItems: typeof grantDesk.due): DeskItem[] =>
    [
      ...applications.map((d) => ({ key: `a-${d.applicationId}-${d.kind}`, date: d.date, what: t(`deadlineKinds.${d.kind}`), href: `/funding/applications/${d.applicationId}`, title: d.title })),
      ...grantItems.map((d) => ({ key: `g-${d.grantId}-${d.kind}`, date: d.date, what: tg(`grantDeadlines.${d.kind}`), href: `/grants/${d.grantId}`, title: d.title })),
    ].sort(byDate);
  const due = items(desk.due, grantDesk.due);
  const late = items(desk.late, grantDesk.late);

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead mb-4">{t("lead")}</p>

      {organisations.length > 1 && (
        <nav aria-label={t("chooseOrganisation")} className="mb-4">
          <ul className="nav nav-pills flex-wrap gap-2">
            {organisations.map((o) => (
              <li className="nav-item" key={o.id}>
                <Link className={`nav-link border${o.id === current.id ? " active" : ""}`} href={`/funding?org=${o.id}`} aria-current={o.id === current.id ? "page" : undefined}>
                  {o.legalName}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2 className="h3 mb-3" data-testid="funding-organisation">
        {current.legalName}
      </h2>
      <p className="d-flex flex-wrap gap-3 mb-4">
        <Link href={`/organisations/${current.id}/radar`}>{t("findProgrammes")}</Link>
        <Link href="/incentives">{t("catalogue")}</Link>
        <Link href={`/organisations/${current.id}/de-minimis`} data-testid="ledger-link">
          {t("ledgerLink")}
        </Link>
      </p>

      <section aria-labelledby="funding-totals" className="mb-5">
        <h3 id="funding-totals" className="h4">
          {t("totalsTitle")}
        </h3>
        <div className="row g-3 mb-1" data-testid="funding-totals">
          <MoneyTotals totals={totals} labels={{ requested: t("totalRequested"), granted: t("totalGranted"), paid: t("totalPaid") }} locale={locale} testIdPrefix="total-" />
        </div>
        <p className="form-hint">
          {t("totalsNote")} {grantDesk.grants.length > 0 && tg("deskTotalsNote")}
        </p>
      </section>

      <div className="row">
        <section aria-labelledby="funding-due" className="col-12 col-lg-6 mb-4" data-testid="funding-due">
          <h3 id="funding-due" className="h4">
            {t("dueTitle")}
          </h3>
          {due.length === 0 ? (
            <p>{t("noneDue")}</p>
          ) : (
            <ul className="list-unstyled">
              {due.map((d) => (
                <li key={d.key} className="border rounded p-3 mb-2" data-testid="funding-due-item">
                  <strong>{formatDay(d.date, locale)}</strong> · {d.what}
                  <br />
                  <Link href={d.href}>{d.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="funding-late" className="col-12 col-lg-6 mb-4" data-testid="funding-late">
          <h3 id="funding-late" className="h4">
            {t("lateTitle")}
          </h3>
          {late.length === 0 ? (
            <p>{t("noneLate")}</p>
          ) : (
            <ul className="list-unstyled">
              {late.map((d) => (
                <li key={d.key} className="border border-danger rounded p-3 mb-2" data-testid="funding-late-item">
                  <strong className="text-danger">{formatDay(d.date, locale)}</strong> · {d.what}
                  <br />
                  <Link href={d.href}>{d.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="funding-grants" className="mb-5">
        <h3 id="funding-grants" className="h4">
          {tg("grantsTitle")}
        </h3>
        {grantDesk.grants.length === 0 ? (
          <p>{tg("noGrants")}</p>
        ) : (
          <div className="table-responsive">
            <table className="table" data-testid="funding-grants">
              <caption className="visually-hidden">{tg("grantsTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{tg("colProject")}</th>
                  <th scope="col">{t("colStatus")}</th>
                  <th scope="col" className="text-end">
                    {t("colGranted")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("colPaid")}
                  </th>
                  <th scope="col">{tg("colNextDeadline")}</th>
                </tr>
              </thead>
              <tbody>
                {grantDesk.grants.map((g) => {
                  const next = g.status === "granted" || g.status === "in_progress" ? g.finalReportDueOn : null;
                  return (
                    <tr key={g.id} data-testid="funding-grant">
                      <td>
                        <Link href={`/grants/${g.id}`}>{g.proposalTitle}</Link>
                        <br />
                        <small>
                          {g.coalitionName} · {g.callTitle}
                        </small>
                      </td>
                      <td>
                        <GrantStatusBadge status={g.status} isLate={g.isLate} />
                      </td>
                      <td className="text-end text-nowrap" data-testid="grant-granted">
                        {money(g.grantedCents - g.revokedCents)}
                      </td>
                      <td className="text-end text-nowrap" data-testid="grant-paid">
                        {money(g.paidCents)}
                      </td>
                      <td className="text-nowrap">{next ? `${formatDay(next, locale)} · ${tg("grantDeadlines.finalReport")}` : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="funding-applications" className="mb-5">
        <h3 id="funding-applications" className="h4">
          {t("applicationsTitle")}
        </h3>
        {desk.applications.length === 0 ? (
          <p>{t("noApplications")}</p>
        ) : (
          <div className="table-responsive">
            <table className="table" data-testid="funding-applications">
              <caption className="visually-hidden">{t("applicationsTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("colTitle")}</th>
                  <th scope="col">{t("colStatus")}</th>
                  <th scope="col" className="text-end">
                    {t("colRequested")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("colGranted")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("colPaid")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {desk.applications.map((a) => (
                  <tr key={a.id} data-testid="funding-application">
                    <td>
                      <Link href={`/funding/applications/${a.id}`}>{a.title}</Link>
                      <br />
                      <small>{a.programmeName}</small>
                    </td>
                    <td>
                      <ApplicationStatusBadge status={a.status} />
                    </td>
                    <td className="text-end text-nowrap">{money(a.requestedCents)}</td>
                    <td className="text-end text-nowrap">{a.grantedCents === null ? "—" : money(a.grantedCents)}</td>
                    <td className="text-end text-nowrap">{money(a.disbursedCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
