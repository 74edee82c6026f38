import type { Call } from "@/db/schema";

/**
 * Pure rules of a call's evaluation criteria (issue 14, item 5): rules of the call, written while
 * it is a draft and frozen at publication with the others.
 */

export type EvaluationMode = Call["evaluationMode"];

/** Criteria and the combination rule change only while the call is a draft. */
export function areCriteriaEditable(call: Pick<Call, "status">): boolean {
  return call.status === "draft";
}

/**
 * What stops publication, if anything: a call whose appraisal combines with the vote needs at
 * least one criterion, and a minimum total it is possible to reach.
 */
export function evaluationRuleProblem(
  call: Pick<Call, "evaluationMode" | "evaluationMinTotal">,
  criteriaMaxPoints: number[],
): { key: "evaluationCriteriaMissing" | "evaluationMinAboveMax"; values?: Record<string, number> } | null {
  if (call.evaluationMode === "none") return null;
  if (criteriaMaxPoints.length === 0) return { key: "evaluationCriteriaMissing" };
  const max = criteriaMaxPoints.reduce((s, p) => s + p, 0);
  if (call.evaluationMinTotal > max) return { key: "evaluationMinAboveMax", values: { min: call.evaluationMinTotal, max } };
  return null;
}

/** Basis points to the whole percentage shown to people (w is set in whole percent). */
export function weightPercent(weightBp: number): number {
  return Math.round(weightBp / 100);
}
