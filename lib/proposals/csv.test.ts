import { describe, expect, it } from "vitest";
import { centsToItalianDecimal, csvField, romeDateTime, toCsv, type CsvProposalRow } from "./csv";

const row = (overrides: Partial<CsvProposalRow> = {}): CsvProposalRow => ({
  reference: "CAN-2026-0001",
  title: "ERP condiviso",
  leadName: "Meccanica Dora S.p.A.",
  partners: 4,
  totalCents: 40_000_000,
  requestedCents: 28_000_000,
  cofinancingCents: 12_000_000,
  status: "submitted",
  statusReason: null,
  submittedAt: new Date("2026-02-01T13:05:00Z"),
  ...overrides,
});

describe("toCsv", () => {
  it("starts with a BOM, has a header row, semicolons and CRLF", () => {
    const csv = toCsv([row()]);
    expect(csv.startsWith("\uFEFFRiferimento;Titolo;Capofila;Partner;")).toBe(true);
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFRiferimento;Titolo;Capofila;Partner;Costo totale (EUR);Contributo richiesto (EUR);Cofinanziamento (EUR);Stato;Motivazione;Presentata il",
      "CAN-2026-0001;ERP condiviso;Meccanica Dora S.p.A.;4;400000,00;280000,00;120000,00;Presentata;;01/02/2026 14:05",
      "",
    ]);
  });

  it("quotes fields with semicolons, quotes or line breaks (RFC 4180), and only those", () => {
    const csv = toCsv([row({ title: 'ERP "condiviso"; fase 1', statusReason: "Manca l'università\ne il cofinanziamento", status: "inadmissible" })]);
    const record = csv.split("\r\n").slice(1).join("\r\n");
    expect(record).toBe(
      'CAN-2026-0001;"ERP ""condiviso""; fase 1";Meccanica Dora S.p.A.;4;400000,00;280000,00;120000,00;Non ammissibile;"Manca l\'università\ne il cofinanziamento";01/02/2026 14:05\r\n',
    );
    expect(csvField("a,b")).toBe("a,b");
    expect(csvField("a\rb")).toBe('"a\rb"');
    expect(csvField("")).toBe("");
  });

  it("writes only the header for no proposals", () => {
    expect(toCsv([]).split("\r\n")).toHaveLength(2);
  });
});

describe("centsToItalianDecimal", () => {
  it("uses a decimal comma, no grouping, always two decimals, exact for large amounts", () => {
    expect(centsToItalianDecimal(40_000_000)).toBe("400000,00");
    expect(centsToItalianDecimal(5)).toBe("0,05");
    expect(centsToItalianDecimal(0)).toBe("0,00");
    expect(centsToItalianDecimal(-123_456)).toBe("-1234,56");
    expect(centsToItalianDecimal(Number.MAX_SAFE_INTEGER)).toBe("90071992547409,91");
    expect(() => centsToItalianDecimal(1.5)).toThrow(RangeError);
  });
});

describe("romeDateTime", () => {
  it("shows Rome wall-clock time in winter and summer", () => {
    expect(romeDateTime(new Date("2026-01-10T23:30:00Z"))).toBe("11/01/2026 00:30");
    expect(romeDateTime(new Date("2026-07-15T16:00:00Z"))).toBe("15/07/2026 18:00");
  });
});
