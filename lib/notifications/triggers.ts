import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { calls, coalitions, organisations, proposalPartners, proposals } from "@/db/schema";
import { coalitionUserIds, notifyOrganisations, notifyUsers, organisationUserIds, type NotifyResult } from "./notify";

/**
 * The events of the existing services as notifications (issue 12). Each is called inside the
 * event's own transaction, so the notification commits or rolls back with it; each names the
 * event in its dedupe key, so running the same event path again tells nobody twice; the
 * person who acted is never told of their own act; and each leads to the page where the
 * person answers or reads it.
 *
 * Who is told: the representatives (those who may act for the organisation) for invitations,
 * requests and their answers, which ask someone to act; all the people of the organisations
 * concerned for news (a call, results, admissibility, money).
 */

type Actor = { actorUserId: string };

async function coalitionOf(tx: Tx, coalitionId: string) {
  const [row] = await tx.select({ name: coalitions.name, slug: coalitions.slug }).from(coalitions).where(eq(coalitions.id, coalitionId));
  return row;
}

async function organisationName(tx: Tx, organisationId: string): Promise<string> {
  const [row] = await tx.select({ name: organisations.legalName }).from(organisations).where(eq(organisations.id, organisationId));
  return row?.name ?? "";
}

async function proposalOf(tx: Tx, proposalId: string) {
  const [row] = await tx
    .select({ title: proposals.title, leadOrganisationId: proposals.leadOrganisationId, leadName: organisations.legalName })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(eq(proposals.id, proposalId));
  return row;
}

/** The representatives of the coalition's promoter organisations. */
function promoterRepresentatives(tx: Tx, coalitionId: string) {
  return coalitionUserIds(tx, coalitionId, { roles: ["promoter"], representativesOnly: true });
}

/** 1. A promoter invited an organisation to the coalition: its representatives answer from their desk. */
export async function notifyCoalitionInvitation(tx: Tx, input: Actor & { requestId: string; coalitionId: string; organisationId: string }): Promise<NotifyResult> {
  const coalition = await coalitionOf(tx, input.coalitionId);
  return notifyOrganisations(
    tx,
    [input.organisationId],
    {
      kind: "coalition_invitation",
      params: { coalition: coalition.name, organisation: await organisationName(tx, input.organisationId) },
      href: "/desk",
      dedupeKey: `coalition_invitation:${input.requestId}`,
    },
    { representativesOnly: true, except: input.actorUserId },
  );
}

/** 2. An organisation asked to join: the promoters' representatives answer on the coalition's manage page. */
export async function notifyCoalitionJoinRequest(tx: Tx, input: Actor & { requestId: string; coalitionId: string; organisationId: string }): Promise<NotifyResult> {
  const coalition = await coalitionOf(tx, input.coalitionId);
  return notifyUsers(
    tx,
    await promoterRepresentatives(tx, input.coalitionId),
    {
      kind: "coalition_join_request",
      params: { coalition: coalition.name, organisation: await organisationName(tx, input.organisationId) },
      href: `/coalitions/${coalition.slug}/manage`,
      dedupeKey: `coalition_join_request:${input.requestId}`,
    },
    { except: input.actorUserId },
  );
}

/**
 * 3. A request was decided by the promoters (the requesting organisation's representatives
 * are told, and read the coalition's page) or an invitation answered by the organisation (the
 * promoters' representatives are told, on the manage page).
 */
export async function notifyCoalitionRequestAnswered(
  tx: Tx,
  input: Actor & { requestId: string; coalitionId: string; organisationId: string; direction: "request" | "invitation"; accepted: boolean },
): Promise<NotifyResult> {
  const coalition = await coalitionOf(tx, input.coalitionId);
  const recipients =
    input.direction === "request"
      ? await organisationUserIds(tx, [input.organisationId], { representativesOnly: true })
      : await promoterRepresentatives(tx, input.coalitionId);
  return notifyUsers(
    tx,
    recipients,
    {
      kind: "coalition_request_answered",
      params: {
        coalition: coalition.name,
        organisation: await organisationName(tx, input.organisationId),
        outcome: input.accepted ? "accepted" : "declined",
        direction: input.direction,
      },
      href: input.direction === "request" ? `/coalitions/${coalition.slug}` : `/coalitions/${coalition.slug}/manage`,
      dedupeKey: `coalition_request_answered:${input.requestId}`,
    },
    { except: input.actorUserId },
  );
}

