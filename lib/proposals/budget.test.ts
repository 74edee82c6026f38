import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_AMOUNT_CENTS } from "@/lib/money";
import { budgetTotals, shareBp, sumCents, sumCentsExact } from "./budget";
import { budgetPartFormSchema, saveBudgetPartSchema } from "./schemas";

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

describe("amounts past the ceiling", () => {
  const stored = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

  it("the old crash: two parts of 2^53 − 1 cents give totals, flagged out of range, instead of an exception", () => {
    const totals = budgetTotals({
      lines: [
        { organisationId: "a", amountCents: Number.MAX_SAFE_INTEGER },
        { organisationId: "b", amountCents: Number.MAX_SAFE_INTEGER },
      ],
      partners: [{ organisationId: "a", cofinancingCents: Number.MAX_SAFE_INTEGER }],
      requestedCents: Number.MAX_SAFE_INTEGER,
    });
    expect(totals.totalCents).toBe(2 * Number.MAX_SAFE_INTEGER);
    expect(totals.isWithinCeiling).toBe(false);
    // Compared exactly (in BigInt), not in rounded floating point.
    expect(totals.isBalanced).toBe(true);
    expect(totals.cofinancingShareBp).toBe(5000);
  });

  it("budgetTotals never throws on any stored amounts, and is within the ceiling exactly when every sum is", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ organisationId: fc.constantFrom(...orgs), amountCents: fc.oneof(stored, fc.integer({ min: 1, max: MAX_AMOUNT_CENTS })) }), { maxLength: 8 }),
        fc.array(fc.record({ organisationId: fc.constantFrom(...orgs), cofinancingCents: fc.oneof(stored, fc.integer({ min: 0, max: MAX_AMOUNT_CENTS })) }), { maxLength: 4 }),
        fc.oneof(stored, fc.integer({ min: 0, max: MAX_AMOUNT_CENTS })),
        (lines, partners, requestedCents) => {
          const totals = budgetTotals({ lines, partners, requestedCents });
          const total = sumCentsExact(lines.map((l) => l.amountCents));
          const cofinancing = sumCentsExact(partners.map((p) => p.cofinancingCents));
          const ceiling = BigInt(MAX_AMOUNT_CENTS);
          expect(totals.isWithinCeiling).toBe(total <= ceiling && cofinancing <= ceiling && requestedCents <= MAX_AMOUNT_CENTS);
          expect(totals.isBalanced).toBe(total > 0n && BigInt(requestedCents) + cofinancing === total);
          // Within the ceiling, the numbers are exact.
          if (totals.isWithinCeiling) expect(BigInt(totals.totalCents)).toBe(total);
        },
      ),
    );
  });

  it("sumCents is exact within 2^53 and the nearest number beyond, never an exception; a fraction of a cent is a bug", () => {
    expect(sumCents([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER])).toBe(2 * Number.MAX_SAFE_INTEGER);
    expect(sumCents([])).toBe(0);
    expect(() => sumCents([1.5])).toThrow(RangeError);
  });
});

describe("budget part schema (shared by the form and the server)", () => {
  const line = (amount: string) => ({ category: "services", description: "Voce", amount });
  const ids = { proposalId: "00000000-0000-4000-8000-000000000001", version: 1, organisationId: "00000000-0000-4000-8000-000000000002" };

  it("refuses a line past €1 billion as too large", () => {
    const r = budgetPartFormSchema.safeParse({ lines: [line("1.000.000.000,01")], cofinancing: "" });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["lines.0.amount", "amountTooLarge"]]);
  });

  it("refuses a co-financing past €1 billion", () => {
    const r = saveBudgetPartSchema.safeParse({ ...ids, lines: [], cofinancing: "2.000.000.000" });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["cofinancing", "amountTooLarge"]]);
  });

  it("a part whose lines add up past the ceiling is refused at the first line that crosses it, whatever the split", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: MAX_AMOUNT_CENTS }), { minLength: 1, maxLength: 50 }), (amounts) => {
        const lines = amounts.map((c) => line(`${Math.floor(c / 100)},${String(c % 100).padStart(2, "0")}`));
        const r = saveBudgetPartSchema.safeParse({ ...ids, lines, cofinancing: "0" });
        let running = 0;
        const crossing = amounts.findIndex((c) => (running += c) > MAX_AMOUNT_CENTS);
        if (crossing < 0) {
          expect(r.success).toBe(true);
          if (r.success) expect(sumCents(r.data.lines.map((l) => l.amount))).toBe(amounts.reduce((a, b) => a + b, 0));
        } else {
          expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([[`lines.${crossing}.amount`, "proposalTotalTooLarge"]]);
        }
      }),
    );
  });
});
