import { isAmountWithinCeiling, MAX_AMOUNT_CENTS } from "@/lib/money";

/**
 * Budget arithmetic of a proposal, in integer euro cents end to end. The form runs
 * the same functions as the server, so what the user sees is what is checked.
 */

export type BudgetLineAmount = { organisationId: string; amountCents: number };
export type PartnerCofinancing = { organisationId: string; cofinancingCents: number };

export type PartnerTotals = { organisationId: string; costCents: number; cofinancingCents: number; shareBp: number };

export type BudgetTotals = {
  totalCents: number;
  cofinancingCents: number;
  requestedCents: number;
  /** requested / total, in basis points (10000 = 100%), rounded down. */
  requestedShareBp: number;
  /** co-financing / total, in basis points, rounded down. */
  cofinancingShareBp: number;
  /** The funding (requested + co-financing) covers the cost exactly. */
  isBalanced: boolean;
  /** The total cost, the co-financing and the amount requested are each within MAX_AMOUNT_CENTS. */
  isWithinCeiling: boolean;
  byPartner: PartnerTotals[];
};

/** part / whole in basis points, rounded down, exact for any whole amounts (BigInt). */
export function shareBp(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number((BigInt(part) * 10_000n) / BigInt(whole));
}

/** The exact sum of whole amounts of cents, as a BigInt; throws only on a fraction of a cent. */
export function sumCentsExact(amounts: readonly number[]): bigint {
  let total = 0n;
  for (const a of amounts) {
    if (!Number.isInteger(a)) throw new RangeError(`Not an integer amount of cents: ${a}`);
    total += BigInt(a);
  }
  return total;
}

/**
 * The sum of whole amounts of cents. Exact while it stays within 2^53, which amounts
 * within the ceiling always do; past that (rows stored before the ceiling existed) it
 * is the nearest number rather than an error, so no page fails on old data.
 */
export function sumCents(amounts: readonly number[]): number {
  return Number(sumCentsExact(amounts));
}

export function budgetTotals(input: { lines: BudgetLineAmount[]; partners: PartnerCofinancing[]; requestedCents: number }): BudgetTotals {
  const total = sumCentsExact(input.lines.map((l) => l.amountCents));
  const cofinancing = sumCentsExact(input.partners.map((p) => p.cofinancingCents));
  const totalCents = Number(total);
  const cofinancingCents = Number(cofinancing);
  const ids = [...new Set([...input.partners.map((p) => p.organisationId), ...input.lines.map((l) => l.organisationId)])];
  const byPartner = ids.map((organisationId) => {
    const costCents = sumCents(input.lines.filter((l) => l.organisationId === organisationId).map((l) => l.amountCents));
    const partCofinancing = sumCents(input.partners.filter((p) => p.organisationId === organisationId).map((p) => p.cofinancingCents));
    return { organisationId, costCents, cofinancingCents: partCofinancing, shareBp: shareBp(costCents, totalCents) };
  });
  return {
    totalCents,
    cofinancingCents,
    requestedCents: input.requestedCents,
    requestedShareBp: shareBp(input.requestedCents, totalCents),
    cofinancingShareBp: shareBp(cofinancingCents, totalCents),
    // Compared in BigInt: exact whatever the amounts.
    isBalanced: total > 0n && BigInt(input.requestedCents) + cofinancing === total,
    isWithinCeiling: isAmountWithinCeiling(total) && isAmountWithinCeiling(cofinancing) && isAmountWithinCeiling(input.requestedCents),
    byPartner,
  };
}

/**
 * What is left to ask the call for: total cost − co-financing, in cents — never below 0
 * (co-financing above the cost leaves nothing) nor past the ceiling (rows stored before
 * it existed). The server stores it as the requested contribution; the form shows it.
 */
export function remainingCents(totalCents: number | bigint, cofinancingCents: number | bigint): number {
  const rest = BigInt(totalCents) - BigInt(cofinancingCents);
  if (rest <= 0n) return 0;
  return rest > BigInt(MAX_AMOUNT_CENTS) ? MAX_AMOUNT_CENTS : Number(rest);
}

/**
 * Whether the requested contribution fits the budget: exactly total − co-financing, or
 * at most that where the call allows asking for less. Compared in BigInt: exact.
 */
export function requestedFits(requestedCents: number, totalCents: number, cofinancingCents: number, allowLower: boolean): boolean {
  const rest = BigInt(totalCents) - BigInt(cofinancingCents);
  return allowLower ? BigInt(requestedCents) <= rest : BigInt(requestedCents) === rest;
}

/** Basis points as a percentage text with two decimals, e.g. 3000 → "30,00 %". */
export function formatShare(bp: number, locale = "it"): string {
  return new Intl.NumberFormat(locale === "it" ? "it-IT" : "en-GB", { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    bp / 10_000,
  );
}