/**
 * 4. The lead invited an organisation as a partner of a draft: its representatives answer
 * from their desk. `version` is the proposal's version after the invitation: a partnership
 * declined and opened again is a new event.
 */
export async function notifyPartnerInvitation(tx: Tx, input: Actor & { proposalId: string; organisationId: string; version: number }): Promise<NotifyResult> {
  const proposal = await proposalOf(tx, input.proposalId);
  return notifyOrganisations(
    tx,
    [input.organisationId],
    {
      kind: "partner_invitation",
      params: { proposal: proposal.title, lead: proposal.leadName, organisation: await organisationName(tx, input.organisationId) },
      href: "/desk",
      dedupeKey: `partner_invitation:${input.proposalId}:${input.organisationId}:v${input.version}`,
    },
    { representativesOnly: true, except: input.actorUserId },
  );
}

/** 5. An organisation asked to join a draft: the lead's representatives answer in the proposal's workspace. */
export async function notifyPartnerJoinRequest(tx: Tx, input: Actor & { proposalId: string; organisationId: string; version: number }): Promise<NotifyResult> {
  const proposal = await proposalOf(tx, input.proposalId);
  return notifyOrganisations(
    tx,
    [proposal.leadOrganisationId],
    {
      kind: "partner_join_request",
      params: { proposal: proposal.title, organisation: await organisationName(tx, input.organisationId) },
      href: `/proposals/${input.proposalId}/edit`,
      dedupeKey: `partner_join_request:${input.proposalId}:${input.organisationId}:v${input.version}`,
    },
    { representativesOnly: true, except: input.actorUserId },
  );
}

/**
 * 6. A request decided by the lead (the requesting organisation's representatives are told:
 * accepted, they work in the proposal's workspace; declined, the draft stays closed to them and
 * their partnerships page shows the answer) or an invitation answered by the partner (the
 * lead's representatives are told, in the workspace).
 */
export async function notifyPartnerRequestAnswered(
  tx: Tx,
  input: Actor & { proposalId: string; organisationId: string; version: number; direction: "request" | "invitation"; accepted: boolean },
): Promise<NotifyResult> {
  const proposal = await proposalOf(tx, input.proposalId);
  const toPartner = input.direction === "request";
  return notifyOrganisations(
    tx,
    [toPartner ? input.organisationId : proposal.leadOrganisationId],
    {
      kind: "partner_request_answered",
      params: {
        proposal: proposal.title,
        organisation: await organisationName(tx, input.organisationId),
        outcome: input.accepted ? "accepted" : "declined",
        direction: input.direction,
      },
      href: toPartner && !input.accepted ? "/partnerships" : `/proposals/${input.proposalId}/edit`,
      dedupeKey: `partner_request_answered:${input.proposalId}:${input.organisationId}:v${input.version}`,
    },
    { representativesOnly: true, except: input.actorUserId },
  );
}

/** 7. A call was published: every person of the coalition's member organisations reads it on its public page. */
export async function notifyCallOpened(tx: Tx, input: Actor & { callId: string }): Promise<NotifyResult> {
  const [call] = await tx
    .select({ title: calls.title, coalitionId: calls.coalitionId, closesAt: calls.submissionClosesAt })
    .from(calls)
    .where(eq(calls.id, input.callId));
  const coalition = await coalitionOf(tx, call.coalitionId);
  return notifyUsers(
    tx,
    await coalitionUserIds(tx, call.coalitionId),
    {
      kind: "call_opened",
      params: { call: call.title, coalition: coalition.name, closesAt: call.closesAt?.toISOString() ?? "" },
      href: `/coalitions/${coalition.slug}/calls/${input.callId}`,
      dedupeKey: `call_opened:${input.callId}`,
    },
    { except: input.actorUserId },
  );
}

