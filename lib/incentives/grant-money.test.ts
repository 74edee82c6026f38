import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  advanceCeilingCents,
  balanceCents,
  earnedCents,
  lineAllowanceCents,
  planRevocation,
  planTranche,
  splitAllocation,
  stillDueCents,
  toRecoverCents,
  type TrancheKind,
  type TrancheState,
} from "./grant-money";

describe("splitAllocation", () => {
  it("splits by cost − co-financing, the remainder to the largest fractions", () => {
    const shares = splitAllocation(100_000, [
      { organisationId: "a", costCents: 100_000, cofinancingCents: 40_000 },
      { organisationId: "b", costCents: 50_000, cofinancingCents: 20_000 },
      { organisationId: "c", costCents: 30_000, cofinancingCents: 0 },
    ]);
    // weights 60000, 30000, 30000 → 50000, 25000, 25000
    expect(shares).toEqual([
      { organisationId: "a", eligibleCostCents: 100_000, grantedCents: 50_000 },
      { organisationId: "b", eligibleCostCents: 50_000, grantedCents: 25_000 },
      { organisationId: "c", eligibleCostCents: 30_000, grantedCents: 25_000 },
    ]);
  });

  it("gives the odd cent by largest remainder, ties to the earlier partner", () => {
    const shares = splitAllocation(100, [
      { organisationId: "a", costCents: 300, cofinancingCents: 0 },
      { organisationId: "b", costCents: 300, cofinancingCents: 0 },
      { organisationId: "c", costCents: 300, cofinancingCents: 0 },
    ]);
    expect(shares.map((s) => s.grantedCents)).toEqual([34, 33, 33]);
  });

  it("falls back to the costs when every partner co-finances all of its part", () => {
    const shares = splitAllocation(900, [
      { organisationId: "a", costCents: 1_000, cofinancingCents: 1_000 },
      { organisationId: "b", costCents: 2_000, cofinancingCents: 3_000 },
    ]);
    expect(shares.map((s) => s.grantedCents)).toEqual([300, 600]);
  });

  it("skips partners whose share is 0", () => {
    const shares = splitAllocation(1_000, [
      { organisationId: "a", costCents: 1_000, cofinancingCents: 0 },
      { organisationId: "b", costCents: 500, cofinancingCents: 500 },
    ]);
    expect(shares).toEqual([{ organisationId: "a", eligibleCostCents: 1_000, grantedCents: 1_000 }]);
  });

  it("returns nothing for a zero allocation or no partners", () => {
    expect(splitAllocation(0, [{ organisationId: "a", costCents: 10, cofinancingCents: 0 }])).toEqual([]);
    expect(splitAllocation(10, [])).toEqual([]);
  });

  it("property: shares add up to the allocation exactly and never exceed a partner's cost", () => {
    const partner = fc.record({ costCents: fc.integer({ min: 0, max: 50_000_000_00 }), cofinancingCents: fc.integer({ min: 0, max: 50_000_000_00 }) });
    fc.assert(
      fc.property(fc.array(partner, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 100 }), (ps, pct) => {
        const partners = ps.map((p, i) => ({ ...p, organisationId: String(i) }));
        const totalCost = partners.reduce((a, p) => a + p.costCents, 0);
        const allocation = Math.floor((totalCost * pct) / 100);
        const shares = splitAllocation(allocation, partners);
        const sum = shares.reduce((a, s) => a + s.grantedCents, 0);
        expect(sum).toBe(allocation);
        for (const s of shares) {
          expect(s.grantedCents).toBeGreaterThan(0);
          expect(s.grantedCents).toBeLessThanOrEqual(s.eligibleCostCents);
        }
      }),
    );
  });
});

