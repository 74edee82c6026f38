import { describe, expect, it } from "vitest";
import { atecoSection, intensityFor, matchProgramme, maxAidFor, programmeWindow, radar, type RadarOrganisation, type RadarProgramme } from "./radar";

const AT = new Date("2026-11-26T12:00:00Z");
const day = (n: number) => new Date(AT.getTime() + n * 86_400_000);

/** A programme with no restriction, open with no dates, 50% for everyone. */
const base = (over: Partial<RadarProgramme> = {}): RadarProgramme => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "Programma",
  maxIntensityMicroBp: 5000,
  maxIntensitySmallBp: 5000,
  maxIntensityMediumBp: 5000,
  maxIntensityLargeBp: 5000,
  maxIntensityOtherBp: 5000,
  minEligibleCents: 0,
  maxEligibleCents: 0,
  maxAidCents: 0,
  applicantKinds: [],
  atecoSections: [],
  regions: [],
  provinces: [],
  solutionTypes: [],
  opensAt: null,
  closesAt: null,
  fundsExhaustedAt: null,
  ...over,
});

/** A small manufacturing firm in Ivrea (Torino, Piemonte). */
const firm: RadarOrganisation = { kind: "firm", sizeClass: "small", atecoCode: "26.11.09", municipalityCode: "001125" };
const codes = (p: RadarProgramme, org = firm, types: string[] = ["erp"], cost: number | null = null) =>
  matchProgramme(p, org, types, AT, cost).reasons.map((r) => r.code);

describe("atecoSection", () => {
  it.each([
    ["01.11.00", "A"],
    ["03.22", "A"],
    ["05.10", "B"],
    ["10.51.20", "C"],
    ["33.20", "C"],
    ["35.11", "D"],
    ["41.20", "F"],
    ["47.91", "G"],
    ["49.41.00", "H"],
    ["55.10.00", "I"],
    ["62.01.00", "J"],
    ["70.22.09", "M"],
    ["99.00", "U"],
  ])("%s is section %s", (code, section) => expect(atecoSection(code)).toBe(section));
  it("unknown divisions and missing codes have no section", () => {
    expect(atecoSection("04.00")).toBeNull();
    expect(atecoSection(null)).toBeNull();
    expect(atecoSection("")).toBeNull();
  });
});

describe("a programme with no restriction", () => {
  it("fits any organisation, open now, with no deadline", () => {
    const e = matchProgramme(base(), firm, [], AT);
    expect(e).toMatchObject({ verdict: "fits", window: "open", reasons: [], deadline: null, intensityBp: 5000, maxAidCents: null });
  });
});

