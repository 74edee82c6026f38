import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { SuccessMessage } from "@/components/confirm-dialog";
import { getDb } from "@/db/client";
import type { GrantStatus } from "@/db/schema";
import { requirePageActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getGrantView } from "@/lib/incentives/grant-queries";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";
import { CloseGrantButton, ConcessionForm, RevokeForm, TrancheForm } from "./_components/grant-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("grants"))("title") };
}

async function load(id: string) {
  const actor = await requirePageActor(`/grants/${id}`);
  try {
    return await getGrantView(await getDb(), actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

// White text on each reads at 4.5:1 or more (bootstrap-italia's bg-warning is dark brown).
const tone: Record<GrantStatus, string> = { granted: "bg-success", in_progress: "bg-primary", reported: "bg-warning", closed: "bg-dark", revoked: "bg-danger" };

/** A calendar day "2026-03-14" as "14 marzo 2026" / "14 March 2026". */
function formatDay(date: string, locale: string): string {
  const text = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "it-IT", { timeZone: "UTC", dateStyle: "long" }).format(new Date(`${date}T00:00:00Z`));
  return locale === "it" ? text.replace(/^1 /, "1° ") : text;
}

/**
 * A grant of the pact's programme: its figures, the concession (a form for the promoters,
 * read-only for the partner), deadlines, expense reports, payments with the promoters' forms,
 * revocation and the history. Readers only: anyone else gets "not found".
 */
export default async function GrantPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string | string[] }> }) {
  const { id } = await params;
  const { done } = await searchParams;
  if (!z.uuid().safeParse(id).success) notFound();
  const view = await load(id);
  const t = await getTranslations("grants");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const day = (d: string | null) => (d ? formatDay(d, locale) : "—");
  const { grant, figures, payable, viewer, context } = view;
  const open = grant.status === "granted" || grant.status === "in_progress" || grant.status === "reported";
  const manage = viewer.isPromoter && open;

  const figureRows: [string, number, string][] = [
    ["eligibleCost", figures.eligibleCostCents, "eligible"],
    ["granted", figures.grantedCents, "granted"],
    ...(figures.revokedCents > 0 ? ([["revoked", figures.revokedCents, "revoked"]] as [string, number, string][]) : []),
    ["paid", figures.paidCents, "paid"],
    ["accepted", figures.acceptedCents, "accepted"],
    ["earned", figures.earnedCents, "earned"],
    ["stillDue", figures.stillDueCents, "still-due"],
    ...(figures.toRecoverCents > 0 ? ([["toRecover", figures.toRecoverCents, "to-recover"]] as [string, number, string][]) : []),
  ];
  const concessionRows: [string, string][] = [
    ["actNumber", grant.actNumber ?? "—"],
    ["actDate", day(grant.actDate)],
    ["cup", grant.cup ?? "—"],
    ["cor", grant.cor ?? "—"],
    ["startsOn", day(grant.startsOn)],
    ["endsOn", day(grant.endsOn)],
    ["finalReportDueOn", day(grant.finalReportDueOn)],
  ];
  const actionLabel = (action: string) => {
    const key = `timeline.actions.${action.replace(".", "_")}`;
    return t.has(key) ? t(key as "timeline.actions.grant_created") : action;
  };
  const timelineDetail = (action: string, data: Record<string, unknown>): string | null => {
    if (action === "grant.tranche_paid" && typeof data.amountCents === "number") {
      return `${t(`tranches.kinds.${data.kind as "advance"}`)}: ${money(data.amountCents)}`;
    }
    if (action === "grant.revoked" && typeof data.reason === "string") {
      return `${typeof data.amountCents === "number" ? `${money(data.amountCents)} — ` : ""}${data.reason}`;
    }
    if (action.startsWith("expense_report.") && typeof data.number === "number") {
      return `${t("reports.number")} ${data.number}${typeof data.amountCents === "number" ? `: ${money(data.amountCents)}` : ""}`;
    }
    if (action === "grant.created" && data.after && typeof (data.after as { grantedCents?: number }).grantedCents === "number") {
      return money((data.after as { grantedCents: number }).grantedCents);
    }
    return null;
  };

  return (
    <>
      <Breadcrumb trail={callTrail({ coalitionSlug: context.coalitionSlug, coalitionName: context.coalitionName, id: view.call.id, title: view.call.title })} current={`${t("title")} — ${context.organisationName}`} />
      <h1 className="mb-2 text-break">{t("heading", { organisation: context.organisationName })}</h1>
      <p className="lead mb-3 text-break">
        {t("lead", { proposal: context.proposalTitle, reference: context.proposalReference ? ` (${context.proposalReference})` : "", call: view.call.title })}
      </p>
      <p className="mb-4">
        <span className={`badge ${tone[grant.status]}`} data-testid="grant-status" data-status={grant.status}>
          {t(`statuses.${grant.status}`)}
        </span>
        {view.late && (
          <>
            {" "}
            <span className="badge bg-danger" data-testid="grant-late">
              {t("late")}
            </span>{" "}
            <span>{t("lateNote", { day: day(grant.finalReportDueOn) })}</span>
          </>
        )}
      </p>

      {done === "closed" && <SuccessMessage testId="grant-closed">{t("tranches.closed")}</SuccessMessage>}
      {done === "revoked" && <SuccessMessage testId="grant-revoked">{t("revoke.done")}</SuccessMessage>}

      <section aria-labelledby="figures-title" className="mb-5">
        <h2 id="figures-title" className="h3">
          {t("figures.title")}
        </h2>
        <dl className="row mb-0" data-testid="grant-figures">
          {figureRows.map(([key, cents, testId]) => (
            <Fragment key={key}>
              <dt className="col-7 col-sm-5 col-lg-3">{t(`figures.${key}` as "figures.granted")}</dt>
              <dd className="col-5 col-sm-7 col-lg-9 text-nowrap" data-testid={`figure-${testId}`} data-cents={cents}>
                {money(cents)}
              </dd>
            </Fragment>
          ))}
        </dl>
        {grant.revocationReason && (
          <p className="mt-2 text-break" data-testid="revocation-reason">
            <strong>{t("revoke.reasonShown")}:</strong> {grant.revocationReason}
          </p>
        )}
      </section>

      <section aria-labelledby="concession-title" className="mb-5">
        <h2 id="concession-title" className="h3">
          {t("concession.title")}
        </h2>
        {!grant.actDate && <p data-testid="concession-missing">{t("concession.missing")}</p>}
        {manage ? (
          <ConcessionForm
            grantId={grant.id}
            version={grant.version}
            initial={{
              actNumber: grant.actNumber ?? "",
              actDate: grant.actDate ?? "",
              cup: grant.cup ?? "",
              cor: grant.cor ?? "",
              startsOn: grant.startsOn ?? "",
              endsOn: grant.endsOn ?? "",
              finalReportDueOn: grant.finalReportDueOn ?? "",
            }}
          />
        ) : (
          grant.actDate && (
            <dl className="row mb-0" data-testid="concession">
              {concessionRows.map(([key, value]) => (
                <Fragment key={key}>
                  <dt className="col-12 col-sm-5 col-lg-3">{t(`concession.${key}` as "concession.cup")}</dt>
                  <dd className="col-12 col-sm-7 col-lg-9 text-break" data-testid={`concession-${key}`}>
                    {value}
                  </dd>
                </Fragment>
              ))}
            </dl>
          )
        )}
      </section>

      <section aria-labelledby="reports-title" className="mb-5">
        <h2 id="reports-title" className="h3">
          {t("reports.title")}
        </h2>
        {view.reports.length === 0 ? (
          <p>{t("reports.none")}</p>
        ) : (
          <div className="table-responsive" role="region" aria-labelledby="reports-title" tabIndex={0}>
            <table className="table" data-testid="grant-reports">
              <thead>
                <tr>
                  <th scope="col">{t("reports.number")}</th>
                  <th scope="col">{t("reports.status")}</th>
                  <th scope="col" className="text-end">
                    {t("reports.claimed")}
                  </th>
                  <th scope="col" className="text-end">
                    {t("reports.accepted")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link href={`/grants/${grant.id}/reports/${r.number}`}>
                        {t("reports.number")} {r.number}
                        {r.isFinal ? ` (${t("reports.final")})` : ""}
                      </Link>
                    </th>
                    <td>{t(`reports.statuses.${r.status}`)}</td>
                    <td className="text-end text-nowrap">{money(r.claimedCents)}</td>
                    <td className="text-end text-nowrap">{r.status === "reviewed" ? money(r.acceptedCents) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Link href={`/grants/${grant.id}/reports`} className="btn btn-outline-primary" data-testid="grant-reports-link">
          {t("reports.open")}
        </Link>
      </section>

      <section aria-labelledby="tranches-title" className="mb-5">
        <h2 id="tranches-title" className="h3">
          {t("tranches.title")}
        </h2>
        {done === "tranche" && <SuccessMessage testId="tranche-paid">{t("tranches.paid")}</SuccessMessage>}
        {view.tranches.length === 0 ? (
          <p>{t("tranches.none")}</p>
        ) : (
          <div className="table-responsive" role="region" aria-labelledby="tranches-title" tabIndex={0}>
            <table className="table" data-testid="grant-tranches">
              <thead>
                <tr>
                  <th scope="col">{t("tranches.kind")}</th>
                  <th scope="col">{t("tranches.paidOn")}</th>
                  <th scope="col" className="text-end">
                    {t("tranches.amount")}
                  </th>
                  <th scope="col">{t("tranches.details")}</th>
                </tr>
              </thead>
              <tbody>
                {view.tranches.map((tr) => (
                  <tr key={tr.id} data-kind={tr.kind}>
                    <th scope="row">{t(`tranches.kinds.${tr.kind}`)}</th>
                    <td className="text-nowrap">{day(tr.paidOn)}</td>
                    <td className="text-end text-nowrap">{money(tr.amountCents)}</td>
                    {/* Wide enough to read on a phone: the table scrolls sideways in its region instead. */}
                    <td style={{ minWidth: "14rem" }}>{[tr.guarantee, tr.note].filter(Boolean).join(" — ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {manage && grant.actDate && (
          <div data-testid="tranche-forms">
            {payable.advanceOpen && payable.advanceCeilingCents > 0 && (
              <TrancheForm grantId={grant.id} kind="advance" today={view.today} title={t("tranches.advanceTitle")} hint={t("tranches.advanceHint", { ceiling: money(payable.advanceCeilingCents) })} />
            )}
            {payable.interimCeilingCents > 0 && grant.status !== "reported" && (
              <TrancheForm grantId={grant.id} kind="interim" today={view.today} title={t("tranches.interimTitle")} hint={t("tranches.interimHint", { ceiling: money(payable.interimCeilingCents) })} />
            )}
            {payable.balanceCents > 0 && (
              <TrancheForm
                grantId={grant.id}
                kind="balance"
                today={view.today}
                title={t("tranches.balanceTitle")}
                hint={t("tranches.balanceHint", { amount: money(payable.balanceCents) })}
                balanceLabel={money(payable.balanceCents)}
              />
            )}
            {grant.status === "reported" && payable.finalReviewed && payable.balanceCents <= 0 && (
              <div className="mb-4">
                <h3 className="h5">{t("tranches.closeTitle")}</h3>
                <p className="form-hint">{t("tranches.closeHint")}</p>
                <CloseGrantButton grantId={grant.id} />
              </div>
            )}
            {!(payable.advanceOpen && payable.advanceCeilingCents > 0) && !(payable.interimCeilingCents > 0 && grant.status !== "reported") && !(payable.balanceCents > 0) && !(grant.status === "reported" && payable.finalReviewed) && (
              <p data-testid="nothing-to-pay">{t("tranches.nothingNow")}</p>
            )}
          </div>
        )}
      </section>

      {manage && (
        <section aria-labelledby="revoke-title" className="mb-5">
          <h2 id="revoke-title" className="h3">
            {t("revoke.title")}
          </h2>
          <p className="form-hint">{t("revoke.hint")}</p>
          <RevokeForm grantId={grant.id} standingCents={figures.standingCents} />
        </section>
      )}

      <section aria-labelledby="timeline-title" className="mb-5">
        <h2 id="timeline-title" className="h3">
          {t("timeline.title")}
        </h2>
        {view.timeline.length === 0 ? (
          <p>{t("timeline.none")}</p>
        ) : (
          <ol className="list-unstyled" data-testid="grant-timeline">
            {view.timeline.map((e) => {
              const detail = timelineDetail(e.action, e.data);
              return (
                <li key={e.seq} className="mb-3 text-break">
                  <strong>{actionLabel(e.action)}</strong>
                  {detail && <> — {detail}</>}
                  <br />
                  <small>
                    {formatRome(e.at, locale)}
                    {e.actorName ? ` · ${t("timeline.by", { name: e.actorName })}` : ""}
                  </small>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </>
  );
}
