import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitionMembers, organisations, proposalBudgetLines, proposalPartners, proposals, type PartnerStatus, type Proposal } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record, type AuditAction } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { requireRepresentative } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { notifyPartnerInvitation, notifyPartnerJoinRequest, notifyPartnerRequestAnswered } from "@/lib/notifications/triggers";
import { lockProposalFor } from "./access";
import { invitePartnerSchema, partnerDecisionSchema, removePartnerSchema, requestToJoinProposalSchema } from "./partnership-schemas";
import { bumpVersion, requestedAfterBudgetChange } from "./service";

/**
 * Partnerships of a draft proposal: `requested | invited → accepted | declined | removed`.
 *
 * Who may take part: verified organisations that are members of the call's coalition with
 * the role `member` or `promoter` — the same roles createProposal accepts for the lead.
 * Observers read and never vote (DESIGN), so they neither take part nor browse drafts.
 * Partnerships change only while the proposal is a draft and its call accepts proposals
 * (scheduled or open); removal only needs a draft. Every change bumps the proposal's
 * version, so an editor with the form open is told to reload instead of overwriting.
 */

/** Statuses in which an organisation is (or is about to be) part of the proposal. */
export const livePartnerStatuses: PartnerStatus[] = ["requested", "invited", "accepted"];

/** Coalition roles that may take part in proposals. */
export const partnerCoalitionRoles = ["member", "promoter"] as const;

function requireDraft(proposal: Proposal): void {
  if (proposal.status !== "draft") throw new AppError("INVALID_STATE", "proposalNotDraft");
}

async function requireCallAcceptsPartners(tx: Tx, proposal: Proposal) {
  const [call] = await tx.select().from(calls).where(eq(calls.id, proposal.callId));
  const phase = callPhase(call, now());
  if (phase !== "open" && phase !== "scheduled") throw new AppError("INVALID_STATE", "partnerCallNotOpen");
  return call;
}

/** Whether the organisation can take part in proposals of this coalition (verified, member or promoter). */
async function canTakePart(tx: Tx, coalitionId: string, organisationId: string): Promise<boolean> {
  const [row] = await tx
    .select({ status: organisations.status, role: coalitionMembers.role })
    .from(organisations)
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, coalitionId)))
    .where(eq(organisations.id, organisationId));
  return row?.status === "verified" && (partnerCoalitionRoles as readonly string[]).includes(row.role);
}

async function partnerRow(tx: Tx, proposalId: string, organisationId: string) {
  const [row] = await tx
    .select()
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.organisationId, organisationId)));
  return row;
}

/**
 * Creates the partnership row, or reopens one that was declined or removed (the unique
 * index allows one row per organisation and proposal). A live row is a CONFLICT.
 */
async function openPartnership(
  tx: Tx,
  who: Actor,
  proposalId: string,
  organisationId: string,
  values: { status: "invited" | "requested"; roleDescription?: string; message?: string; contribution?: string },
): Promise<void> {
  const existing = await partnerRow(tx, proposalId, organisationId);
  if (existing && livePartnerStatuses.includes(existing.status)) {
    throw new AppError("CONFLICT", "partnerAlreadyInvolved", { organisationId: ["partnerAlreadyInvolved"] });
  }
  const fields = {
    status: values.status,
    roleDescription: values.roleDescription ?? "",
    message: values.message ?? "",
    contribution: values.contribution ?? "",
    cofinancingCents: 0,
    createdBy: who.userId,
    createdAt: now(),
    decidedBy: null,
    decidedAt: null,
  };
  if (existing) await tx.update(proposalPartners).set(fields).where(eq(proposalPartners.id, existing.id));
  else await tx.insert(proposalPartners).values({ proposalId, organisationId, isLead: false, ...fields });
}

async function audit(tx: Tx, who: Actor, proposal: Proposal, organisationId: string, action: AuditAction, data: Record<string, unknown>) {
  await record(tx, { actorUserId: who.userId, organisationId, action, entityType: "proposal", entityId: proposal.id, data: { organisationId, ...data } });
}

/**
 * The lead's admin invites a coalition member to a draft, with the role it would play.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (not a draft,
 * call closed, organisation cannot take part), CONFLICT (already involved).
 */
export async function invitePartner(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(invitePartnerSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    if (!access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    const call = await requireCallAcceptsPartners(tx, proposal);
    if (!(await canTakePart(tx, call.coalitionId, data.organisationId))) {
      throw new AppError("INVALID_STATE", "partnerNotCoalitionMember", { organisationId: ["partnerNotCoalitionMember"] });
    }
    await openPartnership(tx, who, proposal.id, data.organisationId, { status: "invited", roleDescription: data.roleDescription });
    const version = await bumpVersion(tx, proposal, who);
    await audit(tx, who, proposal, data.organisationId, "proposal.partner_invited", { roleDescription: data.roleDescription, version });
    await notifyPartnerInvitation(tx, { actorUserId: who.userId, proposalId: proposal.id, organisationId: data.organisationId, version });
    return { version };
  });
}

