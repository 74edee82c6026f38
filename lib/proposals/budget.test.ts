import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetTotals, shareBp } from "./budget";

const orgs = ["a", "b", "c", "d"];
const line = fc.record({ organisationId: fc.constantFrom(...orgs), amountCents: fc.integer({ min: 1, max: 50_000_000_00 }) });
const partner = fc.record({ organisationId: fc.constantFrom(...orgs), cofinancingCents: fc.integer({ min: 0, max: 10_000_000_00 }) });

describe("budgetTotals", () => {
  it("the total in cents always equals the sum of the lines, and partners' costs add up to it", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.array(partner, { maxLength: 4 }), fc.integer({ min: 0, max: 1e12 }), (lines, partners, requestedCents) => {
        const totals = budgetTotals({ lines, partners, requestedCents });
        const expected = lines.reduce((s, l) => s + BigInt(l.amountCents), 0n);
        expect(BigInt(totals.totalCents)).toBe(expected);
        expect(Number.isInteger(totals.totalCents)).toBe(true);
        expect(totals.byPartner.reduce((s, p) => s + p.costCents, 0)).toBe(totals.totalCents);
        expect(totals.byPartner.reduce((s, p) => s + p.cofinancingCents, 0)).toBe(totals.cofinancingCents);
      }),
    );
  });

  it("decimal euro amounts that break floating point add up exactly in cents", () => {
    // 0.1 + 0.2 !== 0.3 in floating point; 10 + 20 === 30 in cents.
    const totals = budgetTotals({
      lines: [
        { organisationId: "a", amountCents: 10 },
        { organisationId: "a", amountCents: 20 },
      ],
      partners: [],
      requestedCents: 30,
    });
    expect(totals.totalCents).toBe(30);
    expect(totals.isBalanced).toBe(true);
  });

  it("shares are basis points rounded down, never above 100%", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 2 ** 52 }), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const bp = shareBp(part, whole);
        expect(bp).toBeGreaterThanOrEqual(0);
        expect(bp).toBeLessThanOrEqual(10_000);
        // bp/10000 ≤ part/whole < (bp+1)/10000, checked in integers.
        expect(BigInt(bp) * BigInt(whole) <= BigInt(part) * 10_000n).toBe(true);
        expect(BigInt(bp + 1) * BigInt(whole) > BigInt(part) * 10_000n).toBe(true);
      }),
    );
  });

  it("computes a worked example: €400,000 requested of €600,000, 30% co-financed by two partners", () => {
    const totals = budgetTotals({
      lines: [
        { organisationId: "a", amountCents: 350_000_00 },
        { organisationId: "b", amountCents: 250_000_00 },
      ],
      partners: [
        { organisationId: "a", cofinancingCents: 120_000_00 },
        { organisationId: "b", cofinancingCents: 60_000_00 },
      ],
      requestedCents: 420_000_00,
    });
    expect(totals).toMatchObject({ totalCents: 600_000_00, cofinancingCents: 180_000_00, requestedShareBp: 7000, cofinancingShareBp: 3000, isBalanced: true });
    expect(totals.byPartner).toEqual([
      { organisationId: "a", costCents: 350_000_00, cofinancingCents: 120_000_00, shareBp: 5833 },
      { organisationId: "b", costCents: 250_000_00, cofinancingCents: 60_000_00, shareBp: 4166 },
    ]);
  });

  it("an empty budget is not balanced and has no shares", () => {
    expect(budgetTotals({ lines: [], partners: [], requestedCents: 0 })).toMatchObject({ totalCents: 0, requestedShareBp: 0, isBalanced: false });
  });
});