describe("each restriction, passing and failing", () => {
  it("organisation kind", () => {
    expect(codes(base({ applicantKinds: ["firm"] }))).toEqual([]);
    const e = matchProgramme(base({ applicantKinds: ["public_body", "university"] }), firm, [], AT);
    expect(e.reasons).toEqual([{ code: "kind", allowed: ["public_body", "university"] }]);
    expect(e.verdict).toBe("near");
  });

  it("size class: a 0% intensity for the firm's class is 'medium firms only'", () => {
    const mediumOnly = base({ maxIntensityMicroBp: 0, maxIntensitySmallBp: 0, maxIntensityMediumBp: 1000, maxIntensityLargeBp: 0, maxIntensityOtherBp: 0 });
    const e = matchProgramme(mediumOnly, firm, [], AT);
    expect(e.reasons).toEqual([{ code: "sizeClass", allowed: ["medium"], other: false }]);
    expect(e.intensityBp).toBe(0);
    expect(codes(mediumOnly, { ...firm, sizeClass: "medium" })).toEqual([]);
  });

  it("organisations without a size class take the 'other' intensity", () => {
    const p = base({ maxIntensityOtherBp: 0 });
    const uni: RadarOrganisation = { kind: "university", sizeClass: null, atecoCode: null, municipalityCode: "001125" };
    expect(codes(p, uni)).toEqual(["sizeClass"]);
    expect(intensityFor(base({ maxIntensityOtherBp: 8000 }), null)).toBe(8000);
  });

  it("a refused kind does not also report the size class", () => {
    const p = base({ applicantKinds: ["firm"], maxIntensityOtherBp: 0 });
    const uni: RadarOrganisation = { kind: "university", sizeClass: null, atecoCode: null, municipalityCode: "001125" };
    expect(codes(p, uni)).toEqual(["kind"]);
  });

  it("ATECO section from the ATECO code", () => {
    expect(codes(base({ atecoSections: ["C"] }))).toEqual([]);
    const e = matchProgramme(base({ atecoSections: ["I", "J"] }), firm, [], AT);
    expect(e.reasons).toEqual([{ code: "ateco", allowed: ["I", "J"], section: "C" }]);
    expect(codes(base({ atecoSections: ["C"] }), { ...firm, atecoCode: null })).toEqual(["ateco"]);
  });

  it("region from the municipality's ISTAT code", () => {
    expect(codes(base({ regions: ["01"] }))).toEqual([]);
    expect(codes(base({ regions: ["03", "05"] }))).toEqual(["region"]);
    // Milano (Lombardia, 03) fits a Lombardy programme.
    expect(codes(base({ regions: ["03"] }), { ...firm, municipalityCode: "015146" })).toEqual([]);
  });

  it("province from the municipality's ISTAT code", () => {
    expect(codes(base({ provinces: ["001"] }))).toEqual([]);
    expect(codes(base({ provinces: ["002"] }))).toEqual(["province"]);
  });

  it("an unknown municipality fits no territorial restriction", () => {
    expect(codes(base({ regions: ["01"], provinces: ["001"] }), { ...firm, municipalityCode: "999999" })).toEqual(["region", "province"]);
  });

  it("solution types of the organisation's proposals", () => {
    expect(codes(base({ solutionTypes: ["erp", "cloud"] }), firm, ["erp"])).toEqual([]);
    expect(codes(base({ solutionTypes: ["erp", "cloud"] }), firm, ["logistics", "cloud"])).toEqual([]);
    expect(codes(base({ solutionTypes: ["cybersecurity"] }), firm, ["erp"])).toEqual(["solution"]);
    expect(codes(base({ solutionTypes: ["cybersecurity"] }), firm, [])).toEqual(["solution"]);
  });

  it("minimum eligible cost, only when a cost is given", () => {
    const p = base({ minEligibleCents: 10_000_00 });
    expect(codes(p, firm, [], null)).toEqual([]);
    expect(matchProgramme(p, firm, [], AT, 9_999_99).reasons).toEqual([{ code: "costBelowMinimum", minimumCents: 10_000_00 }]);
    expect(codes(p, firm, [], 10_000_00)).toEqual([]);
  });
});

describe("windows", () => {
  it("open between the dates, the deadline named", () => {
    const e = matchProgramme(base({ opensAt: day(-10), closesAt: day(30) }), firm, [], AT);
    expect(e).toMatchObject({ window: "open", verdict: "fits", deadline: day(30) });
  });
  it("upcoming before the opening still fits", () => {
    const e = matchProgramme(base({ opensAt: day(5), closesAt: day(60) }), firm, [], AT);
    expect(e).toMatchObject({ window: "upcoming", verdict: "fits", deadline: day(60) });
  });
  it("closed at the closing instant exactly, with the date as reason", () => {
    expect(programmeWindow({ opensAt: null, closesAt: AT, fundsExhaustedAt: null }, AT)).toBe("closed");
    expect(programmeWindow({ opensAt: null, closesAt: new Date(AT.getTime() + 1), fundsExhaustedAt: null }, AT)).toBe("open");
    const e = matchProgramme(base({ closesAt: day(-1) }), firm, [], AT);
    expect(e).toMatchObject({ window: "closed", verdict: "near", reasons: [{ code: "closed", at: day(-1) }], deadline: null });
  });
  it("opening instant exactly is open", () => {
    expect(programmeWindow({ opensAt: AT, closesAt: null, fundsExhaustedAt: null }, AT)).toBe("open");
  });
  it("funds exhausted closes an a-sportello programme even before its date", () => {
    const e = matchProgramme(base({ closesAt: day(30), fundsExhaustedAt: day(-2) }), firm, [], AT);
    expect(e).toMatchObject({ window: "exhausted", reasons: [{ code: "exhausted", at: day(-2) }] });
    expect(programmeWindow({ opensAt: null, closesAt: null, fundsExhaustedAt: day(1) }, AT)).toBe("open");
  });
});