/**
 * A representative of a coalition member (DESIGN: its admins and the members they named)
 * asks to join a draft whose lead is looking for partners, with a message and the
 * contribution offered. A draft the organisation may
 * not see in the partner search is NOT_FOUND. Throws UNAUTHENTICATED, VALIDATION,
 * NOT_FOUND, FORBIDDEN, INVALID_STATE, CONFLICT.
 */
export async function requestToJoinProposal(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(requestToJoinProposalSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    await requireRepresentative(tx, who, data.organisationId);
    // Not lockProposalFor: the requester is not involved yet, and the draft is private.
    // What it may see is the partner-search card, so the same rule decides here.
    const [proposal] = await tx.select().from(proposals).where(eq(proposals.id, data.proposalId)).for("update");
    if (!proposal || proposal.status !== "draft" || proposal.lookingForKinds.length === 0) throw new AppError("NOT_FOUND", "proposalNotFound");
    const [call] = await tx.select({ coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, proposal.callId));
    if (!(await canTakePart(tx, call.coalitionId, data.organisationId))) throw new AppError("NOT_FOUND", "proposalNotFound");
    await requireCallAcceptsPartners(tx, proposal);
    await openPartnership(tx, who, proposal.id, data.organisationId, { status: "requested", message: data.message, contribution: data.contribution });
    const version = await bumpVersion(tx, proposal, who);
    await audit(tx, who, proposal, data.organisationId, "proposal.partner_requested", { message: data.message, contribution: data.contribution, version });
    await notifyPartnerJoinRequest(tx, { actorUserId: who.userId, proposalId: proposal.id, organisationId: data.organisationId, version });
    return { version };
  });
}

/** Moves a pending partnership to accepted or declined, with who decided and when. */
async function decide(tx: Tx, who: Actor, proposal: Proposal, organisationId: string, from: "requested" | "invited", decision: "accept" | "decline") {
  const row = await partnerRow(tx, proposal.id, organisationId);
  if (!row || row.isLead) throw new AppError("NOT_FOUND", "partnerNotFound");
  if (row.status !== from) throw new AppError("INVALID_STATE", "partnerNotPending");
  if (decision === "accept") await requireCallAcceptsPartners(tx, proposal);
  const status = decision === "accept" ? "accepted" : "declined";
  await tx.update(proposalPartners).set({ status, decidedBy: who.userId, decidedAt: now() }).where(eq(proposalPartners.id, row.id));
  const version = await bumpVersion(tx, proposal, who);
  await audit(tx, who, proposal, organisationId, decision === "accept" ? "proposal.partner_accepted" : "proposal.partner_declined", { from, version });
  await notifyPartnerRequestAnswered(tx, {
    actorUserId: who.userId,
    proposalId: proposal.id,
    organisationId,
    version,
    direction: from === "requested" ? "request" : "invitation",
    accepted: decision === "accept",
  });
  return { version };
}

/**
 * The lead's admin accepts or declines an organisation's request to join a draft.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function decidePartnerRequest(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(partnerDecisionSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    if (!access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    return decide(tx, who, proposal, data.organisationId, "requested", data.decision);
  });
}

/**
 * A representative of the invited organisation accepts or declines the invitation.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function respondToPartnerInvitation(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(partnerDecisionSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    const invited = access.partnerRepresentativeOf.some((p) => p.organisationId === data.organisationId && p.status === "invited");
    if (!invited) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    return decide(tx, who, proposal, data.organisationId, "invited", data.decision);
  });
}

/**
 * The lead's admin removes a partner (or withdraws an invitation) from a draft; that
 * partner's budget lines and co-financing go with it. The lead cannot be removed.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function removePartner(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(removePartnerSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    if (!access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    const row = await partnerRow(tx, proposal.id, data.organisationId);
    if (!row) throw new AppError("NOT_FOUND", "partnerNotFound");
    if (row.isLead) throw new AppError("INVALID_STATE", "partnerLeadCannotBeRemoved");
    if (!livePartnerStatuses.includes(row.status)) throw new AppError("INVALID_STATE", "partnerNotLive");
    const removedLines = await tx
      .delete(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, proposal.id), eq(proposalBudgetLines.organisationId, data.organisationId)))
      .returning({ amountCents: proposalBudgetLines.amountCents });
    await tx
      .update(proposalPartners)
      .set({ status: "removed", cofinancingCents: 0, decidedBy: who.userId, decidedAt: now() })
      .where(eq(proposalPartners.id, row.id));
    // The requested contribution follows the budget without that partner's part.
    const requestedCents = await requestedAfterBudgetChange(tx, proposal);
    const version = await bumpVersion(tx, proposal, who, { requestedCents });
    await audit(tx, who, proposal, data.organisationId, "proposal.partner_removed", {
      requestedCents,
      before: row.status,
      removedLines: removedLines.length,
      removedCostCents: removedLines.reduce((sum, l) => sum + l.amountCents, 0),
      removedCofinancingCents: row.cofinancingCents,
      version,
    });
    return { version };
  });
}
