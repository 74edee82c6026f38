import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMULA_STARTS, parseCsv } from "@/test/csv";
import { centsToItalianDecimal, cellText, isFormulaLike, money, neutraliseText, quoteField, romeDateTime, toCsv, type CsvCell } from "./csv";

/** What a reader gets back from a neutralised cell: the apostrophe Tavolo added removed. */
const unneutralise = (text: string) => (text.startsWith("'") && isFormulaLike(text.slice(1)) ? text.slice(1) : text);

const startsDangerously = (text: string) => FORMULA_STARTS.some((c) => text.startsWith(c));

/** Text biased towards what attackers and ordinary people type: formulas, quotes, separators, line breaks. */
const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", " ", '"', "'", ";", ",", "a", "1", "é", "\u00a0") }),
  fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", " =", '"=', "'+", "\n-", " \t@"), fc.string()).map(([a, b]) => a + b),
);

const typedCell: fc.Arbitrary<CsvCell> = fc.oneof(
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }).map(money),
  fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }),
  fc.constant(null),
);

describe("neutraliseText (OWASP CSV injection)", () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ["+39 011 123456", "'+39 011 123456"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+1)", "'@SUM(1+1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    [" =1+1", "' =1+1"],
    ['"=1+1', `'"=1+1`],
    ["'=1+1", "''=1+1"],
    ["\n@x", "'\n@x"],
    ["\u00a0-1", "'\u00a0-1"],
    ["'\t", "''\t"],
  ])("neutralises %j", (text, expected) => {
    expect(neutraliseText(text)).toBe(expected);
  });

  it.each(["Meccanica Dora S.p.A.", "ERP condiviso", "a=b", "1+1", "", " ", "'citazione'", "E-commerce", "CAN-2026-0001"])("leaves %j as it is", (text) => {
    expect(neutraliseText(text)).toBe(text);
  });
});

describe("cellText", () => {
  it("writes typed numbers, amounts and dates as they are, a minus sign included", () => {
    expect(cellText(-5)).toBe("-5");
    expect(cellText(4)).toBe("4");
    expect(cellText(-1.5)).toBe("-1,5");
    expect(cellText(money(-123_456))).toBe("-1234,56");
    expect(cellText(new Date("2026-02-01T13:05:00Z"))).toBe("01/02/2026 14:05");
    expect(cellText(null)).toBe("");
    expect(cellText(undefined)).toBe("");
  });

  it("refuses a number that is not finite, rather than writing NaN", () => {
    expect(() => cellText(Number.NaN)).toThrow(RangeError);
    expect(() => cellText(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("a number typed as text is text: neutralised", () => {
    expect(cellText("-5")).toBe("'-5");
  });
});

describe("quoteField", () => {
  it("quotes separators, quotes and line breaks (RFC 4180), and only those", () => {
    expect(quoteField('a;"b"')).toBe('"a;""b"""');
    expect(quoteField("a\r\nb")).toBe('"a\r\nb"');
    expect(quoteField("a,b")).toBe("a,b");
    expect(quoteField("")).toBe("");
  });
});

describe("toCsv", () => {
  it("writes a BOM, semicolons and CRLF after every record", () => {
    expect(toCsv(["A", "B"], [["x", 1]])).toBe("\uFEFFA;B\r\nx;1\r\n");
    expect(toCsv(["A"], [])).toBe("\uFEFFA\r\n");
  });

  it("reads back cell by cell: no cell starts like a formula unless Tavolo typed it as a number", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(nastyText, typedCell), { minLength: 1, maxLength: 6 }), { maxLength: 6 }), (cellRows) => {
        const width = Math.max(1, ...cellRows.map((r) => r.length));
        const rows = cellRows.map((r) => [...r, ...Array<CsvCell>(width - r.length).fill(null)]);
        const header = Array.from({ length: width }, (_, i) => `C${i}`);
        const parsed = parseCsv(toCsv(header, rows));
        expect(parsed).toHaveLength(rows.length + 1);
        rows.forEach((row, r) => {
          expect(parsed[r + 1]).toHaveLength(width);
          row.forEach((cell, c) => {
            const text = parsed[r + 1][c];
            if (typeof cell === "string") {
              expect(startsDangerously(text)).toBe(false);
              // The value comes back exactly, quotes, separators and line breaks included.
              expect(unneutralise(text)).toBe(cell);
            } else {
              expect(text).toBe(cellText(cell));
            }
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it("only typed cells may start with a minus sign, and those read back as the number written", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -1 }), (cents) => {
        const [, [amount, count]] = parseCsv(toCsv(["Importo", "Numero"], [[money(cents), cents]]));
        expect(amount.startsWith("-")).toBe(true);
        const [int, dec] = amount.slice(1).split(",");
        expect(-(BigInt(int) * 100n + BigInt(dec))).toBe(BigInt(cents));
        expect(BigInt(count)).toBe(BigInt(cents));
      }),
    );
  });
});

describe("centsToItalianDecimal", () => {
  it("uses a decimal comma, no grouping, always two decimals, exact for large amounts", () => {
    expect(centsToItalianDecimal(40_000_000)).toBe("400000,00");
    expect(centsToItalianDecimal(5)).toBe("0,05");
    expect(centsToItalianDecimal(0)).toBe("0,00");
    expect(centsToItalianDecimal(-123_456)).toBe("-1234,56");
    expect(centsToItalianDecimal(Number.MAX_SAFE_INTEGER)).toBe("90071992547409,91");
  });

  it("never throws on a stored total past 2^53 (an old out-of-range row), only on a fraction of a cent", () => {
    expect(centsToItalianDecimal(2 * Number.MAX_SAFE_INTEGER)).toBe("180143985094819,82");
    expect(() => centsToItalianDecimal(1.5)).toThrow(RangeError);
  });
});

describe("romeDateTime", () => {
  it("shows Rome wall-clock time in winter and summer", () => {
    expect(romeDateTime(new Date("2026-01-10T23:30:00Z"))).toBe("11/01/2026 00:30");
    expect(romeDateTime(new Date("2026-07-15T16:00:00Z"))).toBe("15/07/2026 18:00");
  });
});

describe("every CSV Tavolo writes goes through lib/csv.ts", () => {
  it("no other source file joins fields with semicolons or writes a byte-order mark itself", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return name === "node_modules" || name.startsWith(".") ? [] : sources(full);
        return /\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
      });
    const root = path.resolve(__dirname, "..");
    const offenders = ["app", "lib", "components", "db"]
      .flatMap((d) => sources(path.join(root, d)))
      .filter((file) => path.relative(root, file) !== path.join("lib", "csv.ts"))
      .filter((file) => /join\(\s*["'`];["'`]\s*\)|\\uFEFF/i.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
