import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { createReportAction } from "@/lib/incentives/expense-actions";
import { listReports } from "@/lib/incentives/expense-queries";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";
import { formatBp } from "../../../funding/_components/format";
import { NewReportForm } from "./_components/new-report-form";
import { ReportStatusBadge } from "./_components/report-status-badge";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("expenses"))("title") };
}

async function load(id: string) {
  const actor = await requirePageActor(`/grants/${id}/reports`);
  try {
    return await listReports(await getDb(), actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** A grant's expense reports (SAL): the partner opens new ones, the promoter finds those to review. */
export default async function GrantReportsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const view = await load(id);
  const t = await getTranslations("expenses");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const g = view.grant;
  const figures: [string, string, string][] = [
    [t("grantStatus"), t(`grantStatuses.${g.status}`), "status"],
    [t("eligibleCost"), money(g.eligibleCostCents), "eligible"],
    [t("granted"), money(g.grantedCents), "granted"],
    [t("accepted"), money(g.acceptedCents), "accepted"],
    [t("paid"), money(g.paidCents), "paid"],
    [t("tolerance"), formatBp(g.lineToleranceBp, locale), "tolerance"],
  ];
  const blocked = view.createBlockedBy;

  return (
    <>
      <Breadcrumb trail={[{ href: `/grants/${g.id}`, label: `${t("grant")} — ${g.organisationName}` }]} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead mb-4">{t("lead", { organisation: g.organisationName, proposal: g.proposalTitle })}</p>

      <section aria-labelledby="figures-title" className="mb-4">
        <h2 id="figures-title" className="visually-hidden">
          {t("figures")}
        </h2>
        <dl className="row mb-0" data-testid="grant-figures">
          {figures.map(([label, value, key]) => (
            <Fragment key={key}>
              <dt className="col-7 col-sm-4">{label}</dt>
              <dd className="col-5 col-sm-8" data-testid={`figure-${key}`}>
                {value}
              </dd>
            </Fragment>
          ))}
        </dl>
      </section>

      {view.canFile && (
        <section aria-labelledby="new-title" className="border rounded p-3 mb-4">
          <h2 id="new-title" className="h4">
            {t("newTitle")}
          </h2>
          {blocked ? (
            <p className="mb-0" data-testid="new-report-blocked">
              {t.has(`blocked.${blocked}`) ? t(`blocked.${blocked}` as "blocked.expenseDraftOpen") : t("blocked.expenseGrantNotReportable")}
            </p>
          ) : (
            <NewReportForm grantId={g.id} offerFinal={!view.finalFiled} create={createReportAction} />
          )}
        </section>
      )}
      {view.canReview && <p className="mb-4">{t("reviewNote")}</p>}

      {view.reports.length === 0 ? (
        <p data-testid="reports-empty">{t("empty")}</p>
      ) : (
        <ul className="list-unstyled" data-testid="reports-list" aria-label={t("listCaption")}>
          {view.reports.map((r) => (
            <li key={r.id} className="border rounded p-3 mb-3" data-testid="report-item" data-number={r.number}>
              <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
                <h2 className="h5 mb-0">
                  <Link href={`/grants/${g.id}/reports/${r.number}`} aria-label={t("openReport", { number: r.number })}>
                    {t(r.isFinal ? "finalReportName" : "reportName", { number: r.number })}
                  </Link>
                </h2>
                <ReportStatusBadge status={r.status} />
              </div>
              <dl className="row mb-0 small">
                <dt className="col-6 col-md-2">{t("lines")}</dt>
                <dd className="col-6 col-md-2" data-testid="report-lines">
                  {r.lines}
                </dd>
                <dt className="col-6 col-md-2">{t("claimed")}</dt>
                <dd className="col-6 col-md-2" data-testid="report-claimed">
                  {money(r.claimedCents)}
                </dd>
                <dt className="col-6 col-md-2">{t("acceptedShort")}</dt>
                <dd className="col-6 col-md-2" data-testid="report-accepted">
                  {r.status === "draft" ? "—" : money(r.acceptedCents)}
                </dd>
                {r.submittedAt && (
                  <>
                    <dt className="col-6 col-md-2">{t("submittedOn")}</dt>
                    <dd className="col-6 col-md-4">{formatRome(r.submittedAt, locale)}</dd>
                  </>
                )}
                {r.reviewedAt && (
                  <>
                    <dt className="col-6 col-md-2">{t("reviewedOn")}</dt>
                    <dd className="col-6 col-md-4">{formatRome(r.reviewedAt, locale)}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
