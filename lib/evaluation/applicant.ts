import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callCriteria, calls, evaluationConsolidatedScores, organisationMembers, proposalPartners, proposals } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";

export type OwnAppraisal = {
  criteria: { id: string; name: string; maxPoints: number; points: number; justification: string }[];
  total: number;
  maxTotal: number;
};

/**
 * A proposal's consolidated criterion scores and justifications, for its applicants only
 * (issue 14, item 8): the viewer represents (admin or named representative) its lead or an
 * accepted partner, the call's appraisal was approved and its results are published. Anyone
 * else, and everyone before the results, gets null — checked here, on the server, whatever
 * the page shows.
 */
export async function getOwnAppraisal(db: Db, viewer: Actor | null, proposalId: string): Promise<OwnAppraisal | null> {
  if (!viewer) return null;
  const [proposal] = await db.select({ id: proposals.id, callId: proposals.callId }).from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal) return null;
  const [applicant] = await db
    .select({ id: proposalPartners.organisationId })
    .from(proposalPartners)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, proposalPartners.organisationId))
    .where(and(eq(proposalPartners.proposalId, proposal.id), eq(proposalPartners.status, "accepted"), eq(organisationMembers.userId, viewer.userId), representsOrganisation()))
    .limit(1);
  if (!applicant) return null;
  const [state] = await db
    .select({
      mode: calls.evaluationMode,
      // Qualified by hand: drizzle renders a selected expression's columns unqualified.
      approved: sql<boolean>`exists (select 1 from call_evaluations e where e.call_id = "calls"."id")`,
      published: sql<boolean>`exists (select 1 from call_results r where r.call_id = "calls"."id")`,
    })
    .from(calls)
    .where(eq(calls.id, proposal.callId));
  if (!state || state.mode === "none" || !state.approved || !state.published) return null;
  const rows = await db
    .select({
      id: callCriteria.id,
      name: callCriteria.name,
      maxPoints: callCriteria.maxPoints,
      points: evaluationConsolidatedScores.points,
      justification: evaluationConsolidatedScores.justification,
    })
    .from(callCriteria)
    .innerJoin(evaluationConsolidatedScores, and(eq(evaluationConsolidatedScores.criterionId, callCriteria.id), eq(evaluationConsolidatedScores.proposalId, proposal.id)))
    .where(eq(callCriteria.callId, proposal.callId))
    .orderBy(asc(callCriteria.position));
  if (rows.length === 0) return null;
  return { criteria: rows, total: rows.reduce((s, r) => s + r.points, 0), maxTotal: rows.reduce((s, r) => s + r.maxPoints, 0) };
}
