import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { formatDay } from "@/app/(portal)/funding/_components/format";
import { requirePageActor } from "@/lib/auth/session";
import { declareDeMinimisAidAction, withdrawDeMinimisAidAction } from "@/lib/incentives/actions";
import { getDeMinimisLedger } from "@/lib/incentives/queries";
import { formatCents } from "@/lib/money";
import { DeclareAidForm, WithdrawAidButton } from "./_components/declare-aid-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("funding.ledger"))("title") };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The organisation's de minimis ledger: rows, headroom today and at a chosen date, declared aid, PDF and CSV. */
export default async function DeMinimisPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ at?: string }> }) {
  const { id } = await params;
  const { at } = await searchParams;
  if (!z.uuid().safeParse(id).success) notFound();
  const actor = await requirePageActor(`/organisations/${id}/de-minimis`);
  const db = await getDb();
  const chosen = at && DATE.test(at) && !Number.isNaN(Date.parse(`${at}T00:00:00Z`)) ? at : undefined;
  const ledger = await getDeMinimisLedger(db, actor, id, chosen);
  if (!ledger) notFound();
  const t = await getTranslations("funding.ledger");
  const tf = await getTranslations("funding");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);

  return (
    <>
      <Breadcrumb
        trail={[
          { href: `/organisations/${id}`, label: ledger.organisation.legalName },
          { href: `/funding?org=${id}`, label: tf("title") },
        ]}
        current={t("title")}
      />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="mb-4">{t("lead", { name: ledger.organisation.legalName })}</p>

      <div className="border rounded p-3 mb-4" data-testid="headroom-today" data-cents={ledger.today.headroomCents}>
        <p className="h5 mb-0">{t("headroomToday", { headroom: money(ledger.today.headroomCents), used: money(ledger.today.usedCents) })}</p>
      </div>

      <form method="get" className="mb-4" aria-labelledby="headroom-at-title" data-testid="headroom-at-form">
        <h2 id="headroom-at-title" className="h5">
          {t("headroomAt")}
        </h2>
        <div className="d-flex flex-wrap align-items-end gap-3">
          <div className="form-group mb-0 mt-4">
            <label htmlFor="headroom-at" className="active">
              {t("headroomAtLabel")}
            </label>
            <input id="headroom-at" name="at" type="date" className="form-control" defaultValue={chosen ?? ""} />
          </div>
          <button type="submit" className="btn btn-outline-primary">
            {t("headroomAtShow")}
          </button>
        </div>
        {ledger.at && (
          <p className="mt-3 fw-semibold" role="status" data-testid="headroom-at">
            {t("headroomAtResult", { date: formatDay(ledger.at.grantDate, locale), headroom: money(ledger.at.headroomCents), used: money(ledger.at.usedCents) })}
          </p>
        )}
      </form>

      <section aria-labelledby="ledger-rows">
        <div className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-2">
          <h2 id="ledger-rows" className="h4 mb-0">
            {t("rows")}
          </h2>
          <div className="d-flex flex-wrap gap-3">
            <a href={`/api/organisations/${id}/de-minimis.pdf?lang=${locale}`} download data-testid="ledger-pdf">
              {t("pdf")}
            </a>
            <a href={`/api/organisations/${id}/de-minimis.csv`} download data-testid="ledger-csv">
              {t("csv")}
            </a>
          </div>
        </div>
        {ledger.rows.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <div className="table-responsive">
            <table className="table" data-testid="ledger-table">
              <caption className="visually-hidden">{t("rows")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("colDate")}</th>
                  <th scope="col">{t("colAuthority")}</th>
                  <th scope="col" className="text-end">
                    {t("colAmount")}
                  </th>
                  <th scope="col">{t("colCor")}</th>
                  <th scope="col">{t("colSource")}</th>
                  <th scope="col">{t("colInWindow")}</th>
                  {ledger.canEdit && <th scope="col">{t("withdraw")}</th>}
                </tr>
              </thead>
              <tbody>
                {ledger.rows.map((r) => (
                  <tr key={r.id} data-testid="ledger-row" className={r.withdrawnAt ? "text-decoration-line-through" : undefined}>
                    <td className="text-nowrap">{formatDay(r.grantedOn, locale)}</td>
                    <td>
                      {r.authority}
                      {r.description && <div className="small">{r.description}</div>}
                      {r.withdrawnAt && <div className="small fst-italic">{t("withdrawn", { reason: r.withdrawalReason ?? "" })}</div>}
                      {r.applicationId && (
                        <div className="small">
                          <Link href={`/funding/applications/${r.applicationId}`}>{tf("detail.programme")}</Link>
                        </div>
                      )}
                    </td>
                    <td className="text-end text-nowrap">{money(r.amountCents)}</td>
                    <td>{r.cor ?? "—"}</td>
                    <td>{t(`sources.${r.source}`)}</td>
                    <td>{r.inWindow && !r.withdrawnAt ? t("inWindowYes") : t("inWindowNo")}</td>
                    {ledger.canEdit && <td>{r.source === "declared" && !r.withdrawnAt && <WithdrawAidButton aidId={r.id} withdraw={withdrawDeMinimisAidAction} />}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {ledger.canEdit && (
        <section aria-labelledby="declare-title" className="mt-5">
          <h2 id="declare-title" className="h4">
            {t("declareTitle")}
          </h2>
          <DeclareAidForm organisationId={id} declare={declareDeMinimisAidAction} />
        </section>
      )}
    </>
  );
}
