import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planLineReview } from "./expense-machine";
import { acceptanceProblem, lineAllowanceCents, maxAcceptableCents, summariseBudgetLines, type AcceptanceState } from "./expense-limits";

describe("a budget line's allowance", () => {
  it("is the line plus the call's tolerance, rounded down to the cent", () => {
    expect(lineAllowanceCents(10_000_00, 1000)).toBe(11_000_00);
    expect(lineAllowanceCents(10_000_00, 0)).toBe(10_000_00);
    expect(lineAllowanceCents(10_000_00, 10_000)).toBe(20_000_00);
    expect(lineAllowanceCents(999, 1000)).toBe(1098); // 1098.9 → 1098
    expect(lineAllowanceCents(1_000_000_000_00, 10_000)).toBe(2_000_000_000_00);
  });

  it("refuses tolerances and amounts out of range", () => {
    expect(() => lineAllowanceCents(100, -1)).toThrow(RangeError);
    expect(() => lineAllowanceCents(100, 10_001)).toThrow(RangeError);
    expect(() => lineAllowanceCents(1.5, 1000)).toThrow(RangeError);
  });

  it("never rounds up (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_00 }), fc.integer({ min: 0, max: 10_000 }), (line, bp) => {
        const allowance = BigInt(lineAllowanceCents(line, bp));
        const exact = BigInt(line) * BigInt(10_000 + bp);
        expect(allowance * 10_000n <= exact).toBe(true);
        expect((allowance + 1n) * 10_000n > exact).toBe(true);
      }),
    );
  });
});

describe("what a decision may accept", () => {
  const state: AcceptanceState = { allowanceCents: 11_000_00, acceptedOnLineCents: 10_000_00, acceptedOnGrantCents: 15_000_00, eligibleCostCents: 20_000_00 };

  it("fits the line's allowance: exactly on it is allowed, one cent over is refused with the most that fits", () => {
    expect(maxAcceptableCents(state)).toBe(1_000_00);
    expect(acceptanceProblem(state, 1_000_00)).toBeNull();
    expect(acceptanceProblem(state, 1_000_01)).toEqual({
      field: "acceptedCents",
      key: "expenseLineAllowanceExceeded",
      values: { maxCents: 1_000_00, allowanceCents: 11_000_00 },
    });
  });

  it("fits the grant's eligible cost", () => {
    const tight = { ...state, acceptedOnGrantCents: 19_500_00 };
    expect(maxAcceptableCents(tight)).toBe(500_00);
    expect(acceptanceProblem(tight, 500_00)).toBeNull();
    expect(acceptanceProblem(tight, 600_00)).toEqual({
      field: "acceptedCents",
      key: "expenseGrantCostExceeded",
      values: { maxCents: 500_00, eligibleCostCents: 20_000_00 },
    });
  });

  it("a cut to zero always fits", () => {
    expect(acceptanceProblem({ ...state, acceptedOnLineCents: 11_000_00 }, 0)).toBeNull();
  });
});

describe("the budget table", () => {
  it("shows each line's allowance, what is left and whether claims run over", () => {
    expect(summariseBudgetLines([{ budgetLineId: "a", lineCents: 1000_00, claimedCents: 1200_00, acceptedCents: 1050_00 }], 1000)).toEqual([
      { budgetLineId: "a", lineCents: 1000_00, claimedCents: 1200_00, acceptedCents: 1050_00, allowanceCents: 1100_00, remainingCents: 50_00, isOver: true },
    ]);
  });
});

/**
 * Property: whatever expenses are filed and however the promoter decides them (accepting,
 * cutting, changing a decision), as long as each decision passes the limits check the way the
 * service applies it, no budget line's accepted total exceeds its allowance and the grant's
 * accepted total never exceeds its eligible cost.
 */
describe("no sequence of reviews exceeds a line's allowance (property)", () => {
  const budgetLine = fc.integer({ min: 1, max: 50_000_00 });
  const step = fc.record({
    line: fc.nat(),
    expense: fc.integer({ min: 1, max: 30_000_00 }),
    cut: fc.boolean(),
    cutShare: fc.double({ min: 0, max: 1, noNaN: true }),
    redecide: fc.nat(),
  });

  it("holds for every sequence", () => {
    fc.assert(
      fc.property(fc.array(budgetLine, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 10_000 }), fc.array(step, { maxLength: 40 }), (lines, toleranceBp, steps) => {
        const eligibleCostCents = lines.reduce((a, b) => a + b, 0);
        const allowances = lines.map((l) => lineAllowanceCents(l, toleranceBp));
        // Decided expense lines: which budget line, amount, accepted (null = pending).
        const expenses: { line: number; amount: number; accepted: number | null }[] = [];

        const decide = (index: number, cut: boolean, cutShare: number) => {
          const e = expenses[index];
          const others = expenses.filter((_, i) => i !== index && expenses[i].accepted !== null);
          const state: AcceptanceState = {
            allowanceCents: allowances[e.line],
            acceptedOnLineCents: others.filter((o) => o.line === e.line).reduce((s, o) => s + (o.accepted ?? 0), 0),
            acceptedOnGrantCents: others.reduce((s, o) => s + (o.accepted ?? 0), 0),
            eligibleCostCents,
          };
          const decision = cut ? { decision: "cut" as const, acceptedCents: Math.floor((e.amount - 1) * cutShare), reason: "Spesa non pertinente" } : { decision: "accept" as const };
          const plan = planLineReview("submitted", e.amount, decision);
          if (!plan.ok) return;
          if (acceptanceProblem(state, plan.value.acceptedCents)) return;
          e.accepted = plan.value.acceptedCents;
        };

        for (const s of steps) {
          expenses.push({ line: s.line % lines.length, amount: s.expense, accepted: null });
          decide(expenses.length - 1, s.cut, s.cutShare);
          // Sometimes change an earlier decision, as a promoter may before completing.
          if (s.redecide % 3 === 0) decide(s.redecide % expenses.length, !s.cut, 1 - s.cutShare);
        }

        let total = 0;
        lines.forEach((_, i) => {
          const onLine = expenses.filter((e) => e.line === i).reduce((sum, e) => sum + (e.accepted ?? 0), 0);
          expect(onLine).toBeLessThanOrEqual(allowances[i]);
          total += onLine;
        });
        expect(total).toBeLessThanOrEqual(eligibleCostCents);
        for (const e of expenses) if (e.accepted !== null) expect(e.accepted).toBeLessThanOrEqual(e.amount);
      }),
      { numRuns: 300 },
    );
  });
});