describe("near misses", () => {
  it("one or two reasons are a near miss, three are not", () => {
    expect(matchProgramme(base({ regions: ["03"] }), firm, [], AT).verdict).toBe("near");
    expect(matchProgramme(base({ regions: ["03"], closesAt: day(-1) }), firm, [], AT).verdict).toBe("near");
    expect(matchProgramme(base({ regions: ["03"], closesAt: day(-1), atecoSections: ["J"] }), firm, [], AT).verdict).toBe("no");
  });
});

describe("maximum aid for a project cost", () => {
  it("cost × intensity, rounded down to the cent", () => {
    expect(maxAidFor(base(), 2000, 100_000_00)).toBe(20_000_00);
    expect(maxAidFor(base(), 1250, 1_01)).toBe(12); // 12.625 cents → 12
  });
  it("never above the maximum aid", () => {
    const voucher = base({ maxAidCents: 40_000_00 });
    expect(maxAidFor(voucher, 5000, 60_000_00)).toBe(30_000_00);
    expect(maxAidFor(voucher, 5000, 80_000_00)).toBe(40_000_00);
    expect(maxAidFor(voucher, 5000, 200_000_00)).toBe(40_000_00);
  });
  it("the eligible cost is capped at the programme's maximum", () => {
    expect(maxAidFor(base({ maxEligibleCents: 500_000_00 }), 2000, 800_000_00)).toBe(100_000_00);
  });
  it("nothing below the minimum, at 0% or for no cost", () => {
    expect(maxAidFor(base({ minEligibleCents: 50_000_00 }), 2000, 49_999_99)).toBe(0);
    expect(maxAidFor(base({ minEligibleCents: 50_000_00 }), 2000, 50_000_00)).toBe(10_000_00);
    expect(maxAidFor(base(), 0, 100_000_00)).toBe(0);
    expect(maxAidFor(base(), 2000, 0)).toBe(0);
  });
  it("the ceiling amount stays exact", () => {
    expect(maxAidFor(base(), 10_000, 1_000_000_000_00)).toBe(1_000_000_000_00);
    expect(maxAidFor(base(), 3333, 1_000_000_000_00)).toBe(333_300_000_00);
  });
  it("uses the organisation's intensity: 20% small, 10% medium", () => {
    const fesr = base({ maxIntensityMicroBp: 2000, maxIntensitySmallBp: 2000, maxIntensityMediumBp: 1000, maxIntensityLargeBp: 0, maxIntensityOtherBp: 0 });
    expect(matchProgramme(fesr, firm, [], AT, 150_000_00).maxAidCents).toBe(30_000_00);
    expect(matchProgramme(fesr, { ...firm, sizeClass: "medium" }, [], AT, 150_000_00).maxAidCents).toBe(15_000_00);
    expect(matchProgramme(fesr, { ...firm, sizeClass: "large" }, [], AT, 150_000_00).maxAidCents).toBe(0);
  });
});

describe("radar order", () => {
  it("fitting first (open by soonest deadline, then no deadline, then upcoming), then near misses, then the rest", () => {
    const ps = [
      base({ id: "a", name: "Closed", closesAt: day(-3) }),
      base({ id: "b", name: "Open late", closesAt: day(90) }),
      base({ id: "c", name: "Upcoming", opensAt: day(10), closesAt: day(40) }),
      base({ id: "d", name: "Open soon", closesAt: day(7) }),
      base({ id: "e", name: "Sportello", closesAt: null }),
      base({ id: "f", name: "Elsewhere", regions: ["03"], atecoSections: ["J"], provinces: ["015"] }),
      base({ id: "g", name: "Closed long ago", closesAt: day(-300) }),
    ];
    expect(radar(ps, firm, [], AT).map((e) => e.programme.name)).toEqual([
      "Open soon",
      "Open late",
      "Sportello",
      "Upcoming",
      "Closed",
      "Closed long ago",
      "Elsewhere",
    ]);
  });
  it("passes the cost to every entry", () => {
    const [e] = radar([base({ maxAidCents: 40_000_00 })], firm, [], AT, 100_000_00);
    expect(e.maxAidCents).toBe(40_000_00);
  });
});
