import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getFundingDesk, listRepresentedOrganisations } from "@/lib/incentives/queries";
import { formatCents } from "@/lib/money";
import { ApplicationStatusBadge } from "./_components/application-status-badge";
import { formatDay } from "./_components/format";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("funding"))("title") };
}

/** The firm's funding desk: its applications, the totals, what falls due in 30 days and what is late. */
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
  const desk = await getFundingDesk(db, actor, current.id);
  const money = (cents: number) => formatCents(cents, locale);

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
          {(
            [
              ["totalRequested", desk.totals.requestedCents, "requested"],
              ["totalGranted", desk.totals.grantedCents, "granted"],
              ["totalPaid", desk.totals.paidCents, "paid"],
            ] as const
          ).map(([label, cents, key]) => (
            <div className="col-12 col-md-4" key={key}>
              <dl className="border rounded p-3 h-100 mb-0">
                <dt className="fw-normal">{t(label)}</dt>
                <dd className="h4 mb-0" data-testid={`total-${key}`} data-cents={cents}>
                  {money(cents)}
                </dd>
              </dl>
            </div>
          ))}
        </div>
        <p className="form-hint">{t("totalsNote")}</p>
      </section>

      <div className="row">
        <section aria-labelledby="funding-due" className="col-12 col-lg-6 mb-4" data-testid="funding-due">
          <h3 id="funding-due" className="h4">
            {t("dueTitle")}
          </h3>
          {desk.due.length === 0 ? (
            <p>{t("noneDue")}</p>
          ) : (
            <ul className="list-unstyled">
              {desk.due.map((d) => (
                <li key={`${d.applicationId}-${d.kind}`} className="border rounded p-3 mb-2">
                  <strong>{formatDay(d.date, locale)}</strong> · {t(`deadlineKinds.${d.kind}`)}
                  <br />
                  <Link href={`/funding/applications/${d.applicationId}`}>{d.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="funding-late" className="col-12 col-lg-6 mb-4" data-testid="funding-late">
          <h3 id="funding-late" className="h4">
            {t("lateTitle")}
          </h3>
          {desk.late.length === 0 ? (
            <p>{t("noneLate")}</p>
          ) : (
            <ul className="list-unstyled">
              {desk.late.map((d) => (
                <li key={`${d.applicationId}-${d.kind}`} className="border border-danger rounded p-3 mb-2">
                  <strong className="text-danger">{formatDay(d.date, locale)}</strong> · {t(`deadlineKinds.${d.kind}`)}
                  <br />
                  <Link href={`/funding/applications/${d.applicationId}`}>{d.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

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
