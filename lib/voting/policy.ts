import type { Call, EntryEvaluation, RankedEntry } from "@/db/schema";
import type { CallPhase } from "@/lib/calls/policy";

/**
 * The rules of the vote, as pure functions: which values a ballot may hold, when it may
 * be cast, quorum, ranking and allocation (DESIGN rules 2–5). Same inputs, same result.
 *
 * Values are exact fractions num/den of integers, never floats: approval's value is
 * the weighted yes minus the weighted no (den 1); score's is the weighted mean,
 * sum(weight × score) / sum(weight) over the organisations that voted on the proposal
 * (0/1 when none did). Fractions are compared by cross-multiplication in BigInt.
 */

export type VotingMethod = Call["votingMethod"];

export const ballotRange: Record<VotingMethod, { min: number; max: number }> = {
  approval: { min: -1, max: 1 },
  score: { min: 0, max: 5 },
};

export function isValidBallotValue(method: VotingMethod, value: number): boolean {
  const { min, max } = ballotRange[method];
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Every value a ballot of this method can hold, for the receipt check. */
export function ballotValues(method: VotingMethod): number[] {
  const { min, max } = ballotRange[method];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** Ballots are cast and changed only while the voting window is open (server clock). */
export function canCastBallot(phase: CallPhase): boolean {
  return phase === "voting";
}

/** Results can be first published once the window has closed, and corrected once published. */
export function canPublishResults(phase: CallPhase): boolean {
  return phase === "counting";
}

export function canCorrectResults(phase: CallPhase): boolean {
  return phase === "results" || phase === "archived";
}

/** DESIGN rule 4 with integers only: turnout / eligible ≥ quorumBp / 10000. No eligible weight: not reached. */
export function isQuorumReached(input: { turnoutWeight: number; eligibleWeight: number; quorumBp: number }): boolean {
  if (input.eligibleWeight <= 0) return false;
  return BigInt(input.turnoutWeight) * 10_000n >= BigInt(input.quorumBp) * BigInt(input.eligibleWeight);
}

export type Fraction = { num: number; den: number };

/** -1, 0, 1 as a/b is below, equal to, above c/d (denominators positive). */
export function compareFractions(a: Fraction, b: Fraction): number {
  const left = BigInt(a.num) * BigInt(b.den);
  const right = BigInt(b.num) * BigInt(a.den);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A fraction as a decimal with `digits` places, rounded half up, without floats: 11/3 → "3.67". */
export function fractionToDecimal({ num, den }: Fraction, digits = 2): string {
  const scale = 10n ** BigInt(digits);
  const negative = num < 0;
  const n = BigInt(Math.abs(num)) * scale;
  const d = BigInt(den);
  const scaled = (n * 2n + d) / (2n * d);
  const int = scaled / scale;
  const frac = (scaled % scale).toString().padStart(digits, "0");
  return `${negative && scaled !== 0n ? "-" : ""}${int}${digits > 0 ? `.${frac}` : ""}`;
}

export type TallyRow = {
  proposalId: string;
  reference: string | null;
  title: string;
  leadName: string;
  requestedCents: number;
  submittedAt: Date | null;
  value: Fraction;
  ballots: number;
};

export type Ranked = TallyRow & { rank: number };

/**
 * DESIGN rule 5: value descending; ties by earlier submission; then by reference and id,
 * so that the order never depends on how the database returned the rows. Proposals
 * with the same value share no rank: ties are broken, so ranks are 1..n.
 */
export function rank(rows: TallyRow[]): Ranked[] {
  const time = (d: Date | null) => (d ? d.getTime() : Number.MAX_SAFE_INTEGER);
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows]
    .sort(
      (a, b) =>
        compareFractions(b.value, a.value) ||
        time(a.submittedAt) - time(b.submittedAt) ||
        text(a.reference ?? "", b.reference ?? "") ||
        text(a.proposalId, b.proposalId),
    )
    .map((row, i) => ({ ...row, rank: i + 1 }));
}

export type Outcome = RankedEntry["outcome"];
/** `evaluation` only when the call's appraisal combines with the vote (lib/evaluation/combine.ts). */
export type Allocated = Ranked & { outcome: Outcome; allocatedCents: number; evaluation?: EntryEvaluation };
export type Allocation = { entries: Allocated[]; allocatedCents: number; skippedCents: number; remainingCents: number };

/**
 * Walks the ranking giving each proposal its full request while it fits in what is left
 * of the budget; one that does not fit is skipped and the walk goes on. Without quorum
 * nothing is allocated ("not_allocated"). The ranking's value does not gate money: a
 * proposal is funded by rank, as the issue states.
 */
export function allocate(ranked: Ranked[], budgetCents: number, quorumReached: boolean): Allocation {
  let remaining = budgetCents;
  let skipped = 0;
  const entries = ranked.map((r): Allocated => {
    if (!quorumReached) return { ...r, outcome: "not_allocated", allocatedCents: 0 };
    if (r.requestedCents <= remaining) {
      remaining -= r.requestedCents;
      return { ...r, outcome: "allocated", allocatedCents: r.requestedCents };
    }
    skipped += r.requestedCents;
    return { ...r, outcome: "skipped", allocatedCents: 0 };
  });
  return { entries, allocatedCents: budgetCents - remaining, skippedCents: skipped, remainingCents: remaining };
}

/** The ranking as stored in a results row (and shown in a preview). */
export function toEntries(allocation: Allocation): RankedEntry[] {
  return allocation.entries.map((e) => ({
    proposalId: e.proposalId,
    reference: e.reference,
    title: e.title,
    leadName: e.leadName,
    requestedCents: e.requestedCents,
    submittedAt: e.submittedAt?.toISOString() ?? null,
    valueNum: e.value.num,
    valueDen: e.value.den,
    ballots: e.ballots,
    rank: e.rank,
    outcome: e.outcome,
    allocatedCents: e.allocatedCents,
    ...(e.evaluation ? { evaluation: e.evaluation } : {}),
  }));
}
