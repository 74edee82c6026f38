import type { Call, ProposalStatus } from "@/db/schema";

/**
 * The rules of the evaluation committee (istruttoria tecnica), pure: when the committee is
 * appointed, which proposals it appraises, the spread of the scores the chair sees.
 */

/** The proposals a committee appraises: those found admissible (and, later, selected or not). */
export const APPRAISED_STATUSES = ["admissible", "selected", "not_selected"] as const satisfies readonly ProposalStatus[];

type CallState = Pick<Call, "status" | "evaluationMode" | "submissionClosesAt">;

/**
 * Why the committee cannot be changed now, or null: calls without an evaluation have none;
 * it is appointed from publication until the appraisal is approved.
 */
export function appointmentProblem(call: CallState, approved: boolean): string | null {
  if (call.evaluationMode === "none") return "evaluationNotUsed";
  if (call.status === "draft") return "evaluationCallNotPublished";
  if (approved) return "evaluationApproved";
  return null;
}

/** Removing an evaluator or changing the chair stops once the chair starts consolidating. */
export function compositionProblem(call: CallState, approved: boolean, consolidationStarted: boolean): string | null {
  return appointmentProblem(call, approved) ?? (consolidationStarted ? "evaluationConsolidationStarted" : null);
}

/** Why an evaluator cannot declare or score now, or null: after the submission window closes and until approval. */
export function reviewProblem(call: CallState, approved: boolean, at: Date): string | null {
  if (call.evaluationMode === "none") return "evaluationNotUsed";
  if (call.status === "draft" || !call.submissionClosesAt || call.submissionClosesAt.getTime() > at.getTime()) return "evaluationNotStarted";
  if (approved) return "evaluationApproved";
  return null;
}

/** An outside expert's invitation can be accepted once, before it expires and while the expert is still appointed. */
export function invitationProblem(row: { acceptedAt: Date | null; removedAt: Date | null; inviteExpiresAt: Date | null }, at: Date): string | null {
  if (row.acceptedAt || row.removedAt) return "evaluationInvitationUsed";
  if (!row.inviteExpiresAt || row.inviteExpiresAt.getTime() <= at.getTime()) return "evaluationInvitationExpired";
  return null;
}

export type ReviewState = "excluded" | "to_declare" | "to_score" | "submitted";

/** Where an evaluator stands on one proposal. */
export function reviewState(review: { conflict: boolean | null; submittedAt: Date | null } | null, automaticExclusion: "lead" | "partner" | null): ReviewState {
  if (automaticExclusion || review?.conflict === true) return "excluded";
  if (review?.submittedAt) return "submitted";
  if (review?.conflict === false) return "to_score";
  return "to_declare";
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

export type Spread = { count: number; min: number; max: number; meanNum: number; meanDen: number };

/** The spread of the points given to one criterion: min, max and the mean as an exact, reduced fraction. */
export function spreadOf(points: readonly number[]): Spread | null {
  if (points.length === 0) return null;
  const sum = points.reduce((a, b) => a + b, 0);
  const g = gcd(sum, points.length);
  return { count: points.length, min: Math.min(...points), max: Math.max(...points), meanNum: sum / g, meanDen: points.length / g };
}

/** A fraction written exactly when it is whole ("22"), else as a fraction and its decimal to two places ("67/3 ≈ 22,33"). */
export function formatMean(num: number, den: number, locale: "it" | "en"): string {
  if (den === 1) return String(num);
  const hundredths = Math.round((num * 100) / den);
  const decimal = `${Math.floor(hundredths / 100)}${locale === "it" ? "," : "."}${String(hundredths % 100).padStart(2, "0")}`;
  return `${num}/${den} ≈ ${decimal}`;
}
