import type { Problem } from "@/lib/errors";
import { lineAllowanceCents as allowanceOf } from "./grant-money";

/**
 * How much of a grant's expenses may be accepted (issue 11 rules), as pure functions:
 * - per budget line, the accepted expenses of every report together stay within the line's
 *   allowance: the line × (1 + the call's tolerance), rounded down to the cent — the tolerance
 *   lets a line run over by that share when another runs under ("10% tra voci");
 * - over the whole grant, accepted expenses never exceed its eligible cost (the partner's budget part).
 * Exact integer arithmetic (BigInt), so no rounding drifts upwards.
 */

export const BASIS_POINTS = 10_000;

/** floor(line × (10000 + toleranceBp) / 10000): grant-money.ts's formula, with its inputs checked. */
export function lineAllowanceCents(lineCents: number, toleranceBp: number): number {
  if (!Number.isSafeInteger(lineCents) || lineCents < 0) throw new RangeError("line amount must be whole non-negative cents");
  if (!Number.isInteger(toleranceBp) || toleranceBp < 0 || toleranceBp > BASIS_POINTS) throw new RangeError("tolerance must be 0…10000 basis points");
  return allowanceOf(lineCents, toleranceBp);
}

export type AcceptanceState = {
  /** The budget line's allowance (lineAllowanceCents). */
  allowanceCents: number;
  /** Accepted on the same budget line by every other decided expense line (all reports). */
  acceptedOnLineCents: number;
  /** Accepted on the whole grant by every other decided expense line (all reports). */
  acceptedOnGrantCents: number;
  eligibleCostCents: number;
};

/** The most one more decision may accept: what is left of the line's allowance and of the grant's eligible cost. */
export function maxAcceptableCents(state: AcceptanceState): number {
  return Math.max(0, Math.min(state.allowanceCents - state.acceptedOnLineCents, state.eligibleCostCents - state.acceptedOnGrantCents));
}

/** Null when accepting `acceptedCents` keeps both limits; otherwise the problem, with the most that fits. */
export function acceptanceProblem(state: AcceptanceState, acceptedCents: number): Problem | null {
  if (acceptedCents <= 0) return null;
  const lineLeft = state.allowanceCents - state.acceptedOnLineCents;
  const grantLeft = state.eligibleCostCents - state.acceptedOnGrantCents;
  if (acceptedCents > lineLeft) {
    return { field: "acceptedCents", key: "expenseLineAllowanceExceeded", values: { maxCents: Math.max(0, Math.min(lineLeft, grantLeft)), allowanceCents: state.allowanceCents } };
  }
  if (acceptedCents > grantLeft) {
    return { field: "acceptedCents", key: "expenseGrantCostExceeded", values: { maxCents: Math.max(0, grantLeft), eligibleCostCents: state.eligibleCostCents } };
  }
  return null;
}

export type BudgetLineTotals = {
  budgetLineId: string;
  lineCents: number;
  /** Claimed on this line by submitted and reviewed reports (drafts are not claims yet). */
  claimedCents: number;
  /** Accepted on this line by decided expense lines. */
  acceptedCents: number;
};

export type BudgetLineSummary = BudgetLineTotals & { allowanceCents: number; remainingCents: number; isOver: boolean };

/** Each budget line with its allowance and what is left of it (the page's table). */
export function summariseBudgetLines(lines: readonly BudgetLineTotals[], toleranceBp: number): BudgetLineSummary[] {
  return lines.map((line) => {
    const allowanceCents = lineAllowanceCents(line.lineCents, toleranceBp);
    return { ...line, allowanceCents, remainingCents: Math.max(0, allowanceCents - line.acceptedCents), isOver: line.claimedCents > allowanceCents };
  });
}