describe("money figures", () => {
  const g = { grantedCents: 60_000_00, revokedCents: 0, paidCents: 0, acceptedCents: 0, eligibleCostCents: 100_000_00 };

  it("line allowance adds the tolerance, rounded down", () => {
    expect(lineAllowanceCents(10_000, 1000)).toBe(11_000);
    expect(lineAllowanceCents(999, 1000)).toBe(1098);
    expect(lineAllowanceCents(999, 0)).toBe(999);
  });

  it("earned is accepted × granted / cost rounded down, capped at what stands", () => {
    expect(earnedCents({ ...g, acceptedCents: 50_000_00 })).toBe(30_000_00);
    expect(earnedCents({ ...g, acceptedCents: 1 })).toBe(0);
    expect(earnedCents({ ...g, acceptedCents: 3 })).toBe(1);
    expect(earnedCents({ ...g, acceptedCents: 100_000_00, revokedCents: 50_000_00 })).toBe(10_000_00);
    expect(earnedCents({ ...g, eligibleCostCents: 0, grantedCents: 0 })).toBe(0);
    // exact for amounts whose product is beyond 2^53
    expect(earnedCents({ grantedCents: 99_999_999_999, revokedCents: 0, acceptedCents: 99_999_999_999, eligibleCostCents: 100_000_000_000 })).toBe(99_999_999_998);
  });

  it("advance ceiling, balance, still due, to recover", () => {
    expect(advanceCeilingCents(60_000_00, 3000)).toBe(18_000_00);
    expect(advanceCeilingCents(333, 3333)).toBe(110);
    expect(advanceCeilingCents(60_000_00, 0)).toBe(0);
    expect(balanceCents({ ...g, acceptedCents: 100_000_00, paidCents: 18_000_00 })).toBe(42_000_00);
    expect(stillDueCents({ ...g, paidCents: 10_00, revokedCents: 5_00 })).toBe(60_000_00 - 15_00);
    expect(toRecoverCents({ grantedCents: 100, revokedCents: 80, paidCents: 50 })).toBe(30);
    expect(toRecoverCents({ grantedCents: 100, revokedCents: 10, paidCents: 50 })).toBe(0);
  });
});

const base: TrancheState = {
  status: "granted",
  grantedCents: 60_000_00,
  revokedCents: 0,
  paidCents: 0,
  acceptedCents: 0,
  eligibleCostCents: 100_000_00,
  advanceMaxBp: 3000,
  paidKinds: [],
  hasReviewedReport: false,
  finalReviewed: false,
};

