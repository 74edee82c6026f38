import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCriteria, callEvaluations, callEvaluators, evaluationConsolidatedScores, evaluationReviews, proposals, type Call, type CallEvaluator } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { activeEvaluatorOf, allReviewsSubmitted, appraisedProposalIds, automaticExclusions, isApproved, loadCall } from "./committee-access";
import { APPRAISED_STATUSES } from "./committee-policy";
import { callIdSchema, consolidateSchema } from "./committee-schemas";
import { loadReportSource, renderEvaluationReport } from "./report";

/**
 * The chair's part: once every review is in, one consolidated score per criterion of each
 * proposal (editable until approval), then the approval of the appraisal, which freezes it
 * and fixes the report's SHA-256.
 */

/** Locks the call for its chair, while the appraisal is open and every review is submitted. */
async function lockForChair(tx: Tx, actor: Actor, callId: string): Promise<{ call: Call; chair: CallEvaluator }> {
  const call = await loadCall(tx, callId, "update");
  const chair = call ? await activeEvaluatorOf(tx, callId, actor.userId) : null;
  if (!call || !chair) throw new AppError("NOT_FOUND", "evaluationNotFound");
  if (chair.role !== "chair") throw new AppError("FORBIDDEN", "evaluationChairOnly");
  if (await isApproved(tx, call.id)) throw new AppError("INVALID_STATE", "evaluationApproved");
  if (!(await allReviewsSubmitted(tx, call.id))) throw new AppError("INVALID_STATE", "evaluationReviewsOutstanding");
  // A chair excluded from any appraised proposal (its organisation leads or joins it, or a
  // declared conflict) would set that proposal's score, the one that counts: refused before
  // consolidation starts, while the promoter may still name another chair.
  const ids = await appraisedProposalIds(tx, call.id);
  const [declared] = await tx
    .select({ proposalId: evaluationReviews.proposalId })
    .from(evaluationReviews)
    .where(and(eq(evaluationReviews.evaluatorId, chair.id), eq(evaluationReviews.conflict, true)))
    .limit(1);
  if (declared || (await automaticExclusions(tx, chair, ids)).size > 0) throw new AppError("INVALID_STATE", "evaluationChairExcluded");
  return { call, chair };
}

/**
 * Records (or corrects) the consolidated scores of one proposal, every criterion with its
 * points and justification. Throws UNAUTHENTICATED, VALIDATION (a criterion missing, unknown
 * or above its maximum), NOT_FOUND, FORBIDDEN (not the chair), INVALID_STATE (reviews
 * outstanding, approved).
 */
export async function consolidate(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(consolidateSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { call, chair } = await lockForChair(tx, who, data.callId);
    const [proposal] = await tx
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.id, data.proposalId), eq(proposals.callId, call.id), inArray(proposals.status, [...APPRAISED_STATUSES])));
    if (!proposal) throw new AppError("NOT_FOUND", "proposalNotFound");
    const criteria = await tx.select({ id: callCriteria.id, maxPoints: callCriteria.maxPoints }).from(callCriteria).where(eq(callCriteria.callId, call.id));
    const fieldErrors: Record<string, string[]> = {};
    data.scores.forEach((s, i) => {
      const criterion = criteria.find((c) => c.id === s.criterionId);
      if (!criterion) fieldErrors[`scores.${i}.criterionId`] = ["invalidInput"];
      else if (s.points > criterion.maxPoints) fieldErrors[`scores.${i}.points`] = ["evaluationPointsRange"];
    });
    if (Object.keys(fieldErrors).length > 0) throw new AppError("VALIDATION", "invalidInput", fieldErrors);
    const given = new Set(data.scores.map((s) => s.criterionId));
    if (criteria.some((c) => !given.has(c.id))) throw new AppError("VALIDATION", "evaluationIncomplete");
    const at = now();
    for (const s of data.scores) {
      const values = { points: s.points, justification: s.justification, recordedBy: who.userId, recordedAt: at };
      await tx
        .insert(evaluationConsolidatedScores)
        .values({ proposalId: proposal.id, criterionId: s.criterionId, callId: call.id, ...values })
        .onConflictDoUpdate({ target: [evaluationConsolidatedScores.proposalId, evaluationConsolidatedScores.criterionId], set: values });
    }
    await record(tx, {
      actorUserId: who.userId,
      action: "evaluation.consolidated",
      entityType: "proposal",
      entityId: proposal.id,
      data: { callId: call.id, evaluatorId: chair.id, total: data.scores.reduce((a, s) => a + s.points, 0) },
    });
  });
}

/**
 * The chair approves the appraisal once every proposal has every criterion consolidated: it
 * is frozen from then on, and the report's SHA-256 (Italian PDF) is kept with the approval.
 * Irreversible. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN (not the chair),
 * INVALID_STATE (reviews outstanding, consolidation incomplete, approved already).
 */
export async function approveEvaluation(db: Db, actor: Actor | null, input: unknown): Promise<{ reportSha256: string }> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { call, chair } = await lockForChair(tx, who, callId);
    const ids = await appraisedProposalIds(tx, call.id);
    const [{ criteria }] = await tx.select({ criteria: sql<number>`count(*)::int` }).from(callCriteria).where(eq(callCriteria.callId, call.id));
    const [{ consolidated }] = await tx
      .select({ consolidated: sql<number>`count(*)::int` })
      .from(evaluationConsolidatedScores)
      .where(and(eq(evaluationConsolidatedScores.callId, call.id), ids.length ? inArray(evaluationConsolidatedScores.proposalId, ids) : sql`false`));
    if (ids.length === 0 || Number(criteria) === 0 || Number(consolidated) < ids.length * Number(criteria)) {
      throw new AppError("INVALID_STATE", "evaluationConsolidationIncomplete");
    }
    const at = now();
    await tx.insert(callEvaluations).values({ callId: call.id, approvedAt: at, approvedBy: who.userId });
    const source = await loadReportSource(tx, call.id);
    const bytes = await renderEvaluationReport(source!, "it");
    const reportSha256 = createHash("sha256").update(bytes).digest("hex");
    await tx.update(callEvaluations).set({ reportSha256 }).where(eq(callEvaluations.callId, call.id));
    const [{ members }] = await tx
      .select({ members: sql<number>`count(*)::int` })
      .from(callEvaluators)
      .where(and(eq(callEvaluators.callId, call.id), isNull(callEvaluators.removedAt)));
    await record(tx, {
      actorUserId: who.userId,
      action: "evaluation.approved",
      entityType: "call",
      entityId: call.id,
      data: { evaluatorId: chair.id, proposals: ids.length, evaluators: Number(members), reportSha256 },
    });
    return { reportSha256 };
  });
}
