import type { ProposalStatus } from "@/db/schema";
import { money, toCsv, type CsvCell } from "@/lib/csv";

/**
 * The promoters' export of a call's proposals. How cells are written (BOM, semicolons,
 * CRLF, quoting, Italian decimals, formulas neutralised) is the shared writer's job
 * (lib/csv.ts); this file only says which columns there are.
 */

export const csvStatusLabels: Record<ProposalStatus, string> = {
  draft: "Bozza",
  submitted: "Presentata",
  admissible: "Ammissibile",
  inadmissible: "Non ammissibile",
  selected: "Selezionata",
  not_selected: "Non selezionata",
  withdrawn: "Ritirata",
};

export type CsvProposalRow = {
  reference: string | null;
  title: string;
  leadName: string;
  partners: number;
  totalCents: number;
  requestedCents: number;
  cofinancingCents: number;
  status: ProposalStatus;
  statusReason: string | null;
  submittedAt: Date | null;
};

export const proposalsCsvHeader = [
  "Riferimento",
  "Titolo",
  "Capofila",
  "Partner",
  "Costo totale (EUR)",
  "Contributo richiesto (EUR)",
  "Cofinanziamento (EUR)",
  "Stato",
  "Motivazione",
  "Presentata il",
];

/** One record per proposal: what people typed is text, what Tavolo counted is typed. */
export function proposalCsvRecord(r: CsvProposalRow): CsvCell[] {
  return [
    r.reference,
    r.title,
    r.leadName,
    r.partners,
    money(r.totalCents),
    money(r.requestedCents),
    money(r.cofinancingCents),
    csvStatusLabels[r.status],
    r.statusReason,
    r.submittedAt,
  ];
}

/** The whole file of a call's proposals. */
export function proposalsCsv(rows: CsvProposalRow[]): string {
  return toCsv(proposalsCsvHeader, rows.map(proposalCsvRecord));
}
