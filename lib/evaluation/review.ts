import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCriteria, evaluationReviews, evaluationScores, proposals, type Call, type CallEvaluator, type EvaluationReview } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { activeEvaluatorOf, automaticExclusion, isApproved, loadCall } from "./committee-access";
import { APPRAISED_STATUSES, reviewProblem } from "./committee-policy";
import { declareSchema, scoresSchema } from "./committee-schemas";

/**
 * An evaluator's work on one proposal: the declaration of (no) conflict of interest, the
 * scores per criterion with their justifications saved as a draft, then submitted and frozen.
 */

type ReviewContext = { call: Call; evaluator: CallEvaluator; review: EvaluationReview | null };

/**
 * Locks the call and the actor's review of the proposal, after checking every rule that may
 * have changed since the last request: still appointed, the window, the proposal appraised,
 * not excluded automatically (which is recorded then and refused).
 */
async function lockReview(tx: Tx, actor: Actor, callId: string, proposalId: string): Promise<ReviewContext & { automatic: "lead" | "partner" | null }> {
  const call = await loadCall(tx, callId, "share");
  const evaluator = call ? await activeEvaluatorOf(tx, callId, actor.userId) : null;
  // Not on this committee (never, or removed): as if the call's appraisal did not exist.
  if (!call || !evaluator) throw new AppError("NOT_FOUND", "evaluationNotFound");
  const problem = reviewProblem(call, await isApproved(tx, call.id), now());
  if (problem) throw new AppError("INVALID_STATE", problem);
  const [proposal] = await tx
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.id, proposalId), eq(proposals.callId, call.id), inArray(proposals.status, [...APPRAISED_STATUSES])));
  if (!proposal) throw new AppError("NOT_FOUND", "proposalNotFound");
  const [review] = await tx
    .select()
    .from(evaluationReviews)
    .where(and(eq(evaluationReviews.evaluatorId, evaluator.id), eq(evaluationReviews.proposalId, proposalId)))
    .for("update");
  return { call, evaluator, review: review ?? null, automatic: await automaticExclusion(tx, evaluator, proposalId) };
}

/**
 * Declares, for one proposal, no conflict of interest (then the evaluator scores it) or a
 * conflict (then they are excluded from it and any draft is dropped). "No conflict" may turn
 * into a conflict until submission; a declared conflict is final. When one of the evaluator's
 * organisations leads or joins the proposal they are excluded whatever they declare: recorded,
 * and returned as the reason. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND (not on the
 * committee, proposal), INVALID_STATE (window, submitted, approved, conflict declared already).
 */
export async function declare(db: Db, actor: Actor | null, input: unknown): Promise<{ excluded: "declared" | "lead" | "partner" | null }> {
  const data = parseInput(declareSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { call, evaluator, review, automatic } = await lockReview(tx, who, data.callId, data.proposalId);
    if (review?.submittedAt) throw new AppError("INVALID_STATE", "evaluationSubmitted");
    // A declared conflict is final: withdrawing it would let an evaluator (a chair, once every
    // other review is in, has read the others' scores) come back and score the proposal.
    if (review?.conflict === true) throw new AppError("INVALID_STATE", "evaluationExcluded");
    const at = now();
    const excluded: "declared" | "lead" | "partner" | null = automatic ?? (data.conflict ? "declared" : null);
    const values = { conflict: data.conflict, declaredAt: at, excluded };
    await tx
      .insert(evaluationReviews)
      .values({ evaluatorId: evaluator.id, proposalId: data.proposalId, callId: call.id, ...values })
      .onConflictDoUpdate({ target: [evaluationReviews.evaluatorId, evaluationReviews.proposalId], set: values });
    if (excluded) {
      await tx.delete(evaluationScores).where(and(eq(evaluationScores.evaluatorId, evaluator.id), eq(evaluationScores.proposalId, data.proposalId)));
    }
    await record(tx, {
      actorUserId: who.userId,
      action: "evaluation.declared",
      entityType: "proposal",
      entityId: data.proposalId,
      data: { callId: call.id, evaluatorId: evaluator.id, conflict: data.conflict, excluded },
    });
    return { excluded };
  });
}

