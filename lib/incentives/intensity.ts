import type { SizeClass } from "@/db/schema/organisations";
import type { Problem } from "@/lib/errors";

/**
 * The amounts of an application against its programme (issue 11, item 5): the requested aid
 * over the eligible cost (the aid intensity) may not exceed the programme's maximum for the
 * applicant's size class; the eligible cost lies within the programme's minimum and maximum;
 * the aid within the programme's maximum aid. Exact integer arithmetic: intensities are basis
 * points (2000 = 20%), amounts integer cents, compared by cross-multiplication in BigInt.
 */

/** The programme's limits, as stored in incentive_programmes. */
export type ProgrammeLimits = {
  maxIntensityMicroBp: number;
  maxIntensitySmallBp: number;
  maxIntensityMediumBp: number;
  maxIntensityLargeBp: number;
  /** For applicants without a size class (public bodies, universities…). */
  maxIntensityOtherBp: number;
  minEligibleCents: number;
  /** 0: no maximum. */
  maxEligibleCents: number;
  /** 0: no maximum. */
  maxAidCents: number;
};

export type ApplicationAmounts = { eligibleCostCents: number; requestedCents: number };

/** The maximum intensity in basis points for an applicant of this size class (null: no class); 0 means it may not apply. */
export function maxIntensityBp(programme: ProgrammeLimits, sizeClass: SizeClass | null): number {
  switch (sizeClass) {
    case "micro":
      return programme.maxIntensityMicroBp;
    case "small":
      return programme.maxIntensitySmallBp;
    case "medium":
      return programme.maxIntensityMediumBp;
    case "large":
      return programme.maxIntensityLargeBp;
    default:
      return programme.maxIntensityOtherBp;
  }
}

/** requested / eligible in basis points, rounded up (so that 20.004% shows as above 20%); 0 when there is no cost. */
export function intensityBp({ eligibleCostCents, requestedCents }: ApplicationAmounts): number {
  if (eligibleCostCents <= 0) return 0;
  const num = BigInt(requestedCents) * 10_000n;
  const den = BigInt(eligibleCostCents);
  return Number((num + den - 1n) / den);
}

/** Whether requested ≤ maxBp × eligible / 10000, exactly. */
export function withinIntensity({ eligibleCostCents, requestedCents }: ApplicationAmounts, maxBp: number): boolean {
  return BigInt(requestedCents) * 10_000n <= BigInt(maxBp) * BigInt(eligibleCostCents);
}

/**
 * The largest aid this applicant could get for a project of this eligible cost: the cost
 * times the class's intensity (rounded down to the cent), capped by the programme's maximum
 * aid. The cost is first capped at the programme's maximum eligible cost. 0 when the class
 * may not apply or the cost is below the minimum.
 */
export function maxAidFor(programme: ProgrammeLimits, sizeClass: SizeClass | null, eligibleCostCents: number): number {
  return maxAidAtIntensity(programme, maxIntensityBp(programme, sizeClass), eligibleCostCents);
}

/**
 * The most aid for a project of this cost at an intensity: the eligible cost (capped at the
 * programme's maximum eligible cost, if any) times the intensity, rounded down to the cent,
 * never above the programme's maximum aid; 0 below the minimum eligible cost or at 0%.
 */
export function maxAidAtIntensity(
  programme: Pick<ProgrammeLimits, "minEligibleCents" | "maxEligibleCents" | "maxAidCents">,
  bp: number,
  eligibleCostCents: number,
): number {
  if (bp <= 0 || eligibleCostCents <= 0 || eligibleCostCents < programme.minEligibleCents) return 0;
  const cost = programme.maxEligibleCents > 0 ? Math.min(eligibleCostCents, programme.maxEligibleCents) : eligibleCostCents;
  const aid = Number((BigInt(cost) * BigInt(bp)) / 10_000n);
  return programme.maxAidCents > 0 ? Math.min(aid, programme.maxAidCents) : aid;
}

/** Basis points as a percentage number for messages: 2000 → 20, 1250 → 12.5. */
export const bpToPercent = (bp: number): number => bp / 100;

/**
 * Every problem of the amounts against the programme, for an applicant of this size class
 * (field "eligibleCost" or "requested", key of the `errors` namespace, values: amounts in
 * cents under names ending in "Cents", percentages as numbers).
 */
export function intensityProblems(programme: ProgrammeLimits, sizeClass: SizeClass | null, amounts: ApplicationAmounts): Problem[] {
  const problems: Problem[] = [];
  const { eligibleCostCents, requestedCents } = amounts;
  const maxBp = maxIntensityBp(programme, sizeClass);
  if (maxBp <= 0) {
    problems.push({ field: "requested", key: "incentiveSizeClassNotEligible" });
    return problems;
  }
  if (eligibleCostCents <= 0) problems.push({ field: "eligibleCost", key: "incentiveEligibleCostRequired" });
  else if (eligibleCostCents < programme.minEligibleCents)
    problems.push({ field: "eligibleCost", key: "incentiveEligibleBelowMin", values: { minCents: programme.minEligibleCents } });
  else if (programme.maxEligibleCents > 0 && eligibleCostCents > programme.maxEligibleCents)
    problems.push({ field: "eligibleCost", key: "incentiveEligibleAboveMax", values: { maxCents: programme.maxEligibleCents } });

  if (requestedCents <= 0) problems.push({ field: "requested", key: "incentiveRequestedRequired" });
  else if (eligibleCostCents > 0 && requestedCents > eligibleCostCents) problems.push({ field: "requested", key: "incentiveRequestedAboveCost" });
  else if (eligibleCostCents > 0 && !withinIntensity(amounts, maxBp)) {
    problems.push({
      field: "requested",
      key: "incentiveIntensityTooHigh",
      values: {
        intensityPercent: bpToPercent(intensityBp(amounts)),
        maxPercent: bpToPercent(maxBp),
        allowedCents: Number((BigInt(eligibleCostCents) * BigInt(maxBp)) / 10_000n),
      },
    });
  }
  if (requestedCents > 0 && programme.maxAidCents > 0 && requestedCents > programme.maxAidCents) {
    problems.push({ field: "requested", key: "incentiveAboveMaxAid", values: { maxAidCents: programme.maxAidCents } });
  }
  return problems;
}
