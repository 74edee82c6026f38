/**
 * The money of the pact's grants (issue 11), pure and exact: integer cents, products in BigInt.
 * Every service (grants, expense reports, dashboards, seed) uses these and nothing else.
 */

const BP = 10_000n;

export type SplitPartner = { organisationId: string; costCents: number; cofinancingCents: number };
export type SplitShare = { organisationId: string; eligibleCostCents: number; grantedCents: number };

/**
 * Splits a proposal's allocation among its accepted partners, proportionally to the part each
 * asks for (cost − co-financing, never below 0); when every part is 0, proportionally to the
 * cost. Largest remainder (ties to the earlier partner), so the shares add up to the allocation
 * exactly. A share is never above the partner's cost (the rest goes to those with room, in the
 * same order); partners whose share is 0 get no grant. When the allocation is above the total
 * cost, the shares stop at the costs.
 */
export function splitAllocation(allocationCents: number, partners: readonly SplitPartner[]): SplitShare[] {
  if (allocationCents <= 0 || partners.length === 0) return [];
  const costs = partners.map((p) => BigInt(Math.max(0, p.costCents)));
  let weights = partners.map((p, i) => {
    const w = costs[i] - BigInt(Math.max(0, p.cofinancingCents));
    return w > 0n ? w : 0n;
  });
  if (weights.every((w) => w === 0n)) weights = costs;
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return [];
  const allocation = BigInt(allocationCents);
  const shares = weights.map((w) => (allocation * w) / total);
  const remainders = weights.map((w, i) => ({ i, r: (allocation * w) % total }));
  let left = allocation - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    if (weights[i] === 0n) continue;
    shares[i] += 1n;
    left -= 1n;
  }
  // Never above the cost: whatever exceeds it moves to partners with room, in order.
  let excess = 0n;
  for (let i = 0; i < shares.length; i++) {
    if (shares[i] > costs[i]) {
      excess += shares[i] - costs[i];
      shares[i] = costs[i];
    }
  }
  for (let i = 0; i < shares.length && excess > 0n; i++) {
    const room = costs[i] - shares[i];
    const take = room < excess ? room : excess;
    shares[i] += take;
    excess -= take;
  }
  return partners
    .map((p, i) => ({ organisationId: p.organisationId, eligibleCostCents: Number(costs[i]), grantedCents: Number(shares[i]) }))
    .filter((s) => s.grantedCents > 0);
}

/** What a budget line may take in accepted expenses: line × (1 + tolerance), rounded down. */
export function lineAllowanceCents(lineCents: number, lineToleranceBp: number): number {
  return Number((BigInt(lineCents) * (BP + BigInt(lineToleranceBp))) / BP);
}

export type GrantMoney = {
  grantedCents: number;
  revokedCents: number;
  paidCents: number;
  acceptedCents: number;
  eligibleCostCents: number;
};

/** What the grant still stands at after revocations. */
export function standingCents(g: Pick<GrantMoney, "grantedCents" | "revokedCents">): number {
  return g.grantedCents - g.revokedCents;
}

/**
 * The contribution earned by the accepted expenses: accepted × granted / cost, rounded down,
 * never above what the grant still stands at.
 */
export function earnedCents(g: Omit<GrantMoney, "paidCents">): number {
  if (g.eligibleCostCents <= 0) return 0;
  const accepted = BigInt(Math.min(g.acceptedCents, g.eligibleCostCents));
  const earned = Number((accepted * BigInt(g.grantedCents)) / BigInt(g.eligibleCostCents));
  return Math.max(0, Math.min(earned, standingCents(g)));
}

/** The most an advance may be: granted × ceiling, rounded down (0 when the call allows none). */
export function advanceCeilingCents(grantedCents: number, advanceMaxBp: number): number {
  return Number((BigInt(grantedCents) * BigInt(advanceMaxBp)) / BP);
}

/** What an interim tranche may pay now: earned − paid, and never beyond the standing grant. */
export function interimCeilingCents(g: GrantMoney): number {
  return Math.max(0, Math.min(earnedCents(g) - g.paidCents, standingCents(g) - g.paidCents));
}

/** The balance once the final report is reviewed: min(earned, standing) − paid (≤ 0: nothing to pay). */
export function balanceCents(g: GrantMoney): number {
  return Math.min(earnedCents(g), standingCents(g)) - g.paidCents;
}

