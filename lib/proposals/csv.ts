import type { ProposalStatus } from "@/db/schema";
import { utcToRomeLocal } from "@/lib/time";

/**
 * The promoters' export of a call's proposals, as Italian spreadsheets expect it:
 * UTF-8 with a byte-order mark (so Excel reads the accents), semicolons between fields,
 * CRLF between records, amounts as Italian decimals without grouping ("400000,00"),
 * and quoting per RFC 4180. Pure functions, unit-tested.
 */

const BOM = "\uFEFF";

/** One field, quoted when it holds a separator, a quote or a line break; quotes are doubled. */
export function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Integer cents as an Italian decimal with no grouping: 40000000 → "400000,00", -5 → "-0,05". */
export function centsToItalianDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not an integer number of cents: ${cents}`);
  const abs = BigInt(Math.abs(cents));
  return `${cents < 0 ? "-" : ""}${abs / 100n},${String(abs % 100n).padStart(2, "0")}`;
}

/** Rome wall-clock time as "dd/mm/yyyy hh:mm", which Italian spreadsheets read as a date. */
export function romeDateTime(at: Date): string {
  const [date, time] = utcToRomeLocal(at).split("T");
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y} ${time}`;
}

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

const header = [
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

/** The whole file: BOM, header row, one record per proposal, CRLF line ends. */
export function toCsv(rows: CsvProposalRow[]): string {
  const records = rows.map((r) => [
    r.reference ?? "",
    r.title,
    r.leadName,
    String(r.partners),
    centsToItalianDecimal(r.totalCents),
    centsToItalianDecimal(r.requestedCents),
    centsToItalianDecimal(r.cofinancingCents),
    csvStatusLabels[r.status],
    r.statusReason ?? "",
    r.submittedAt ? romeDateTime(r.submittedAt) : "",
  ]);
  return BOM + [header, ...records].map((fields) => fields.map(csvField).join(";")).join("\r\n") + "\r\n";
}
