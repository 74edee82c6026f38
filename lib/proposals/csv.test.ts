import { describe, expect, it } from "vitest";
import { parseCsv } from "@/test/csv";
import { proposalsCsv, type CsvProposalRow } from "./csv";

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

describe("proposalsCsv", () => {
  it("starts with a BOM, has a header row, semicolons and CRLF", () => {
    const csv = proposalsCsv([row()]);
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFRiferimento;Titolo;Capofila;Partner;Costo totale (EUR);Contributo richiesto (EUR);Cofinanziamento (EUR);Stato;Motivazione;Presentata il",
      "CAN-2026-0001;ERP condiviso;Meccanica Dora S.p.A.;4;400000,00;280000,00;120000,00;Presentata;;01/02/2026 14:05",
      "",
    ]);
  });

  it("quotes fields with semicolons, quotes or line breaks (RFC 4180), and only those", () => {
    const csv = proposalsCsv([row({ title: 'ERP "condiviso"; fase 1', statusReason: "Manca l'università\ne il cofinanziamento", status: "inadmissible" })]);
    const record = csv.split("\r\n").slice(1).join("\r\n");
    expect(record).toBe(
      'CAN-2026-0001;"ERP ""condiviso""; fase 1";Meccanica Dora S.p.A.;4;400000,00;280000,00;120000,00;Non ammissibile;"Manca l\'università\ne il cofinanziamento";01/02/2026 14:05\r\n',
    );
  });

  it("neutralises a formula in the title, the lead's name and the reason, and keeps the amounts numbers", () => {
    const csv = proposalsCsv([
      row({ title: '=HYPERLINK("http://evil.example","x")', leadName: "-2+3+cmd|' /C calc'!A0", statusReason: "@SUM(1+1)", status: "withdrawn" }),
      row({ reference: null, title: "+39 ERP", leadName: "\tTab S.r.l.", statusReason: "\rx", submittedAt: null }),
    ]);
    const [, first, second] = parseCsv(csv);
    expect(first.slice(1, 3)).toEqual([`'=HYPERLINK("http://evil.example","x")`, "'-2+3+cmd|' /C calc'!A0"]);
    expect(first[8]).toBe("'@SUM(1+1)");
    expect(first.slice(4, 7)).toEqual(["400000,00", "280000,00", "120000,00"]);
    expect(second.slice(0, 3)).toEqual(["", "'+39 ERP", "'\tTab S.r.l."]);
    expect(second[8]).toBe("'\rx");
    expect(second[9]).toBe("");
  });

  it("writes a total past 2^53 (an old out-of-range row) instead of failing the download", () => {
    const [, record] = parseCsv(proposalsCsv([row({ totalCents: 2 * Number.MAX_SAFE_INTEGER })]));
    expect(record[4]).toBe("180143985094819,82");
  });

  it("writes only the header for no proposals", () => {
    expect(proposalsCsv([]).split("\r\n")).toHaveLength(2);
  });
});
