import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitionMembers, coalitions, organisationMembers, organisations, proposalBudgetLines, proposalPartners, proposals, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getProposalAccess, publicStatuses } from "./access";
import { budgetTotals } from "./budget";

/**
 * One proposal as the viewer may see it, or null ("not found") when they may not.
 * Budget lines (private notes included) only for those involved and promoters.
 */
export async function getProposalForViewer(db: Db, viewer: Actor | null, proposalId: string) {
  const [proposal] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal) return null;
  const access = await getProposalAccess(db, viewer, proposal);
  if (!access.canRead) return null;
  const [call] = await db
    .select({
      id: calls.id,
      title: calls.title,
      coalitionId: calls.coalitionId,
      coalitionSlug: coalitions.slug,
      coalitionName: coalitions.name,
      status: calls.status,
      themes: calls.themes,
      sectors: calls.sectors,
      maxRequestCents: calls.maxRequestCents,
      minCofinancingBp: calls.minCofinancingBp,
      allowLowerRequest: calls.allowLowerRequest,
      submissionOpensAt: calls.submissionOpensAt,
      submissionClosesAt: calls.submissionClosesAt,
      votingOpensAt: calls.votingOpensAt,
      votingClosesAt: calls.votingClosesAt,
    })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(eq(calls.id, proposal.callId));
  const partners = await db
    .select({
      organisationId: proposalPartners.organisationId,
      legalName: organisations.legalName,
      kind: organisations.kind,
      sizeClass: organisations.sizeClass,
      status: proposalPartners.status,
      isLead: proposalPartners.isLead,
      roleDescription: proposalPartners.roleDescription,
      message: proposalPartners.message,
      contribution: proposalPartners.contribution,
      cofinancingCents: proposalPartners.cofinancingCents,
    })
    .from(proposalPartners)
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(eq(proposalPartners.proposalId, proposal.id))
    .orderBy(asc(organisations.legalName));
  const seesBudgetDetail = access.isInvolved || access.isPromoter;
  const lines = await db
    .select({
      id: proposalBudgetLines.id,
      organisationId: proposalBudgetLines.organisationId,
      category: proposalBudgetLines.category,
      description: proposalBudgetLines.description,
      amountCents: proposalBudgetLines.amountCents,
    })
    .from(proposalBudgetLines)
    .where(eq(proposalBudgetLines.proposalId, proposal.id))
    .orderBy(asc(proposalBudgetLines.position));
  const [updatedBy] = proposal.updatedBy ? await db.select({ name: users.name }).from(users).where(eq(users.id, proposal.updatedBy)) : [];
  const livePartners = partners.filter((p) => p.status === "accepted");
  const totals = budgetTotals({ lines, partners: livePartners, requestedCents: proposal.requestedCents });
  // The public sees who takes part and the totals; people and private notes stay inside.
  const visiblePartners = seesBudgetDetail ? partners : livePartners.map((p) => ({ ...p, message: "", contribution: "" }));
  return {
    proposal: { ...proposal, updatedByName: updatedBy?.name ?? null },
    call,
    partners: visiblePartners,
    lines: seesBudgetDetail ? lines : [],
    totals,
    access,
  };
}

export type ProposalView = NonNullable<Awaited<ReturnType<typeof getProposalForViewer>>>;

/** Proposals the viewer's organisations lead or take part in, drafts included. */
export async function listMyProposals(db: Db, viewer: Actor) {
  const myOrgs = db.select({ id: organisationMembers.organisationId }).from(organisationMembers).where(eq(organisationMembers.userId, viewer.userId));
  return db
    .selectDistinct({
      id: proposals.id,
      title: proposals.title,
      reference: proposals.reference,
      status: proposals.status,
      callTitle: calls.title,
      leadName: organisations.legalName,
      updatedAt: proposals.updatedAt,
    })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(and(inArray(proposalPartners.organisationId, myOrgs), inArray(proposalPartners.status, ["accepted", "invited", "requested"])))
    .orderBy(asc(proposals.title));
}

/** Submitted proposals of a call, for its public page: what anyone may see. */
export async function listPublicProposals(db: Db, callId: string) {
  return db
    .select({ id: proposals.id, title: proposals.title, reference: proposals.reference, status: proposals.status, leadName: organisations.legalName })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, publicStatuses)))
    .orderBy(asc(proposals.reference));
}

/** Organisations the viewer administers that may lead a proposal in this call's coalition. */
export async function listPossibleLeads(db: Db, viewer: Actor, callId: string) {
  const [call] = await db.select({ coalitionId: calls.coalitionId, leadKinds: calls.leadKinds }).from(calls).where(eq(calls.id, callId));
  if (!call) return [];
  const rows = await db
    .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, call.coalitionId)))
    .where(and(eq(organisationMembers.userId, viewer.userId), eq(organisationMembers.role, "admin"), inArray(coalitionMembers.role, ["member", "promoter"])))
    .orderBy(asc(organisations.legalName));
  return rows.filter((r) => call.leadKinds.length === 0 || call.leadKinds.includes(r.kind));
}
