import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";
import { formatShare } from "@/lib/proposals/budget";
import { getProposalForViewer } from "@/lib/proposals/queries";
import { OwnAppraisal } from "@/components/evaluation/own-appraisal";

type Props = { params: Promise<{ id: string }> };

async function load(params: Props["params"]) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return null;
  return getProposalForViewer(await getDb(), await getCurrentActor(), id);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await load(params))?.proposal.title ?? "404" };
}

/** The public page of a proposal: summary, partners and totals — never private budget notes. */
export default async function ProposalPage({ params }: Props) {
  const view = await load(params);
  if (!view) notFound();
  const { proposal, call, partners, totals, access } = view;
  const t = await getTranslations("proposals");
  const tc = await getTranslations("calls");
  const to = await getTranslations("organisations");
  const locale = await getLocale();
  const accepted = partners.filter((p) => p.status === "accepted");
  return (
    <article aria-labelledby="proposal-title">
      <p>
        <Link href={`/coalitions/${call.coalitionSlug}/calls/${call.id}`}>← {call.title}</Link>
      </p>
      <h1 id="proposal-title" className="mb-2">
        {proposal.title}
      </h1>
      <p className="lead">
        {proposal.reference && <span data-testid="proposal-reference">{proposal.reference} · </span>}
        <span className="badge bg-primary" data-testid="proposal-status">
          {t(`statuses.${proposal.status}`)}
        </span>
        {proposal.submittedAt && <> · {t("submittedAt", { at: formatRomeIn(proposal.submittedAt, locale, "il") })}</>}
      </p>
      {proposal.status === "inadmissible" && proposal.statusReason && <div className="alert alert-warning">{t("inadmissibleBecause", { reason: proposal.statusReason })}</div>}
      {(access.isInvolved || access.isPromoter) && (
        <p>
          <Link href={`/proposals/${proposal.id}/edit`}>{t("workspace")}</Link>
        </p>
      )}
      <p>{proposal.summary}</p>
      {proposal.solutionType && (
        <p>
          <strong>{t("solutionType")}:</strong> {tc(`themes.${proposal.solutionType}` as "themes.erp")}
          {proposal.sectors.length > 0 && (
            <>
              {" "}
              · <strong>{t("sectors")}:</strong> {proposal.sectors.map((s) => tc(`sectors.${s}` as "sectors.industry")).join(", ")}
            </>
          )}
          {proposal.durationMonths && <> · {t("durationValue", { months: proposal.durationMonths })}</>}
        </p>
      )}
      <h2 className="h4 mt-4">{t("problem")}</h2>
      <p>{proposal.problem}</p>
      <h2 className="h4">{t("objectives")}</h2>
      <p>{proposal.objectives}</p>

      {proposal.indicators.length > 0 && (
        <div className="table-responsive">
          <table className="table">
            <caption>{t("indicators")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("indicatorName")}</th>
                <th scope="col">{t("indicatorBaseline")}</th>
                <th scope="col">{t("indicatorTarget")}</th>
                <th scope="col">{t("indicatorUnit")}</th>
              </tr>
            </thead>
            <tbody>
              {proposal.indicators.map((i, n) => (
                <tr key={n}>
                  <td>{i.name}</td>
                  <td>{i.baseline}</td>
                  <td>{i.target}</td>
                  <td>{i.unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {proposal.milestones.length > 0 && (
        <>
          <h2 className="h4">{t("milestones")}</h2>
          <ol>
            {proposal.milestones.map((m, n) => (
              <li key={n}>{t("milestoneAt", { title: m.title, month: m.month })}</li>
            ))}
          </ol>
        </>
      )}

      <h2 className="h4 mt-4">{t("partnersTitle")}</h2>
      <ul data-testid="public-partners">
        {accepted.map((p) => (
          <li key={p.organisationId}>
            {p.legalName} — {to(`kinds.${p.kind}`)}
            {p.isLead && ` (${t("lead")})`}
          </li>
        ))}
      </ul>

      <h2 className="h4 mt-4">{t("budgetTitle")}</h2>
      <dl className="row" data-testid="public-totals">
        <dt className="col-sm-4">{t("totalCost")}</dt>
        <dd className="col-sm-8">{formatCents(totals.totalCents, locale)}</dd>
        <dt className="col-sm-4">{t("requestedTotal")}</dt>
        <dd className="col-sm-8">
          {formatCents(totals.requestedCents, locale)} ({formatShare(totals.requestedShareBp, locale)})
        </dd>
        <dt className="col-sm-4">{t("cofinancingTotal")}</dt>
        <dd className="col-sm-8">
          {formatCents(totals.cofinancingCents, locale)} ({formatShare(totals.cofinancingShareBp, locale)})
        </dd>
      </dl>
      <OwnAppraisal proposalId={proposal.id} />
    </article>
  );
}
