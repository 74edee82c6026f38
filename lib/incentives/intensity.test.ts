import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intensityBp, intensityProblems, maxAidFor, maxIntensityBp, withinIntensity, type ProgrammeLimits } from "./intensity";

// FESR SME digitalisation under GBER art. 17: 20% small (and micro), 10% medium, large firms excluded.
const fesr: ProgrammeLimits = {
  maxIntensityMicroBp: 2000,
  maxIntensitySmallBp: 2000,
  maxIntensityMediumBp: 1000,
  maxIntensityLargeBp: 0,
  maxIntensityOtherBp: 0,
  minEligibleCents: 20_000_00,
  maxEligibleCents: 500_000_00,
  maxAidCents: 0,
};

// De minimis voucher: 50% up to €40,000 of aid.
const voucher: ProgrammeLimits = { ...fesr, maxIntensityLargeBp: 5000, maxIntensityMicroBp: 5000, maxIntensitySmallBp: 5000, maxIntensityMediumBp: 5000, minEligibleCents: 0, maxEligibleCents: 0, maxAidCents: 40_000_00 };

describe("intensity per size class", () => {
  it("picks the class's maximum; no class means the 'other' maximum", () => {
    expect(maxIntensityBp(fesr, "micro")).toBe(2000);
    expect(maxIntensityBp(fesr, "small")).toBe(2000);
    expect(maxIntensityBp(fesr, "medium")).toBe(1000);
    expect(maxIntensityBp(fesr, "large")).toBe(0);
    expect(maxIntensityBp({ ...fesr, maxIntensityOtherBp: 4000 }, null)).toBe(4000);
  });

  it("a small firm may ask exactly 20%, not one cent more; a medium firm 10%", () => {
    const cost = 100_000_00;
    expect(intensityProblems(fesr, "small", { eligibleCostCents: cost, requestedCents: 20_000_00 })).toEqual([]);
    expect(intensityProblems(fesr, "small", { eligibleCostCents: cost, requestedCents: 20_000_01 })).toEqual([
      { field: "requested", key: "incentiveIntensityTooHigh", values: { intensityPercent: 20.01, maxPercent: 20, allowedCents: 20_000_00 } },
    ]);
    expect(intensityProblems(fesr, "medium", { eligibleCostCents: cost, requestedCents: 10_000_00 })).toEqual([]);
    expect(intensityProblems(fesr, "medium", { eligibleCostCents: cost, requestedCents: 20_000_00 })).toMatchObject([
      { field: "requested", key: "incentiveIntensityTooHigh", values: { maxPercent: 10, allowedCents: 10_000_00 } },
    ]);
  });

  it("a class the programme excludes is told so, and nothing else", () => {
    expect(intensityProblems(fesr, "large", { eligibleCostCents: 100_000_00, requestedCents: 1 })).toEqual([{ field: "requested", key: "incentiveSizeClassNotEligible" }]);
  });

  it("eligible cost within minimum and maximum, inclusive", () => {
    expect(intensityProblems(fesr, "small", { eligibleCostCents: 20_000_00, requestedCents: 1_000_00 })).toEqual([]);
    expect(intensityProblems(fesr, "small", { eligibleCostCents: 19_999_99, requestedCents: 1_000_00 })).toEqual([
      { field: "eligibleCost", key: "incentiveEligibleBelowMin", values: { minCents: 20_000_00 } },
    ]);
    expect(intensityProblems(fesr, "small", { eligibleCostCents: 500_000_00, requestedCents: 1_000_00 })).toEqual([]);
    expect(intensityProblems(fesr, "small", { eligibleCostCents: 500_000_01, requestedCents: 1_000_00 })).toEqual([
      { field: "eligibleCost", key: "incentiveEligibleAboveMax", values: { maxCents: 500_000_00 } },
    ]);
  });

  it("aid within the programme's maximum aid", () => {
    expect(intensityProblems(voucher, "small", { eligibleCostCents: 80_000_00, requestedCents: 40_000_00 })).toEqual([]);
    expect(intensityProblems(voucher, "small", { eligibleCostCents: 100_000_00, requestedCents: 40_000_01 })).toEqual([
      { field: "requested", key: "incentiveAboveMaxAid", values: { maxAidCents: 40_000_00 } },
    ]);
  });

  it("missing amounts and a request above the cost", () => {
    expect(intensityProblems(voucher, "small", { eligibleCostCents: 0, requestedCents: 0 })).toEqual([
      { field: "eligibleCost", key: "incentiveEligibleCostRequired" },
      { field: "requested", key: "incentiveRequestedRequired" },
    ]);
    expect(intensityProblems({ ...voucher, maxIntensitySmallBp: 10000 }, "small", { eligibleCostCents: 10_00, requestedCents: 11_00 })).toEqual([
      { field: "requested", key: "incentiveRequestedAboveCost" },
    ]);
  });

  it("maxAidFor: cost × intensity, rounded down, capped by the maximum cost and the maximum aid", () => {
    expect(maxAidFor(fesr, "small", 100_000_00)).toBe(20_000_00);
    expect(maxAidFor(fesr, "medium", 100_000_00)).toBe(10_000_00);
    expect(maxAidFor(fesr, "large", 100_000_00)).toBe(0);
    expect(maxAidFor(fesr, "small", 10_000_00)).toBe(0); // below the minimum cost
    expect(maxAidFor(fesr, "small", 1_000_000_00)).toBe(100_000_00); // cost capped at €500,000
    expect(maxAidFor(voucher, "micro", 200_000_00)).toBe(40_000_00);
    expect(maxAidFor(fesr, "small", 20_000_03)).toBe(4_000_00); // 400000.6 cents → 400000
  });

  it("property: the maximum aid always passes the intensity check, one cent more never does (below the aid cap)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000_000_00 }), (bp, cost) => {
        const limits: ProgrammeLimits = { ...fesr, maxIntensitySmallBp: bp, minEligibleCents: 0, maxEligibleCents: 0, maxAidCents: 0 };
        const aid = maxAidFor(limits, "small", cost);
        expect(withinIntensity({ eligibleCostCents: cost, requestedCents: aid }, bp)).toBe(true);
        expect(withinIntensity({ eligibleCostCents: cost, requestedCents: aid + 1 }, bp)).toBe(false);
        expect(intensityBp({ eligibleCostCents: cost, requestedCents: aid })).toBeLessThanOrEqual(bp);
      }),
    );
  });
});
