import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { callPhase } from "@/lib/calls/policy";
import { SuccessMessage } from "@/components/confirm-dialog";
import { now } from "@/lib/clock";
import { centsToInput, formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";
import { organisationKinds } from "@/lib/organisations/schemas";
import { formatShare } from "@/lib/proposals/budget";
import { canWithdraw } from "@/lib/proposals/policy";
import { getProposalForViewer } from "@/lib/proposals/queries";
import { checkProposal } from "@/lib/proposals/service";
import { searchInvitablePartners } from "@/lib/proposals/browse";
import { PartnersPanel } from "../_components/partners-panel";
import { ProposalForm } from "../_components/proposal-form";
import { SubmitPanel, WithdrawPanel } from "../_components/submit-panel";
import { AttachmentsPanel } from "../_components/attachments-panel";
import { SubmissionDocuments } from "../_components/submission-documents";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("proposals"))("editTitle") };
}

export default async function EditProposalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string; partner?: string }> }) {
  const { id } = await params;
  const { done, partner } = await searchParams;
  // The invitation's search (?partner=, a GET form): at most 20 coalition members, searched in SQL.
  const partnerQuery = typeof partner === "string" ? partner.slice(0, 100) : "";
  if (!z.uuid().safeParse(id).success) notFound();
  const actor = await requirePageActor(`/proposals/${id}/edit`);
  const db = await getDb();
  const view = await getProposalForViewer(db, actor, id);
  if (!view || (!view.access.isInvolved && !view.access.isPromoter)) notFound();
  const { proposal, call, partners, lines, totals, access } = view;
  const t = await getTranslations("proposals");
  const tc = await getTranslations("confirm");
  const locale = await getLocale();
  const isDraft = proposal.status === "draft";
  const invitable = access.isLeadAdmin && isDraft ? await searchInvitablePartners(db, actor, id, partnerQuery) : { matches: [], more: false };
  const problems = isDraft && access.isInvolved ? await checkProposal(db, actor, { proposalId: id }) : [];
  const phase = callPhase(call, now());
  const accepted = partners.filter((p) => p.status === "accepted");
  const editableOrgIds = new Set(
    isDraft ? (access.isLeadAdmin ? accepted.map((p) => p.organisationId) : access.partnerAdminOf.filter((p) => p.status === "accepted").map((p) => p.organisationId)) : [],
  );
  const costOf = (orgId: string) => totals.byPartner.find((b) => b.organisationId === orgId)?.costCents ?? 0;
  const cofinancingOf = (orgId: string) => accepted.find((p) => p.organisationId === orgId)?.cofinancingCents ?? 0;
  // The parts this person saves with the page's one save: every accepted partner's for the lead's admins, their own for a partner's.
  const editableParts = accepted
    .filter((p) => editableOrgIds.has(p.organisationId))
    .map((p) => ({
      organisationId: p.organisationId,
      organisationName: p.legalName,
      lines: lines
        .filter((l) => l.organisationId === p.organisationId)
        .map((l) => ({ category: l.category, description: l.description, amount: centsToInput(l.amountCents) })),
      cofinancing: p.cofinancingCents ? centsToInput(p.cofinancingCents) : "",
    }));

  return (
    <>
      <p id="top">
        <Link href={`/coalitions/${call.coalitionSlug}/calls/${call.id}`}>← {call.title}</Link>
      </p>
      <div className="d-flex flex-wrap gap-3 align-items-baseline mb-2">
        <h1 className="mb-0">{proposal.title}</h1>
        <span className="badge bg-primary" data-testid="proposal-status">
          {t(`statuses.${proposal.status}`)}
        </span>
        {proposal.reference && <span data-testid="proposal-reference">{proposal.reference}</span>}
      </div>
      <p className="form-hint">
        {t("versionInfo", { version: proposal.version, name: proposal.updatedByName ?? "—", when: formatRomeIn(proposal.updatedAt, locale, "il") })}
        {!isDraft && <> · {t("frozen")}</>}
      </p>
      {/* What the last action did, from the database rather than from the URL. */}
      {done === "submitted" && proposal.status === "submitted" && proposal.reference && proposal.submittedAt && (
        <SuccessMessage>{tc("done.proposalSubmitted", { time: formatRomeIn(proposal.submittedAt, locale, "il"), reference: proposal.reference })}</SuccessMessage>
      )}
      {done === "withdrawn" && proposal.status === "withdrawn" && <SuccessMessage>{tc("done.proposalWithdrawn")}</SuccessMessage>}
      {!isDraft && (
        <p>
          <Link href={`/proposals/${proposal.id}`}>{t("publicPage")}</Link>
        </p>
      )}
      <SubmissionDocuments proposalId={proposal.id} />

      <ProposalForm
        proposalId={proposal.id}
        version={proposal.version}
        canEditDetails={isDraft && access.isLeadAdmin}
        themes={call.themes}
        sectors={call.sectors}
        kinds={[...organisationKinds]}
        details={{
          title: proposal.title,
          summary: proposal.summary,
          problem: proposal.problem,
          solutionType: (proposal.solutionType ?? "") as "",
          objectives: proposal.objectives,
          indicators: proposal.indicators,
          milestones: proposal.milestones.map((m) => ({ title: m.title, month: String(m.month) })),
          durationMonths: proposal.durationMonths ? String(proposal.durationMonths) : "",
          sectors: proposal.sectors as [],
          lookingForKinds: proposal.lookingForKinds as [],
        }}
        parts={editableParts}
        othersCostCents={totals.totalCents - editableParts.reduce((sum, p) => sum + costOf(p.organisationId), 0)}
        othersCofinancingCents={totals.cofinancingCents - editableParts.reduce((sum, p) => sum + cofinancingOf(p.organisationId), 0)}
        requestedCents={proposal.requestedCents}
        allowLowerRequest={call.allowLowerRequest}
        minCofinancingBp={call.minCofinancingBp}
        maxRequestCents={call.maxRequestCents}
        partners={<PartnersPanel proposalId={proposal.id} isLeadAdmin={access.isLeadAdmin} isDraft={isDraft} partners={partners} invitable={invitable.matches} search={{ query: partnerQuery, more: invitable.more }} />}
        savedBudget={
          <>
            <h3 className="h5">{t("savedBudgetTitle")}</h3>
            <p data-testid="budget-summary">
              {totals.totalCents === 0
                ? t("budgetSummaryEmpty")
                : t(totals.cofinancingCents > totals.totalCents ? "budgetSummaryNoShares" : "budgetSummary", {
                    total: formatCents(totals.totalCents, locale),
                    requested: formatCents(totals.requestedCents, locale),
                    requestedShare: formatShare(totals.requestedShareBp, locale),
                    cofinancing: formatCents(totals.cofinancingCents, locale),
                    cofinancingShare: formatShare(totals.cofinancingShareBp, locale),
                  })}
            </p>
            {/* Focusable so a keyboard can scroll it on a phone; named like its caption. */}
            <div className="table-responsive" role="region" aria-label={t("savedBudgetTitle")} tabIndex={0}>
              <table className="table" data-testid="budget-table">
                <caption className="visually-hidden">{t("savedBudgetTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("partner")}</th>
                    <th scope="col">{t("category")}</th>
                    <th scope="col">{t("lineDescription")}</th>
                    <th scope="col" className="text-end">
                      {t("amount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr key={l.id}>
                      <td>{partners.find((p) => p.organisationId === l.organisationId)?.legalName}</td>
                      <td>{t(`categories.${l.category}`)}</td>
                      <td>{l.description}</td>
                      <td className="text-end">{formatCents(l.amountCents, locale)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {t("totalCost")}
                    </th>
                    <td className="text-end fw-bold">{formatCents(totals.totalCents, locale)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        }
      />

      <AttachmentsPanel proposalId={proposal.id} />

      {isDraft && access.isInvolved && <SubmitPanel proposalId={proposal.id} version={proposal.version} problems={problems} canSubmit={access.isLeadAdmin} />}
      {access.isLeadAdmin && canWithdraw(proposal.status, phase) && <WithdrawPanel proposalId={proposal.id} />}
    </>
  );
}
