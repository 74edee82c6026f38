import type { Call } from "@/db/schema";
import type { EntryEvaluation } from "@/db/schema";
import { ballotRange, type Allocated, type Allocation, type TallyRow, type VotingMethod } from "@/lib/voting/policy";

/**
 * How a committee's appraisal combines with the coalition's vote (issue 14, item 8): a pure,
 * deterministic function of the tally, the consolidated technical totals and the call's rule.
 * Exact fractions in BigInt, never floats.
 *
 * Both scores are normalised to 0–1:
 * - technical = consolidated total / sum of the criteria's maximum points;
 * - vote, score voting = weighted mean / 5 (ballotRange max); approval = (net weighted yes + E) / (2E),
 *   E the eligible weight of the call's voters (0 when E = 0).
 * Modes:
 * - threshold: only proposals whose total reaches the minimum take part in the vote, ranked by it;
 * - weighted: final = w × technical + (1 − w) × vote, w = weightBp / 10,000;
 * - technical_only: ranked by technical, the vote shown beside it (advisory).
 * In every mode a proposal below the minimum total is "below_threshold": ranked after the fundable
 * ones (by its own final score) and never funded. Ties: earlier submission, then reference, then id
 * (lib/voting/policy.ts rank). The fundable ranking is then allocated as allocate() does.
 */

export type EvaluationMode = Exclude<Call["evaluationMode"], "none">;
export type EvaluationRule = { mode: EvaluationMode; minTotal: number; weightBp: number; maxTotal: number };

export type BigFraction = { num: bigint; den: bigint };

export type CombinedEntry = Allocated & { evaluation: EntryEvaluation };
export type CombinedAllocation = Omit<Allocation, "entries"> & { entries: CombinedEntry[] };

export type CombineInput = {
  rows: TallyRow[];
  method: VotingMethod;
  /** Eligible weight of the call's voters (approval's normalisation). */
  eligibleWeight: number;
  rule: EvaluationRule;
  /** Consolidated total points per proposal id (a proposal missing counts 0). */
  technical: ReadonlyMap<string, number>;
  budgetCents: number;
  quorumReached: boolean;
};

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduce(f: BigFraction): BigFraction {
  if (f.num === 0n) return { num: 0n, den: 1n };
  const g = gcd(f.num, f.den);
  return { num: f.num / g, den: f.den / g };
}

/** -1, 0, 1 as a is below, equal to, above b (denominators positive). */
export function compareBig(a: BigFraction, b: BigFraction): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The technical score on 0–1: total / max (0 when the criteria have no points). */
export function technicalFraction(points: number, maxTotal: number): BigFraction {
  if (maxTotal <= 0) return { num: 0n, den: 1n };
  return reduce({ num: BigInt(points), den: BigInt(maxTotal) });
}

/** The vote on 0–1 (see the module comment). */
export function voteFraction(method: VotingMethod, value: { num: number; den: number }, eligibleWeight: number): BigFraction {
  if (method === "score") {
    if (value.den <= 0) return { num: 0n, den: 1n };
    return reduce({ num: BigInt(value.num), den: BigInt(value.den) * BigInt(ballotRange.score.max) });
  }
  if (eligibleWeight <= 0) return { num: 0n, den: 1n };
  const e = BigInt(eligibleWeight);
  // Approval's value is the net weighted yes (den 1): (num/den + E) / 2E.
  const den = BigInt(Math.max(value.den, 1));
  return reduce({ num: BigInt(value.num) + e * den, den: 2n * e * den });
}

/** w × technical + (1 − w) × vote, w = weightBp / 10,000. */
export function weightedFraction(weightBp: number, technical: BigFraction, vote: BigFraction): BigFraction {
  const w = BigInt(weightBp);
  return reduce({ num: w * technical.num * vote.den + (10_000n - w) * vote.num * technical.den, den: 10_000n * technical.den * vote.den });
}

/** A fraction as a decimal with `digits` places, rounded half up (non-negative fractions). */
export function bigToDecimal(f: BigFraction, digits = 2): string {
  const scale = 10n ** BigInt(digits);
  const negative = f.num < 0n;
  const n = (negative ? -f.num : f.num) * scale;
  const scaled = (n * 2n + f.den) / (2n * f.den);
  const int = scaled / scale;
  const frac = (scaled % scale).toString().padStart(digits, "0");
  return `${negative && scaled !== 0n ? "-" : ""}${int}${digits > 0 ? `.${frac}` : ""}`;
}

/** A stored fraction back from its strings (null when absent or malformed). */
export function parseBig(num: string | undefined, den: string | undefined): BigFraction | null {
  if (!num || !den || !/^-?\d{1,60}$/.test(num) || !/^\d{1,60}$/.test(den) || BigInt(den) === 0n) return null;
  return { num: BigInt(num), den: BigInt(den) };
}

type Scored = { row: TallyRow; points: number; vote: BigFraction; final: BigFraction; fundable: boolean };

function order(a: Scored, b: Scored): number {
  const time = (d: Date | null) => (d ? d.getTime() : Number.MAX_SAFE_INTEGER);
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    compareBig(b.final, a.final) ||
    time(a.row.submittedAt) - time(b.row.submittedAt) ||
    text(a.row.reference ?? "", b.row.reference ?? "") ||
    text(a.row.proposalId, b.row.proposalId)
  );
}

/** The ranking and allocation of a call whose appraisal combines with the vote. */
export function combine(input: CombineInput): CombinedAllocation {
  const { rule } = input;
  const scored: Scored[] = input.rows.map((row) => {
    const points = input.technical.get(row.proposalId) ?? 0;
    const technical = technicalFraction(points, rule.maxTotal);
    const vote = voteFraction(input.method, row.value, input.eligibleWeight);
    const final =
      rule.mode === "weighted" ? weightedFraction(rule.weightBp, technical, vote) : rule.mode === "technical_only" ? technical : vote;
    return { row, points, vote, final, fundable: points >= rule.minTotal };
  });
  // In threshold mode those below the minimum took no part in the vote: they follow by technical score.
  const belowKey = (s: Scored): Scored => (rule.mode === "threshold" ? { ...s, final: technicalFraction(s.points, rule.maxTotal) } : s);
  const fundable = scored.filter((s) => s.fundable).sort(order);
  const below = scored
    .filter((s) => !s.fundable)
    .map((s) => ({ s, key: belowKey(s) }))
    .sort((a, b) => order(a.key, b.key))
    .map((x) => x.s);

  let remaining = input.budgetCents;
  let skipped = 0;
  const entries: CombinedEntry[] = [...fundable, ...below].map((s, i) => {
    const evaluation: EntryEvaluation = {
      technicalPoints: s.points,
      technicalMax: rule.maxTotal,
      voteNum: s.vote.num.toString(),
      voteDen: s.vote.den.toString(),
      finalNum: s.final.num.toString(),
      finalDen: s.final.den.toString(),
    };
    const base = { ...s.row, rank: i + 1, evaluation };
    if (!s.fundable) return { ...base, outcome: "below_threshold", allocatedCents: 0 };
    if (!input.quorumReached) return { ...base, outcome: "not_allocated", allocatedCents: 0 };
    if (s.row.requestedCents <= remaining) {
      remaining -= s.row.requestedCents;
      return { ...base, outcome: "allocated", allocatedCents: s.row.requestedCents };
    }
    skipped += s.row.requestedCents;
    return { ...base, outcome: "skipped", allocatedCents: 0 };
  });
  return { entries, allocatedCents: input.budgetCents - remaining, skippedCents: skipped, remainingCents: remaining };
}
