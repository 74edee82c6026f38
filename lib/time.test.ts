import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRome, formatRomeIn, isRomeLocal, italianDayPreposition, romeLocalToUtc, romeOffsetMs, utcToRomeLocal, type ItalianDatePreposition } from "./time";

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

describe("dates in Italian sentences", () => {
  const rome = (day: number) => romeLocalToUtc(`2026-12-${String(day).padStart(2, "0")}T18:00`);

  it("elides the article and every preposition before 8 and 11 only", () => {
    const expected: Record<ItalianDatePreposition, Record<number, string>> = {
      il: { 1: "il ", 8: "l'", 11: "l'", 18: "il ", 31: "il " },
      dal: { 1: "dal ", 8: "dall'", 11: "dall'", 18: "dal ", 31: "dal " },
      al: { 1: "al ", 8: "all'", 11: "all'", 18: "al ", 31: "al " },
      del: { 1: "del ", 8: "dell'", 11: "dell'", 18: "del ", 31: "del " },
    };
    for (const [preposition, byDay] of Object.entries(expected) as [ItalianDatePreposition, Record<number, string>][]) {
      for (const [day, text] of Object.entries(byDay)) expect(italianDayPreposition(Number(day), preposition), `${preposition} ${day}`).toBe(text);
    }
  });

  it("writes the first of the month as 1° in Italian, not in English", () => {
    expect(formatRome(rome(1), "it")).toBe("1° dicembre 2026 alle ore 18:00");
    expect(formatRome(rome(11), "it")).toBe("11 dicembre 2026 alle ore 18:00");
    expect(formatRome(rome(31), "it")).toBe("31 dicembre 2026 alle ore 18:00");
    expect(formatRome(rome(1), "en")).toBe("1 December 2026 at 18:00");
  });

  it("puts the right form before the date in Italian and leaves English messages their own", () => {
    expect(formatRomeIn(rome(8), "it", "il")).toBe("l'8 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(8), "it", "dal")).toBe("dall'8 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(8), "it", "al")).toBe("all'8 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(8), "it", "del")).toBe("dell'8 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(1), "it", "il")).toBe("il 1° dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(1), "it", "dal")).toBe("dal 1° dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(1), "it", "al")).toBe("al 1° dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(11), "it", "il")).toBe("l'11 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(11), "it", "al")).toBe("all'11 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(18), "it", "il")).toBe("il 18 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(31), "it", "del")).toBe("del 31 dicembre 2026 alle ore 18:00");
    expect(formatRomeIn(rome(8), "en", "il")).toBe("8 December 2026 at 18:00");
  });

  it("takes the day in Rome, not in UTC (23:30 UTC on 7 December is the 8th in Rome)", () => {
    expect(formatRomeIn(new Date("2026-12-07T23:30:00Z"), "it", "il")).toBe("l'8 dicembre 2026 alle ore 00:30");
  });
});
