import type { ExpenseLineReview, ExpenseReportStatus, GrantStatus } from "@/db/schema/grants";
import type { Problem } from "@/lib/errors";

/**
 * The life of an expense report (SAL) as pure functions (issue 11, item 2):
 *
 *   draft → submitted → reviewed
 *
 * A representative of the grant's organisation opens a draft, adds and removes lines, and
 * submits it (at least one line, every line with its invoice). A promoter then decides each
 * line — accepted whole, or cut (in part or to zero) with a reason — and may change a decision
 * until the review is completed, which needs every line decided. Nothing moves back.
 * The amounts a decision may accept are checked by expense-limits.ts.
 */

export const reportStatuses = ["draft", "submitted", "reviewed"] as const satisfies readonly ExpenseReportStatus[];

export const reportTransitions: Record<ExpenseReportStatus, readonly ExpenseReportStatus[]> = {
  draft: ["submitted"],
  submitted: ["reviewed"],
  reviewed: [],
};

export function canMoveReport(from: ExpenseReportStatus, to: ExpenseReportStatus): boolean {
  return reportTransitions[from].includes(to);
}

/** Grants that still take new reports: not once the final one is in, nor after closing or revocation. */
export const reportableGrantStatuses: readonly GrantStatus[] = ["granted", "in_progress"];

/** The shortest reason a cut may give (a few words, not a letter). */
export const MIN_CUT_REASON = 5;
export const MAX_CUT_REASON = 1000;

export type Plan<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

const refuse = <T>(field: string, key: string, values?: Problem["values"]): Plan<T> => ({ ok: false, problems: [{ field, key, ...(values ? { values } : {}) }] });

/** What creating a report needs to know of the grant and its reports so far. */
export type ReportsSoFar = { grantStatus: GrantStatus; reports: readonly { number: number; status: ExpenseReportStatus; isFinal: boolean }[] };

/**
 * A new report: the grant still takes reports, no other draft is open, and a final report is
 * filed only once. Its number follows the highest so far.
 */
export function planCreateReport(state: ReportsSoFar, isFinal: boolean): Plan<{ number: number; isFinal: boolean }> {
  if (!reportableGrantStatuses.includes(state.grantStatus)) return refuse("grantId", "expenseGrantNotReportable");
  if (state.reports.some((r) => r.status === "draft")) return refuse("grantId", "expenseDraftOpen");
  if (state.reports.some((r) => r.isFinal)) return refuse("isFinal", "expenseFinalExists");
  const number = state.reports.reduce((max, r) => Math.max(max, r.number), 0) + 1;
  return { ok: true, value: { number, isFinal } };
}

/** Lines are added and removed only while the report is a draft of a grant that takes reports. */
export function canEditLines(reportStatus: ExpenseReportStatus, grantStatus: GrantStatus): Plan<true> {
  if (reportStatus !== "draft") return refuse("reportId", "expenseReportNotDraft");
  if (!reportableGrantStatuses.includes(grantStatus)) return refuse("grantId", "expenseGrantNotReportable");
  return { ok: true, value: true };
}

export type LineForSubmit = { documentId: string | null };

/** Submission: a draft, at least one line, every line with its invoice. */
export function planSubmit(reportStatus: ExpenseReportStatus, grantStatus: GrantStatus, lines: readonly LineForSubmit[]): Plan<{ status: "submitted" }> {
  const editable = canEditLines(reportStatus, grantStatus);
  if (!editable.ok) return editable;
  if (lines.length === 0) return refuse("lines", "expenseReportEmpty");
  const missing = lines.filter((l) => !l.documentId).length;
  if (missing > 0) return refuse("lines", "expenseInvoiceMissing", { count: missing });
  return { ok: true, value: { status: "submitted" } };
}

export type Decision = { decision: "accept" } | { decision: "cut"; acceptedCents: number; reason: string };

export type LineReview = { review: Exclude<ExpenseLineReview, "pending">; acceptedCents: number; cutReason: string | null };

/**
 * A promoter's decision on one line of a submitted report: accepted means the whole amount;
 * a cut accepts 0 … amount − 1 cents and says why. Limits across lines are expense-limits.ts.
 */
export function planLineReview(reportStatus: ExpenseReportStatus, amountCents: number, decision: Decision): Plan<LineReview> {
  if (reportStatus !== "submitted") return refuse("reportId", "expenseReportNotSubmitted");
  if (decision.decision === "accept") return { ok: true, value: { review: "accepted", acceptedCents: amountCents, cutReason: null } };
  const reason = decision.reason.trim();
  if (reason.length < MIN_CUT_REASON) return refuse("reason", "expenseCutReasonRequired", { min: MIN_CUT_REASON });
  if (reason.length > MAX_CUT_REASON) return refuse("reason", "expenseCutReasonTooLong", { max: MAX_CUT_REASON });
  if (!Number.isSafeInteger(decision.acceptedCents) || decision.acceptedCents < 0) return refuse("acceptedCents", "expenseCutAmountInvalid");
  if (decision.acceptedCents >= amountCents) return refuse("acceptedCents", "expenseCutNotBelowAmount");
  return { ok: true, value: { review: "cut", acceptedCents: decision.acceptedCents, cutReason: reason } };
}

/** Completing the review: a submitted report whose every line is decided. */
export function planComplete(reportStatus: ExpenseReportStatus, lines: readonly { review: ExpenseLineReview }[]): Plan<{ status: "reviewed" }> {
  if (reportStatus !== "submitted") return refuse("reportId", "expenseReportNotSubmitted");
  const pending = lines.filter((l) => l.review === "pending").length;
  if (pending > 0) return refuse("lines", "expenseLinesPending", { count: pending });
  return { ok: true, value: { status: "reviewed" } };
}
