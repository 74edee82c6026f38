import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCriteria, callEvaluations, evaluationConsolidatedScores, type Call } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { EvaluationRule } from "./combine";

/**
 * What the count needs of a call's technical appraisal (issue 14, item 8): whether the committee
 * approved it (a call_evaluations row), the sum of the criteria's maximum points, and each
 * proposal's consolidated total (the sum of its evaluation_consolidated_scores). Bounded: one row
 * per proposal of the call.
 */
export type Appraisal = { approved: boolean; maxTotal: number; totals: Map<string, number> };

export async function readAppraisal(db: Db | Tx, callId: string): Promise<Appraisal> {
  const [approval] = await db.select({ at: callEvaluations.approvedAt }).from(callEvaluations).where(eq(callEvaluations.callId, callId));
  const [max] = await db.select({ total: sql<number>`coalesce(sum(${callCriteria.maxPoints}), 0)::int` }).from(callCriteria).where(eq(callCriteria.callId, callId));
  const rows = await db
    .select({ proposalId: evaluationConsolidatedScores.proposalId, total: sql<number>`sum(${evaluationConsolidatedScores.points})::int` })
    .from(evaluationConsolidatedScores)
    .where(eq(evaluationConsolidatedScores.callId, callId))
    .groupBy(evaluationConsolidatedScores.proposalId);
  return { approved: Boolean(approval), maxTotal: Number(max?.total ?? 0), totals: new Map(rows.map((r) => [r.proposalId, Number(r.total)])) };
}

/** The call's combination rule, or null when its appraisal does not combine with the vote. */
export function ruleOf(call: Pick<Call, "evaluationMode" | "evaluationMinTotal" | "evaluationWeightBp">, maxTotal: number): EvaluationRule | null {
  if (call.evaluationMode === "none") return null;
  return { mode: call.evaluationMode, minTotal: call.evaluationMinTotal, weightBp: call.evaluationWeightBp, maxTotal };
}

/** The approved appraisal of a call whose rule combines it with the vote; INVALID_STATE while it is not approved. */
export async function requireApprovedAppraisal(db: Db | Tx, call: Call): Promise<{ rule: EvaluationRule; appraisal: Appraisal } | null> {
  if (call.evaluationMode === "none") return null;
  const appraisal = await readAppraisal(db, call.id);
  if (!appraisal.approved) throw new AppError("INVALID_STATE", "evaluationNotApproved");
  return { rule: ruleOf(call, appraisal.maxTotal)!, appraisal };
}

/** The SQL of the consolidated total of the `proposals` row in scope (for filters such as the threshold booth's). */
export const consolidatedTotalOfProposal = () => sql`(select coalesce(sum(s.points), 0) from evaluation_consolidated_scores s where s.proposal_id = "proposals"."id")`;

/**
 * Threshold mode (issue 14): only proposals whose consolidated total reaches the call's minimum are
 * voted on, and only once the committee has approved the appraisal. Throws INVALID_STATE otherwise.
 */
export async function requireVotableUnderThreshold(db: Db | Tx, call: Call, proposalId: string): Promise<void> {
  if (call.evaluationMode !== "threshold") return;
  const [approval] = await db.select({ at: callEvaluations.approvedAt }).from(callEvaluations).where(eq(callEvaluations.callId, call.id));
  if (!approval) throw new AppError("INVALID_STATE", "ballotEvaluationPending");
  const [row] = await db.select({ total: sql<number>`coalesce(sum(${evaluationConsolidatedScores.points}), 0)::int` }).from(evaluationConsolidatedScores).where(eq(evaluationConsolidatedScores.proposalId, proposalId));
  if (Number(row?.total ?? 0) < call.evaluationMinTotal) throw new AppError("INVALID_STATE", "ballotBelowThreshold");
}

/** Whether a call in threshold mode has its appraisal approved (the booth says it is pending otherwise). */
export async function isAppraisalApproved(db: Db | Tx, callId: string): Promise<boolean> {
  const [approval] = await db.select({ at: callEvaluations.approvedAt }).from(callEvaluations).where(eq(callEvaluations.callId, callId));
  return Boolean(approval);
}