/** Still to pay on the grant as it stands (before any expense review). */
export function stillDueCents(g: Pick<GrantMoney, "grantedCents" | "revokedCents" | "paidCents">): number {
  return Math.max(0, standingCents(g) - g.paidCents);
}

/** Paid beyond what the grant stands at after a revocation: to be recovered from the partner. */
export function toRecoverCents(g: Pick<GrantMoney, "grantedCents" | "revokedCents" | "paidCents">): number {
  return Math.max(0, g.paidCents - standingCents(g));
}

export type TrancheKind = "advance" | "interim" | "balance";

export type TrancheState = GrantMoney & {
  status: "granted" | "in_progress" | "reported" | "closed" | "revoked";
  advanceMaxBp: number;
  /** Kinds of the tranches already paid. */
  paidKinds: readonly TrancheKind[];
  /** A reviewed expense report exists (interim) / the final one is reviewed (balance). */
  hasReviewedReport: boolean;
  finalReviewed: boolean;
};

export type TranchePlan = { ok: true; amountCents: number } | { ok: false; key: string; values?: Record<string, number> };

/**
 * Whether a tranche may be paid and how much: the advance (once, before any other tranche, up
 * to the call's ceiling), an interim tranche (after a reviewed report, up to earned − paid) or
 * the balance (computed, after the final report's review). `amountCents` is ignored for the
 * balance. Never lets paid exceed granted − revoked.
 */
export function planTranche(s: TrancheState, kind: TrancheKind, amountCents: number): TranchePlan {
  if (s.status === "revoked" || s.status === "closed") return { ok: false, key: "grantTrancheClosed" };
  if (kind === "advance") {
    const ceiling = Math.min(advanceCeilingCents(s.grantedCents, s.advanceMaxBp), stillDueCents(s));
    if (s.advanceMaxBp <= 0) return { ok: false, key: "grantAdvanceNotAllowed" };
    if (s.paidKinds.includes("advance")) return { ok: false, key: "grantAdvanceAlreadyPaid" };
    if (s.paidKinds.some((k) => k !== "advance")) return { ok: false, key: "grantAdvanceTooLate" };
    if (amountCents <= 0) return { ok: false, key: "amountPositive" };
    if (amountCents > ceiling) return { ok: false, key: "grantAdvanceAboveCeiling", values: { ceilingCents: ceiling } };
    return { ok: true, amountCents };
  }
  if (kind === "interim") {
    if (!s.hasReviewedReport) return { ok: false, key: "grantNoReviewedReport" };
    if (s.paidKinds.includes("balance")) return { ok: false, key: "grantTrancheClosed" };
    const ceiling = interimCeilingCents(s);
    if (amountCents <= 0) return { ok: false, key: "amountPositive" };
    if (amountCents > ceiling) return { ok: false, key: "grantInterimAboveEarned", values: { ceilingCents: ceiling } };
    return { ok: true, amountCents };
  }
  if (s.status !== "reported" || !s.finalReviewed) return { ok: false, key: "grantFinalNotReviewed" };
  if (s.paidKinds.includes("balance")) return { ok: false, key: "grantBalanceAlreadyPaid" };
  const balance = balanceCents(s);
  if (balance <= 0) return { ok: false, key: "grantNothingToPay" };
  return { ok: true, amountCents: balance };
}

export type RevocationPlan = { ok: true; revokedCents: number; whole: boolean } | { ok: false; key: string; values?: Record<string, number> };

/** A revocation: whole (everything still standing) or part (an amount up to what stands). */
export function planRevocation(g: Pick<GrantMoney, "grantedCents" | "revokedCents">, status: TrancheState["status"], whole: boolean, amountCents: number): RevocationPlan {
  if (status === "revoked" || status === "closed") return { ok: false, key: "grantRevokeClosed" };
  const standing = standingCents(g);
  if (whole) return { ok: true, revokedCents: g.grantedCents, whole: true };
  if (amountCents <= 0) return { ok: false, key: "amountPositive" };
  if (amountCents > standing) return { ok: false, key: "grantRevokeAboveStanding", values: { standingCents: standing } };
  return { ok: true, revokedCents: g.revokedCents + amountCents, whole: amountCents === standing };
}
