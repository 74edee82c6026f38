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
  byPartner: PartnerTotals[];
};

/** part / whole in basis points, rounded down, exact for any amounts up to 2^53 cents. */
export function shareBp(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number((BigInt(part) * 10_000n) / BigInt(whole));
}

export function sumCents(amounts: number[]): number {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new RangeError(`Not an integer amount of cents: ${a}`);
    total += a;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError("Budget total out of range");
  return total;
}

export function budgetTotals(input: { lines: BudgetLineAmount[]; partners: PartnerCofinancing[]; requestedCents: number }): BudgetTotals {
  const totalCents = sumCents(input.lines.map((l) => l.amountCents));
  const cofinancingCents = sumCents(input.partners.map((p) => p.cofinancingCents));
  const ids = [...new Set([...input.partners.map((p) => p.organisationId), ...input.lines.map((l) => l.organisationId)])];
  const byPartner = ids.map((organisationId) => {
    const costCents = sumCents(input.lines.filter((l) => l.organisationId === organisationId).map((l) => l.amountCents));
    const cofinancing = sumCents(input.partners.filter((p) => p.organisationId === organisationId).map((p) => p.cofinancingCents));
    return { organisationId, costCents, cofinancingCents: cofinancing, shareBp: shareBp(costCents, totalCents) };
  });
  return {
    totalCents,
    cofinancingCents,
    requestedCents: input.requestedCents,
    requestedShareBp: shareBp(input.requestedCents, totalCents),
    cofinancingShareBp: shareBp(cofinancingCents, totalCents),
    isBalanced: totalCents > 0 && input.requestedCents + cofinancingCents === totalCents,
    byPartner,
  };
}

/** Basis points as a percentage text with two decimals, e.g. 3000 → "30,00 %". */
export function formatShare(bp: number, locale = "it"): string {
  return new Intl.NumberFormat(locale === "it" ? "it-IT" : "en-GB", { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    bp / 10_000,
  );
}