/** Checks the actor may score: declared no conflict, not excluded, not submitted. */
function requireScorable(ctx: ReviewContext & { automatic: "lead" | "partner" | null }) {
  if (ctx.automatic || ctx.review?.conflict === true) throw new AppError("INVALID_STATE", "evaluationExcluded");
  if (ctx.review?.conflict !== false) throw new AppError("INVALID_STATE", "evaluationDeclareFirst");
  if (ctx.review.submittedAt) throw new AppError("INVALID_STATE", "evaluationSubmitted");
}

async function writeScores(tx: Tx, evaluatorId: string, call: Call, proposalId: string, scores: { criterionId: string; points: number | null; justification: string }[]) {
  const criteria = await tx.select({ id: callCriteria.id, maxPoints: callCriteria.maxPoints }).from(callCriteria).where(eq(callCriteria.callId, call.id));
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const fieldErrors: Record<string, string[]> = {};
  scores.forEach((s, i) => {
    const criterion = byId.get(s.criterionId);
    if (!criterion) fieldErrors[`scores.${i}.criterionId`] = ["invalidInput"];
    else if (s.points !== null && s.points > criterion.maxPoints) fieldErrors[`scores.${i}.points`] = ["evaluationPointsRange"];
  });
  if (Object.keys(fieldErrors).length > 0) throw new AppError("VALIDATION", "invalidInput", fieldErrors);
  const at = now();
  for (const s of scores) {
    if (s.points === null) {
      await tx.delete(evaluationScores).where(and(eq(evaluationScores.evaluatorId, evaluatorId), eq(evaluationScores.proposalId, proposalId), eq(evaluationScores.criterionId, s.criterionId)));
      continue;
    }
    const values = { points: s.points, justification: s.justification, updatedAt: at };
    await tx
      .insert(evaluationScores)
      .values({ evaluatorId, proposalId, criterionId: s.criterionId, ...values })
      .onConflictDoUpdate({ target: [evaluationScores.evaluatorId, evaluationScores.proposalId, evaluationScores.criterionId], set: values });
  }
  return criteria;
}

/**
 * Saves the evaluator's draft scores for one proposal (a criterion left without points is
 * cleared). Throws UNAUTHENTICATED, VALIDATION (points above the criterion's maximum),
 * NOT_FOUND, INVALID_STATE (not declared, excluded, submitted, window, approved).
 */
export async function saveScores(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(scoresSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const ctx = await lockReview(tx, who, data.callId, data.proposalId);
    requireScorable(ctx);
    await writeScores(tx, ctx.evaluator.id, ctx.call, data.proposalId, data.scores);
  });
}

/**
 * Saves and submits the scores of one proposal: every criterion needs its points and a
 * justification; then they are frozen. Throws as saveScores, and VALIDATION when a criterion
 * is missing its points or justification.
 */
export async function submitReview(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(scoresSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const ctx = await lockReview(tx, who, data.callId, data.proposalId);
    requireScorable(ctx);
    const criteria = await writeScores(tx, ctx.evaluator.id, ctx.call, data.proposalId, data.scores);
    const saved = await tx
      .select({ criterionId: evaluationScores.criterionId, justification: evaluationScores.justification })
      .from(evaluationScores)
      .where(and(eq(evaluationScores.evaluatorId, ctx.evaluator.id), eq(evaluationScores.proposalId, data.proposalId)));
    const complete = new Set(saved.filter((s) => s.justification.trim() !== "").map((s) => s.criterionId));
    const fieldErrors: Record<string, string[]> = {};
    data.scores.forEach((s, i) => {
      if (s.points === null) fieldErrors[`scores.${i}.points`] = ["required"];
      if (s.justification === "") fieldErrors[`scores.${i}.justification`] = ["required"];
    });
    if (Object.keys(fieldErrors).length > 0) throw new AppError("VALIDATION", "evaluationIncomplete", fieldErrors);
    if (criteria.length === 0 || criteria.some((c) => !complete.has(c.id))) throw new AppError("VALIDATION", "evaluationIncomplete");
    await tx
      .update(evaluationReviews)
      .set({ submittedAt: now() })
      .where(and(eq(evaluationReviews.evaluatorId, ctx.evaluator.id), eq(evaluationReviews.proposalId, data.proposalId)));
    // The points stay out of the log: it records that the scores were submitted, not what they are.
    await record(tx, {
      actorUserId: who.userId,
      action: "evaluation.review_submitted",
      entityType: "proposal",
      entityId: data.proposalId,
      data: { callId: ctx.call.id, evaluatorId: ctx.evaluator.id, criteria: criteria.length },
    });
  });
}
