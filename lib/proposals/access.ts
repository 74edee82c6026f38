import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, organisationMembers, proposalPartners, proposals, type ProposalStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative } from "@/lib/auth/permissions";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";

/** Statuses anyone may see: a submitted proposal has a public page (DESIGN rule 10 keeps drafts private). */
export const publicStatuses: ProposalStatus[] = ["submitted", "admissible", "inadmissible", "selected", "not_selected"];

export type ProposalAccess = {
  /** The actor administers the lead organisation: edits, invites, submits, withdraws. */
  isLeadAdmin: boolean;
  /** Organisations the actor administers that take part (any partnership status, lead included). */
  partnerAdminOf: { organisationId: string; status: string; isLead: boolean }[];
  /** Organisations the actor represents (admins and named representatives) that take part: they answer invitations. */
  partnerRepresentativeOf: { organisationId: string; status: string; isLead: boolean }[];
  /** The actor represents an organisation involved in the proposal (any role, any status). */
  isInvolved: boolean;
  /** The actor is a promoter of the call's coalition. */
  isPromoter: boolean;
  /** What the actor may read: involved people always; promoters once submitted; anyone once public. */
  canRead: boolean;
};

/** Who the actor is with respect to one proposal. Queries and services both decide from this. */
export async function getProposalAccess(
  db: Db | Tx,
  actor: Actor | null,
  proposal: { id: string; status: ProposalStatus; callId: string },
): Promise<ProposalAccess> {
  const isPublic = publicStatuses.includes(proposal.status);
  if (!actor) return { isLeadAdmin: false, partnerAdminOf: [], partnerRepresentativeOf: [], isInvolved: false, isPromoter: false, canRead: isPublic };
  const mine = await db
    .select({
      organisationId: proposalPartners.organisationId,
      status: proposalPartners.status,
      isLead: proposalPartners.isLead,
      orgRole: organisationMembers.role,
      isNamedRepresentative: organisationMembers.isRepresentative,
    })
    .from(proposalPartners)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, proposalPartners.organisationId))
    .where(and(eq(proposalPartners.proposalId, proposal.id), eq(organisationMembers.userId, actor.userId)));
  const [call] = await db.select({ coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, proposal.callId));
  const isPromoter = call ? await isCoalitionPromoter(db, actor, call.coalitionId) : false;
  // Asking to join does not open the draft: only the lead's acceptance (or an invitation) does.
  const involved = mine.filter((m) => m.status === "accepted" || m.status === "invited");
  const strip = ({ organisationId, status, isLead }: (typeof involved)[number]) => ({ organisationId, status, isLead });
  const partnerAdminOf = involved.filter((m) => m.orgRole === "admin").map(strip);
  return {
    isLeadAdmin: partnerAdminOf.some((m) => m.isLead),
    partnerAdminOf,
    partnerRepresentativeOf: involved.filter((m) => isRepresentative(m.orgRole, m.isNamedRepresentative)).map(strip),
    isInvolved: involved.length > 0,
    isPromoter,
    canRead: isPublic || involved.length > 0 || (isPromoter && proposal.status !== "draft"),
  };
}

/** Loads a proposal for a write, locked, and the actor's access to it; what the actor may not see is NOT_FOUND. */
export async function lockProposalFor(tx: Tx, actor: Actor, proposalId: string) {
  const [proposal] = await tx.select().from(proposals).where(eq(proposals.id, proposalId)).for("update");
  if (!proposal) throw new AppError("NOT_FOUND", "proposalNotFound");
  const access = await getProposalAccess(tx, actor, proposal);
  if (!access.canRead) throw new AppError("NOT_FOUND", "proposalNotFound");
  return { proposal, access };
}

/** Organisation ids the actor administers among these. */
export async function adminOrganisationIds(db: Db | Tx, actor: Actor, organisationIds: string[]): Promise<Set<string>> {
  if (organisationIds.length === 0) return new Set();
  const rows = await db
    .select({ id: organisationMembers.organisationId })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.userId, actor.userId), eq(organisationMembers.role, "admin"), inArray(organisationMembers.organisationId, organisationIds)));
  return new Set(rows.map((r) => r.id));
}
