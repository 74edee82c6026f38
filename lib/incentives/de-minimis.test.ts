import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDeMinimis,
  countsInWindow,
  DE_MINIMIS_CEILING_CENTS,
  deMinimisProblem,
  headroomCents,
  nextDay,
  usedInWindowCents,
  windowStartExclusive,
  yearsBefore,
} from "./de-minimis";

const GRANT = "2026-06-15";

describe("the rolling three-year de minimis window", () => {
  it("aid exactly three years old is outside; one day inside counts; one day outside does not", () => {
    expect(windowStartExclusive(GRANT)).toBe("2023-06-15");
    expect(countsInWindow("2023-06-15", GRANT)).toBe(false); // exactly three years old
    expect(countsInWindow("2023-06-16", GRANT)).toBe(true); // one day inside
    expect(countsInWindow("2023-06-14", GRANT)).toBe(false); // one day outside
    expect(countsInWindow(GRANT, GRANT)).toBe(true); // the grant day itself
    expect(countsInWindow("2026-06-16", GRANT)).toBe(false); // after the grant
  });

  it("is rolling, not fiscal years: aid of December 2023 counts for a grant in June 2026", () => {
    expect(countsInWindow("2023-12-31", GRANT)).toBe(true);
    expect(countsInWindow("2023-01-01", "2025-12-31")).toBe(true);
    expect(countsInWindow("2022-12-31", "2025-12-31")).toBe(false);
  });

  it("29 February: three years before is the 28th", () => {
    expect(yearsBefore("2028-02-29", 3)).toBe("2025-02-28");
    expect(countsInWindow("2025-02-28", "2028-02-29")).toBe(false);
    expect(countsInWindow("2025-03-01", "2028-02-29")).toBe(true);
    expect(yearsBefore("2027-03-01", 3)).toBe("2024-03-01");
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
  });

  it("sums the aid in the window, ignoring withdrawn rows", () => {
    const aids = [
      { grantedOn: "2023-06-15", amountCents: 100_000_00 },
      { grantedOn: "2023-06-16", amountCents: 50_000_00 },
      { grantedOn: "2025-01-10", amountCents: 70_000_00 },
      { grantedOn: "2025-02-10", amountCents: 90_000_00, withdrawnAt: new Date() },
    ];
    expect(usedInWindowCents(aids, GRANT)).toBe(120_000_00);
    expect(headroomCents(aids, GRANT)).toBe(180_000_00);
  });

  it("landing exactly on the ceiling is allowed, one cent over is refused with the figures", () => {
    const aids = [{ grantedOn: "2025-01-10", amountCents: 120_000_00 }];
    const exact = checkDeMinimis(aids, GRANT, 180_000_00);
    expect(exact).toMatchObject({ fits: true, usedCents: 120_000_00, headroomCents: 180_000_00 });
    expect(deMinimisProblem(exact)).toBeNull();
    const over = checkDeMinimis(aids, GRANT, 180_000_01);
    expect(over.fits).toBe(false);
    expect(deMinimisProblem(over)).toEqual({
      field: "requested",
      key: "incentiveDeMinimisExceeded",
      values: {
        requestedCents: 180_000_01,
        headroomCents: 180_000_00,
        usedCents: 120_000_00,
        ceilingCents: DE_MINIMIS_CEILING_CENTS,
        grantDate: "2026-06-15T00:00:00Z",
        windowFrom: "2023-06-16T00:00:00Z",
      },
    });
  });

  it("a ledger already above the ceiling refuses even a request of 0 (the property's counterexample)", () => {
    const check = checkDeMinimis([{ grantedOn: "2026-01-01", amountCents: 200_000_00 }, { grantedOn: "2026-02-01", amountCents: 200_000_00 }], GRANT, 0);
    expect(check.headroomCents).toBe(0);
    expect(check.fits).toBe(false);
  });

  it("headroom never goes below zero", () => {
    expect(headroomCents([{ grantedOn: "2026-01-01", amountCents: 400_000_00 }], GRANT)).toBe(0);
  });

  it("property: a request fits exactly when used + requested ≤ €300,000", () => {
    const day = fc.integer({ min: 0, max: 365 * 5 }).map((n) => {
      const d = new Date(Date.UTC(2022, 0, 1) + n * 86_400_000);
      return d.toISOString().slice(0, 10);
    });
    fc.assert(
      fc.property(fc.array(fc.record({ grantedOn: day, amountCents: fc.integer({ min: 1, max: 200_000_00 }) }), { maxLength: 12 }), day, fc.integer({ min: 0, max: 400_000_00 }), (aids, grantDate, requested) => {
        const check = checkDeMinimis(aids, grantDate, requested);
        const used = aids.filter((a) => countsInWindow(a.grantedOn, grantDate)).reduce((s, a) => s + a.amountCents, 0);
        expect(check.usedCents).toBe(used);
        expect(check.fits).toBe(used + requested <= DE_MINIMIS_CEILING_CENTS);
      }),
    );
  });
});
