import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codiceFiscaleCheckChar,
  isValidAteco,
  isValidCodiceFiscale,
  isValidCodiceIpa,
  isValidCor,
  isValidCup,
  isValidPartitaIva,
  partitaIvaCheckDigit,
} from "./identifiers";

const tenDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }).map((d) => d.join(""));

describe("Partita IVA", () => {
  it.each(["01234567897", "00743110157", "12345678903"])("accepts %s", (piva) => {
    expect(isValidPartitaIva(piva)).toBe(true);
  });

  it.each([
    ["wrong check digit", "01234567890"],
    ["too short", "0123456789"],
    ["too long", "012345678970"],
    ["letters", "0123456789A"],
    ["spaces", "01234 567897"],
    ["empty", ""],
  ])("rejects %s", (_label, piva) => {
    expect(isValidPartitaIva(piva)).toBe(false);
  });

  it("the computed check digit always makes a valid number", () => {
    fc.assert(
      fc.property(tenDigits, (first10) => {
        expect(isValidPartitaIva(first10 + partitaIvaCheckDigit(first10))).toBe(true);
      }),
    );
  });

  it("any other last digit is invalid", () => {
    fc.assert(
      fc.property(tenDigits, fc.integer({ min: 1, max: 9 }), (first10, delta) => {
        const wrong = (partitaIvaCheckDigit(first10) + delta) % 10;
        expect(isValidPartitaIva(first10 + wrong)).toBe(false);
      }),
    );
  });

  it("detects every single-digit typo", () => {
    fc.assert(
      fc.property(tenDigits, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (first10, pos, delta) => {
        const valid = first10 + partitaIvaCheckDigit(first10);
        const typo = valid.slice(0, pos) + String((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
        expect(isValidPartitaIva(typo)).toBe(false);
      }),
    );
  });
});

describe("Codice Fiscale", () => {
  it("accepts a person's 16-character code with its check character", () => {
    expect(isValidCodiceFiscale("RSSMRA85T10A562S")).toBe(true);
    expect(codiceFiscaleCheckChar("RSSMRA85T10A562")).toBe("S");
  });

  it("is case-insensitive", () => {
    expect(isValidCodiceFiscale("rssmra85t10a562s")).toBe(true);
  });

  it("accepts omocodia letters in place of digits", () => {
    // 2 → N in the last digit of the municipality code; the check character follows.
    expect(isValidCodiceFiscale("RSSMRA85T10A56NH")).toBe(true);
  });

  it.each([
    ["wrong check character", "RSSMRA85T10A562T"],
    ["invalid month letter", "RSSMRA85Z10A562S"],
    ["too short", "RSSMRA85T10A562"],
    ["too long", "RSSMRA85T10A562SX"],
    ["digit where a letter belongs", "RSSMR185T10A562S"],
    ["empty", ""],
  ])("rejects %s", (_label, cf) => {
    expect(isValidCodiceFiscale(cf)).toBe(false);
  });

  it("accepts an 11-digit legal entity code with a valid check digit", () => {
    expect(isValidCodiceFiscale("00743110157")).toBe(true);
    expect(isValidCodiceFiscale("00743110158")).toBe(false);
  });

  it("any other check character is invalid", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), (delta) => {
        const wrong = String.fromCharCode(65 + (("S".charCodeAt(0) - 65 + delta) % 26));
        expect(isValidCodiceFiscale(`RSSMRA85T10A562${wrong}`)).toBe(false);
      }),
    );
  });
});

describe("ATECO", () => {
  it.each(["62.01.00", "62.01", "62.01.0", "01.11.10"])("accepts %s", (code) => {
    expect(isValidAteco(code)).toBe(true);
  });
  it.each(["620100", "62.1", "62.01.000", "6.01.00", "AB.01.00", ""])("rejects %s", (code) => {
    expect(isValidAteco(code)).toBe(false);
  });
});

describe("Codice IPA", () => {
  it.each(["c_e379", "m_it", "regione_piemonte"])("accepts %s", (code) => {
    expect(isValidCodiceIpa(code)).toBe(true);
  });
  it.each(["c", "c-e379", "c e379", "a".repeat(21), ""])("rejects %s", (code) => {
    expect(isValidCodiceIpa(code)).toBe(false);
  });
});

describe("CUP", () => {
  it.each(["J11B21000000001", "E61F22000120006"])("accepts %s", (code) => {
    expect(isValidCup(code)).toBe(true);
  });
  it.each(["J11B2100000000", "J11B210000000012", "j11b21000000001", "J11B21000000-01", ""])("rejects %s", (code) => {
    expect(isValidCup(code)).toBe(false);
  });
});

describe("COR", () => {
  it.each(["1234567", "1", "123456789012"])("accepts %s", (code) => {
    expect(isValidCor(code)).toBe(true);
  });
  it.each(["", "1234567890123", "COR-1", "12 34"])("rejects %s", (code) => {
    expect(isValidCor(code)).toBe(false);
  });
});
