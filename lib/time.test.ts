import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRome, isRomeLocal, romeLocalToUtc, romeOffsetMs, utcToRomeLocal } from "./time";

const iso = (text: string) => romeLocalToUtc(text).toISOString();

describe("romeLocalToUtc", () => {
  it("winter is UTC+1, summer UTC+2", () => {
    expect(iso("2026-12-15T18:00")).toBe("2026-12-15T17:00:00.000Z");
    expect(iso("2026-07-01T09:30")).toBe("2026-07-01T07:30:00.000Z");
    expect(iso("2026-07-01T09:30:15")).toBe("2026-07-01T07:30:15.000Z");
  });

  it("across the March switch (29 March 2026, 02:00 CET → 03:00 CEST)", () => {
    expect(iso("2026-03-29T01:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(iso("2026-03-29T03:00")).toBe("2026-03-29T01:00:00.000Z");
    // 02:30 never happens: clocks jump, so it is read as 03:30 summer time.
    expect(iso("2026-03-29T02:30")).toBe("2026-03-29T01:30:00.000Z");
    expect(iso("2026-03-28T18:00")).toBe("2026-03-28T17:00:00.000Z");
    expect(iso("2026-03-30T18:00")).toBe("2026-03-30T16:00:00.000Z");
  });

  it("across the October switch (25 October 2026, 03:00 CEST → 02:00 CET)", () => {
    expect(iso("2026-10-25T01:30")).toBe("2026-10-24T23:30:00.000Z");
    // 02:30 happens twice: the first one, still summer time.
    expect(iso("2026-10-25T02:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(iso("2026-10-25T03:00")).toBe("2026-10-25T02:00:00.000Z");
    expect(iso("2026-10-24T18:00")).toBe("2026-10-24T16:00:00.000Z");
    expect(iso("2026-10-26T18:00")).toBe("2026-10-26T17:00:00.000Z");
  });

  it("refuses what is not a real date-time", () => {
    for (const bad of ["", "2026-02-30T10:00", "2026-12-15", "2026-12-15T25:00", "15/12/2026 18:00", "2026-12-15T18:00Z"]) {
      expect(isRomeLocal(bad), bad).toBe(false);
      expect(() => romeLocalToUtc(bad)).toThrow(RangeError);
    }
  });

  it("utcToRomeLocal inverts it for every instant (to the minute)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2100, 0, 1) / 60_000 }), (minutes) => {
        const at = new Date(minutes * 60_000);
        const local = utcToRomeLocal(at);
        const back = romeLocalToUtc(local);
        // In the repeated October hour the first occurrence wins, so the second maps an hour earlier.
        const diff = at.getTime() - back.getTime();
        expect([0, 3_600_000]).toContain(diff);
        expect(utcToRomeLocal(back)).toBe(local);
      }),
      { numRuns: 3000 },
    );
  });

  it("the offset is one or two hours", () => {
    expect(romeOffsetMs(new Date("2026-01-15T12:00:00Z"))).toBe(3_600_000);
    expect(romeOffsetMs(new Date("2026-08-15T12:00:00Z"))).toBe(7_200_000);
  });
});

describe("formatRome", () => {
  it("shows Rome time whatever the server's zone", () => {
    expect(formatRome(new Date("2026-12-15T17:00:00Z"), "it")).toBe("15 dicembre 2026 alle ore 18:00");
    expect(formatRome(new Date("2026-07-01T07:30:00Z"), "en")).toBe("1 July 2026 at 09:30");
  });
});