/**
 * 8. A call's results (version 1) or their correction (version 2, …) were published: every
 * person of the coalition's member organisations and of the accepted partners of the call's
 * submitted proposals (who may have left the coalition since) reads them on the results page.
 */
export async function notifyResultsPublished(tx: Tx, input: Actor & { callId: string; version: number }): Promise<NotifyResult> {
  const [call] = await tx.select({ title: calls.title, coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, input.callId));
  const coalition = await coalitionOf(tx, call.coalitionId);
  const partners = await tx
    .selectDistinct({ organisationId: proposalPartners.organisationId })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .where(and(eq(proposals.callId, input.callId), ne(proposals.status, "draft"), eq(proposalPartners.status, "accepted")));
  const people = [
    ...(await coalitionUserIds(tx, call.coalitionId)),
    ...(await organisationUserIds(
      tx,
      partners.map((p) => p.organisationId),
    )),
  ];
  return notifyUsers(
    tx,
    people,
    {
      kind: "results_published",
      params: { call: call.title, coalition: coalition.name, version: input.version },
      href: `/calls/${input.callId}/results`,
      dedupeKey: `results_published:${input.callId}:v${input.version}`,
    },
    { except: input.actorUserId },
  );
}

/**
 * 9. A promoter marked a proposal admissible or not: the people of its lead and accepted
 * partners read it on the proposal's page (which shows the reason). `version` is the
 * proposal's version after the decision: a decision changed before the vote is a new event.
 */
export async function notifyAdmissibilityDecided(
  tx: Tx,
  input: Actor & { proposalId: string; admitted: boolean; reason: string | null; version: number },
): Promise<NotifyResult> {
  const proposal = await proposalOf(tx, input.proposalId);
  const partners = await tx
    .select({ organisationId: proposalPartners.organisationId })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, input.proposalId), eq(proposalPartners.status, "accepted")));
  return notifyOrganisations(
    tx,
    [proposal.leadOrganisationId, ...partners.map((p) => p.organisationId)],
    {
      kind: "admissibility_decided",
      params: { proposal: proposal.title, outcome: input.admitted ? "admitted" : "excluded", reason: input.reason ?? "" },
      href: `/proposals/${input.proposalId}`,
      dedupeKey: `admissibility_decided:${input.proposalId}:v${input.version}`,
    },
    { except: input.actorUserId },
  );
}

/** The grant's organisation and proposal, for the money notifications. */
async function grantContext(tx: Tx, input: { organisationId: string; proposalId: string }) {
  const proposal = await proposalOf(tx, input.proposalId);
  return { organisation: await organisationName(tx, input.organisationId), proposal: proposal.title };
}

/** 10. A promoter completed the review of an expense report: the grant's organisation reads it on the report's page. */
export async function notifyExpenseReportReviewed(
  tx: Tx,
  input: Actor & { reportId: string; number: number; grantId: string; organisationId: string; proposalId: string; acceptedCents: number },
): Promise<NotifyResult> {
  const context = await grantContext(tx, input);
  return notifyOrganisations(
    tx,
    [input.organisationId],
    {
      kind: "expense_report_reviewed",
      params: { number: input.number, ...context, acceptedCents: input.acceptedCents },
      href: `/grants/${input.grantId}/reports/${input.number}`,
      dedupeKey: `expense_report_reviewed:${input.reportId}`,
    },
    { except: input.actorUserId },
  );
}

/** 11. A promoter paid a tranche (advance, interim or balance): the grant's organisation reads it on the grant's page. */
export async function notifyTrancheReleased(
  tx: Tx,
  input: Actor & { trancheId: string; kind: "advance" | "interim" | "balance"; amountCents: number; grantId: string; organisationId: string; proposalId: string },
): Promise<NotifyResult> {
  const context = await grantContext(tx, input);
  return notifyOrganisations(
    tx,
    [input.organisationId],
    {
      kind: "tranche_released",
      params: { amountCents: input.amountCents, tranche: input.kind, ...context },
      href: `/grants/${input.grantId}`,
      dedupeKey: `tranche_released:${input.trancheId}`,
    },
    { except: input.actorUserId },
  );
}
