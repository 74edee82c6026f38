import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getReportView } from "@/lib/incentives/expense-queries";
import { formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";
import { formatBp, formatDay } from "../../../../funding/_components/format";
import { ReportStatusBadge } from "../_components/report-status-badge";
import { ReportFlash } from "./_components/report-flash";
import { AddLineForm, CompleteReviewButton, LineReview, RemoveLineButton, SubmitReportButton } from "./_components/report-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("expenses"))("title") };
}

async function load(id: string, number: number) {
  const actor = await requirePageActor(`/grants/${id}/reports/${number}`);
  try {
    return await getReportView(await getDb(), actor, id, number);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

const reviewTone = { pending: "bg-secondary", accepted: "bg-success", cut: "bg-danger" } as const;

/**
 * One expense report: the partner adds expenses with their invoices, removes them and submits;
 * the promoter accepts or cuts each expense and completes the review; both see, per budget
 * line, what is claimed and accepted against the line's allowance.
 */
export default async function ReportPage({ params }: { params: Promise<{ id: string; number: string }> }) {
  const { id, number: raw } = await params;
  if (!z.uuid().safeParse(id).success || !/^[1-9]\d{0,5}$/.test(raw)) notFound();
  const view = await load(id, Number(raw));
  const t = await getTranslations("expenses");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const { grant: g, report, lines, budget, totals } = view;
  const name = t(report.isFinal ? "finalReportName" : "reportName", { number: report.number });
  const category = (c: string) => (t.has(`categories.${c}`) ? t(`categories.${c}` as "categories.other") : c);
  const budgetOptions = budget.map((b) => ({ id: b.budgetLineId, label: `${category(b.category)} — ${b.description} (${money(b.lineCents)})` }));

  return (
    <>
      <Breadcrumb
        trail={[
          { href: `/grants/${g.id}`, label: `${t("grant")} — ${g.organisationName}` },
          { href: `/grants/${g.id}/reports`, label: t("title") },
        ]}
        current={name}
      />
      <h1 className="mb-2">{name}</h1>
      <p className="mb-2">
        <ReportStatusBadge status={report.status} />
      </p>
      <p className="mb-4" data-testid="report-note">
        {report.status === "draft" && t("draftNote")}
        {report.status === "submitted" && report.submittedAt && t("submittedNote", { date: formatRomeIn(report.submittedAt, locale, "il") })}
        {report.status === "reviewed" && report.reviewedAt && t("reviewedNote", { date: formatRomeIn(report.reviewedAt, locale, "il") })}
      </p>

      <ReportFlash>
        <section aria-labelledby="budget-title" className="mb-5">
          <h2 id="budget-title" className="h4">
            {t("budgetTitle")}
          </h2>
          <p>{t("budgetIntro", { tolerance: formatBp(g.lineToleranceBp, locale) })}</p>
          {/* A table from 768 px; on a phone each line is a card, so nothing scrolls sideways. */}
          <div className="table-responsive d-none d-md-block" role="region" aria-labelledby="budget-title" tabIndex={0}>
            <table className="table table-sm align-middle" data-testid="budget-table">
              <caption className="visually-hidden">{t("budgetCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("budgetLine")}</th>
                  <th scope="col" className="text-end">
                    {t("lineAmount")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("allowance")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("claimed")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("acceptedShort")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("acceptedOther")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("remaining")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {budget.map((b) => (
                  <tr key={b.budgetLineId} data-testid="budget-row" data-line={b.description}>
                    <th scope="row" className="fw-normal">
                      <span className="d-block small text-muted">{category(b.category)}</span>
                      {b.description}
                    </th>
                    <td className="text-end text-nowrap">{money(b.lineCents)}</td>
                    <td className="text-end text-nowrap" data-testid="budget-allowance">
                      {money(b.allowanceCents)}
                    </td>
                    <td className="text-end text-nowrap" data-testid="budget-claimed">
                      {money(b.claimedCents)}
                      {b.claimedCents + b.acceptedOtherCents > b.allowanceCents && <span className="d-block small text-danger fw-semibold">{t("overAllowance")}</span>}
                    </td>
                    <td className="text-end text-nowrap" data-testid="budget-accepted">
                      {money(b.acceptedCents)}
                    </td>
                    <td className="text-end text-nowrap">{money(b.acceptedOtherCents)}</td>
                    <td className="text-end text-nowrap" data-testid="budget-remaining">
                      {money(b.remainingCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="list-unstyled d-md-none mb-0" data-testid="budget-cards">
            {budget.map((b) => (
              <li key={b.budgetLineId} className="border rounded p-3 mb-2" data-testid="budget-card">
                <h3 className="h6 mb-2">
                  <span className="d-block small text-muted fw-normal">{category(b.category)}</span>
                  {b.description}
                </h3>
                <dl className="row mb-0 small">
                  {(
                    [
                      ["lineAmount", b.lineCents],
                      ["allowance", b.allowanceCents],
                      ["claimed", b.claimedCents],
                      ["acceptedShort", b.acceptedCents],
                      ["acceptedOther", b.acceptedOtherCents],
                      ["remaining", b.remainingCents],
                    ] as const
                  ).map(([label, cents]) => (
                    <Fragment key={label}>
                      <dt className="col-7">{t(label)}</dt>
                      <dd className="col-5 text-end text-nowrap">{money(cents)}</dd>
                    </Fragment>
                  ))}
                </dl>
                {b.claimedCents + b.acceptedOtherCents > b.allowanceCents && <p className="small text-danger fw-semibold mb-0">{t("overAllowance")}</p>}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="lines-title" className="mb-5">
          <h2 id="lines-title" className="h4">
            {t("linesTitle")}
          </h2>
          {lines.length === 0 ? (
            <p data-testid="lines-empty">{t("noLines")}</p>
          ) : (
            <ul className="list-unstyled mb-3" data-testid="lines">
              {lines.map((l) => (
                <li key={l.id} className="border rounded p-3 mb-3" data-testid="expense-line" data-supplier={l.supplier} data-invoice={l.invoiceNumber}>
                  <div className="d-flex flex-wrap justify-content-between gap-2">
                    <h3 className="h5 mb-1 text-break">{l.supplier}</h3>
                    <span className={`badge ${reviewTone[l.review]} align-self-start`} data-testid="line-review-status" data-review={l.review}>
                      {t(`reviews.${l.review}`)}
                    </span>
                  </div>
                  <dl className="row mb-0 small">
                    <dt className="col-5 col-md-2">{t("invoice")}</dt>
                    <dd className="col-7 col-md-4 text-break">{t("invoiceOf", { number: l.invoiceNumber, date: formatDay(l.invoiceDate, locale) })}</dd>
                    <dt className="col-5 col-md-2">{t("budgetLine")}</dt>
                    <dd className="col-7 col-md-4 text-break">{l.budgetLine}</dd>
                    <dt className="col-5 col-md-2">{t("amount")}</dt>
                    <dd className="col-7 col-md-4" data-testid="line-amount">
                      {money(l.amountCents)}
                    </dd>
                    <dt className="col-5 col-md-2">{t("acceptedShort")}</dt>
                    <dd className="col-7 col-md-4" data-testid="line-accepted">
                      {l.acceptedCents === null ? "—" : money(l.acceptedCents)}
                    </dd>
                    {l.cutReason && (
                      <>
                        <dt className="col-5 col-md-2">{t("cutReason")}</dt>
                        <dd className="col-7 col-md-10 text-break" data-testid="line-cut-reason">
                          {l.cutReason}
                        </dd>
                      </>
                    )}
                    {l.documentId && (
                      <>
                        <dt className="col-5 col-md-2">{t("file")}</dt>
                        <dd className="col-7 col-md-10 text-break">
                          <a href={`/api/documents/${l.documentId}`} data-testid="invoice-link">
                            {t("download", { name: l.fileName ?? "" })}
                          </a>
                        </dd>
                      </>
                    )}
                  </dl>
                  {view.canEdit && (
                    <div className="mt-2">
                      <RemoveLineButton lineId={l.id} supplier={l.supplier} invoiceNumber={l.invoiceNumber} />
                    </div>
                  )}
                  {view.canReview && (
                    <>
                      <p className="small mb-0 mt-2">{t("maxAcceptable", { amount: money(l.maxAcceptableCents) })}</p>
                      <LineReview lineId={l.id} supplier={l.supplier} invoiceNumber={l.invoiceNumber} amountLabel={money(l.amountCents)} maxLabel={money(Math.min(l.maxAcceptableCents, l.amountCents - 1))} review={l.review} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div className="border-top pt-2">
          <dl className="row mb-0" data-testid="report-totals" aria-label={t("totals")}>
            <dt className="col-7 col-sm-3">{t("claimed")}</dt>
            <dd className="col-5 col-sm-3" data-testid="total-claimed">
              {money(totals.claimedCents)}
            </dd>
            <dt className="col-7 col-sm-3">{t("acceptedShort")}</dt>
            <dd className="col-5 col-sm-3" data-testid="total-accepted">
              {money(totals.acceptedCents)}
            </dd>
          </dl>
          </div>
        </section>

        {view.canEdit && (
          <>
            {lines.length < view.maxLines && (
              <section aria-labelledby="add-title" className="border rounded p-3 mb-4">
                <h2 id="add-title" className="h4">
                  {t("addTitle")}
                </h2>
                <p>{t("addIntro")}</p>
                <AddLineForm reportId={report.id} budgetLines={budgetOptions} />
              </section>
            )}
            <section aria-labelledby="submit-title" className="mb-4">
              <h2 id="submit-title" className="h4">
                {t("submitTitle")}
              </h2>
              <p>{t("submitIntro")}</p>
              <SubmitReportButton reportId={report.id} number={report.number} count={lines.length} amount={money(totals.claimedCents)} isFinal={report.isFinal} />
            </section>
          </>
        )}

        {view.canReview && (
          <section aria-labelledby="complete-title" className="border rounded p-3 mb-4">
            <h2 id="complete-title" className="h4">
              {t("completeTitle")}
            </h2>
            <p>{t("completeIntro", { amount: money(totals.acceptedCents) })}</p>
            <p data-testid="pending-count">{t("pendingCount", { count: totals.pending })}</p>
            <CompleteReviewButton reportId={report.id} number={report.number} accepted={money(totals.acceptedCents)} claimed={money(totals.claimedCents)} />
          </section>
        )}
      </ReportFlash>

      <p>
        <Link href={`/grants/${g.id}/reports`}>{t("backToReports")}</Link>
      </p>
    </>
  );
}
