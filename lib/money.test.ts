import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { euroField } from "./form-fields";
import { centsToInput, formatCents, isAmountWithinCeiling, MAX_AMOUNT_CENTS, parseEuroToCents } from "./money";

describe("parseEuroToCents", () => {
  it.each([
    ["1.200.000", 120_000_000],
    ["1200000,50", 120_000_050],
    ["1.200.000,5", 120_000_050],
    ["1.200.000,00 €", 120_000_000],
    ["€ 300.000", 30_000_000],
    ["1.200", 120_000],
    ["1200.5", 120_050],
    ["1,200,000.50", 120_000_050],
    ["0,01", 1],
    ["  400 000 ", 40_000_000],
    ["0", 0],
    ["-12,30", -1230],
  ])("%s → %i cents", (text, cents) => {
    expect(parseEuroToCents(text)).toBe(cents);
  });

  it.each(["", "abc", "1,2,3", "1.20.000", "12,345", "1,234.5.6", "1.2,50", "1e6", "0,001", "99999999999999999999"])(
    "refuses %j",
    (text) => {
      expect(parseEuroToCents(text)).toBeNull();
    },
  );

  it("0,1 + 0,2 is exactly 30 cents (no floating point)", () => {
    expect(parseEuroToCents("0,1")! + parseEuroToCents("0,2")!).toBe(30);
    expect(parseEuroToCents("1234567,89")).toBe(123_456_789);
  });

  it("round-trips every amount through the Italian format", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        expect(parseEuroToCents(formatCents(cents, "it"))).toBe(cents);
        if (cents >= 0) expect(parseEuroToCents(centsToInput(cents))).toBe(cents);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips the English format too", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_00 }), (cents) => {
        expect(parseEuroToCents(formatCents(cents, "en"))).toBe(cents);
      }),
    );
  });
});

describe("formatCents", () => {
  it("formats with Intl in it-IT and en", () => {
    expect(formatCents(120_000_000, "it")).toBe("1.200.000,00\u00a0€");
    expect(formatCents(5, "it")).toBe("0,05\u00a0€");
    expect(formatCents(123_456, "it")).toBe("1.234,56\u00a0€");
    expect(formatCents(123_456, "en")).toBe("€1,234.56");
    expect(formatCents(120_000_050, "en")).toBe("€1,200,000.50");
    expect(formatCents(Number.MAX_SAFE_INTEGER, "it")).toBe("90.071.992.547.409,91\u00a0€");
  });

  it("refuses what is not a whole number of cents", () => {
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it("centsToInput gives what people type", () => {
    expect(centsToInput(120_000_000)).toBe("1.200.000");
    expect(centsToInput(120_000_050)).toBe("1.200.000,50");
    expect(centsToInput(100_000)).toBe("1.000");
  });
});

describe("the ceiling of every amount (MAX_AMOUNT_CENTS)", () => {
  const parse = (text: string) => euroField.safeParse(text);
  const issue = (text: string) => {
    const r = parse(text);
    return r.success ? undefined : r.error.issues[0].message;
  };

  it("is €1 billion, and sums of thousands of amounts below it stay exact", () => {
    expect(MAX_AMOUNT_CENTS).toBe(parseEuroToCents("1.000.000.000"));
    // 50 lines for each of 100 partners, every one at the ceiling, is still a safe integer.
    expect(Number.isSafeInteger(MAX_AMOUNT_CENTS * 50 * 100)).toBe(true);
  });

  it("euroField takes every amount up to the ceiling, exactly", () => {
    expect(parse("1.000.000.000")).toEqual({ success: true, data: MAX_AMOUNT_CENTS });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_CENTS }), (cents) => {
        expect(parse(centsToInput(cents))).toEqual({ success: true, data: cents });
      }),
      { numRuns: 1000 },
    );
  });

  it("euroField refuses every amount past the ceiling as too large, not as a typo", () => {
    expect(issue("1.000.000.000,01")).toBe("amountTooLarge");
    expect(issue("90.071.992.547.409,91")).toBe("amountTooLarge");
    fc.assert(
      fc.property(fc.integer({ min: MAX_AMOUNT_CENTS + 1, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        expect(issue(centsToInput(cents))).toBe("amountTooLarge");
      }),
      { numRuns: 1000 },
    );
    // Past 2^53 the text is not read as an amount at all.
    expect(issue("99999999999999999999")).toBe("amountInvalid");
  });

  it("isAmountWithinCeiling: whole, non-negative, at most €1 billion, as a number or a BigInt", () => {
    expect(isAmountWithinCeiling(0)).toBe(true);
    expect(isAmountWithinCeiling(MAX_AMOUNT_CENTS)).toBe(true);
    expect(isAmountWithinCeiling(MAX_AMOUNT_CENTS + 1)).toBe(false);
    expect(isAmountWithinCeiling(-1)).toBe(false);
    expect(isAmountWithinCeiling(0.5)).toBe(false);
    expect(isAmountWithinCeiling(BigInt(MAX_AMOUNT_CENTS))).toBe(true);
    expect(isAmountWithinCeiling(BigInt(MAX_AMOUNT_CENTS) + 1n)).toBe(false);
  });

  it("formatting never throws on a stored total past 2^53 (rows saved before the ceiling)", () => {
    const doubled = 2 * Number.MAX_SAFE_INTEGER;
    expect(formatCents(doubled, "it")).toBe("180.143.985.094.819,82\u00a0€");
    expect(formatCents(-doubled, "en")).toBe("-€180,143,985,094,819.82");
    expect(centsToInput(doubled)).toBe("180.143.985.094.819,82");
  });
});