describe("planTranche", () => {
  it("advance: up to the ceiling, once, before any other tranche, needs a ceiling", () => {
    expect(planTranche(base, "advance", 18_000_00)).toEqual({ ok: true, amountCents: 18_000_00 });
    expect(planTranche(base, "advance", 18_000_01)).toEqual({ ok: false, key: "grantAdvanceAboveCeiling", values: { ceilingCents: 18_000_00 } });
    expect(planTranche(base, "advance", 0)).toEqual({ ok: false, key: "amountPositive" });
    expect(planTranche({ ...base, advanceMaxBp: 0 }, "advance", 1)).toEqual({ ok: false, key: "grantAdvanceNotAllowed" });
    expect(planTranche({ ...base, paidKinds: ["advance"] }, "advance", 1)).toEqual({ ok: false, key: "grantAdvanceAlreadyPaid" });
    expect(planTranche({ ...base, paidKinds: ["interim"] }, "advance", 1)).toEqual({ ok: false, key: "grantAdvanceTooLate" });
    expect(planTranche({ ...base, status: "revoked" }, "advance", 1)).toEqual({ ok: false, key: "grantTrancheClosed" });
    expect(planTranche({ ...base, status: "closed" }, "advance", 1)).toEqual({ ok: false, key: "grantTrancheClosed" });
  });

  it("interim: needs a reviewed report, up to earned − paid", () => {
    const reviewed = { ...base, status: "in_progress" as const, hasReviewedReport: true, acceptedCents: 50_000_00, paidCents: 18_000_00, paidKinds: ["advance" as const] };
    expect(planTranche({ ...reviewed, hasReviewedReport: false }, "interim", 1)).toEqual({ ok: false, key: "grantNoReviewedReport" });
    expect(planTranche(reviewed, "interim", 12_000_00)).toEqual({ ok: true, amountCents: 12_000_00 });
    expect(planTranche(reviewed, "interim", 12_000_01)).toEqual({ ok: false, key: "grantInterimAboveEarned", values: { ceilingCents: 12_000_00 } });
    expect(planTranche({ ...reviewed, paidCents: 40_000_00 }, "interim", 1)).toEqual({ ok: false, key: "grantInterimAboveEarned", values: { ceilingCents: 0 } });
  });

  it("balance: only once the final report is reviewed, computed, refused when nothing is left", () => {
    const final = { ...base, status: "reported" as const, hasReviewedReport: true, finalReviewed: true, acceptedCents: 90_000_00, paidCents: 18_000_00, paidKinds: ["advance" as const] };
    expect(planTranche(final, "balance", 1)).toEqual({ ok: true, amountCents: 54_000_00 - 18_000_00 });
    expect(planTranche({ ...final, finalReviewed: false }, "balance", 0)).toEqual({ ok: false, key: "grantFinalNotReviewed" });
    expect(planTranche({ ...final, status: "in_progress" }, "balance", 0)).toEqual({ ok: false, key: "grantFinalNotReviewed" });
    expect(planTranche({ ...final, paidCents: 54_000_00 }, "balance", 0)).toEqual({ ok: false, key: "grantNothingToPay" });
    expect(planTranche({ ...final, paidKinds: ["advance", "balance"] }, "balance", 0)).toEqual({ ok: false, key: "grantBalanceAlreadyPaid" });
  });

  it("property: no sequence of tranches, reviews and revocations makes paid exceed granted − revoked (or granted)", () => {
    type Step =
      | { t: "tranche"; kind: TrancheKind; amount: number }
      | { t: "accept"; amount: number }
      | { t: "revoke"; whole: boolean; amount: number }
      | { t: "final" };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ t: fc.constant("tranche" as const), kind: fc.constantFrom<TrancheKind>("advance", "interim", "balance"), amount: fc.integer({ min: -10, max: 80_000_00 }) }),
      fc.record({ t: fc.constant("accept" as const), amount: fc.integer({ min: 0, max: 60_000_00 }) }),
      fc.record({ t: fc.constant("revoke" as const), whole: fc.boolean(), amount: fc.integer({ min: 0, max: 70_000_00 }) }),
      fc.constant({ t: "final" as const }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_00 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.array(step, { maxLength: 25 }),
        (cost, pct, advanceMaxBp, steps) => {
          const granted = Math.floor((cost * pct) / 100);
          let s: TrancheState = { ...base, grantedCents: granted, eligibleCostCents: cost, advanceMaxBp };
          let paidBeforeRevocation = 0;
          for (const st of steps) {
            if (st.t === "tranche") {
              const plan = planTranche(s, st.kind, st.amount);
              if (plan.ok) {
                s = { ...s, paidCents: s.paidCents + plan.amountCents, paidKinds: [...s.paidKinds, st.kind], status: st.kind === "balance" ? "closed" : s.status === "granted" ? "in_progress" : s.status };
                expect(s.paidCents).toBeLessThanOrEqual(s.grantedCents - s.revokedCents);
              }
            } else if (st.t === "accept") {
              if (s.status === "closed" || s.status === "revoked") continue;
              s = { ...s, acceptedCents: Math.min(cost, s.acceptedCents + st.amount), hasReviewedReport: true };
            } else if (st.t === "final") {
              if (s.status === "closed" || s.status === "revoked") continue;
              s = { ...s, status: "reported", finalReviewed: true, hasReviewedReport: true };
            } else {
              const plan = planRevocation(s, s.status, st.whole, st.amount);
              if (plan.ok) {
                paidBeforeRevocation = s.paidCents;
                s = { ...s, revokedCents: plan.revokedCents, status: plan.whole ? "revoked" : s.status };
                expect(s.revokedCents).toBeLessThanOrEqual(s.grantedCents);
                expect(toRecoverCents(s)).toBe(Math.max(0, paidBeforeRevocation - (s.grantedCents - s.revokedCents)));
              }
            }
            expect(s.paidCents).toBeLessThanOrEqual(s.grantedCents);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("planRevocation", () => {
  const g = { grantedCents: 1_000, revokedCents: 200 };
  it("whole takes all of the grant; part up to what stands", () => {
    expect(planRevocation(g, "in_progress", true, 0)).toEqual({ ok: true, revokedCents: 1_000, whole: true });
    expect(planRevocation(g, "in_progress", false, 300)).toEqual({ ok: true, revokedCents: 500, whole: false });
    expect(planRevocation(g, "in_progress", false, 800)).toEqual({ ok: true, revokedCents: 1_000, whole: true });
    expect(planRevocation(g, "in_progress", false, 801)).toEqual({ ok: false, key: "grantRevokeAboveStanding", values: { standingCents: 800 } });
    expect(planRevocation(g, "in_progress", false, 0)).toEqual({ ok: false, key: "amountPositive" });
    expect(planRevocation(g, "closed", true, 0)).toEqual({ ok: false, key: "grantRevokeClosed" });
    expect(planRevocation(g, "revoked", false, 1)).toEqual({ ok: false, key: "grantRevokeClosed" });
  });
});
