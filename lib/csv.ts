import { utcToRomeLocal } from "@/lib/time";

/**
 * The one CSV writer of Tavolo: every file it exports goes through toCsv, so every cell
 * is written the same way, as Italian spreadsheets expect it — UTF-8 with a byte-order
 * mark (so Excel reads the accents), semicolons between fields, CRLF between records,
 * quoting per RFC 4180, amounts as Italian decimals without grouping ("400000,00") and
 * times in Rome as "dd/mm/yyyy hh:mm".
 *
 * Formula injection (DESIGN rule 11, OWASP "CSV injection"): a text cell that a
 * spreadsheet would read as a formula — one starting with =, +, -, @, a tab or a
 * carriage return, also after leading blanks or quotes, which some importers strip — is
 * written with a leading apostrophe, so it is shown as text and never run. Only text is
 * neutralised: amounts, counts and dates that Tavolo itself writes are typed cells
 * (number, money, date), so a negative amount stays a number.
 */

/** An amount in integer euro cents, written as an Italian decimal ("-1234,56"). */
export type CsvMoney = { readonly cents: number };

/**
 * One cell: text (neutralised when it could be a formula), a number Tavolo computed
 * (written as it is, "-" included), an amount in cents, a moment (in Rome time), or
 * nothing (an empty cell).
 */
export type CsvCell = string | number | CsvMoney | Date | null | undefined;

export const CSV_BOM = "\uFEFF";
export const CSV_SEPARATOR = ";";
export const CSV_RECORD_END = "\r\n";

/** An amount cell: `money(40000000)` is written "400000,00". */
export function money(cents: number): CsvMoney {
  return { cents };
}

/** Integer cents as an Italian decimal with no grouping: 40000000 → "400000,00", -5 → "-0,05". */
export function centsToItalianDecimal(cents: number): string {
  // Any integer, even past 2^53 (an old out-of-range row): exact for the stored double, never a 500.
  if (!Number.isInteger(cents)) throw new RangeError(`Not an integer number of cents: ${cents}`);
  const big = BigInt(cents);
  const abs = big < 0n ? -big : big;
  return `${big < 0n ? "-" : ""}${abs / 100n},${String(abs % 100n).padStart(2, "0")}`;
}

/** Rome wall-clock time as "dd/mm/yyyy hh:mm", which Italian spreadsheets read as a date. */
export function romeDateTime(at: Date): string {
  const [date, time] = utcToRomeLocal(at).split("T");
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y} ${time}`;
}

/** Leading white space (line breaks included) and quotes, which some importers drop before looking. */
const LEADING_BLANKS = /^[\s"'\u00a0\ufeff]*/;

/**
 * True when a spreadsheet could read the text as a formula or a command: it starts
 * with =, +, -, @, a tab or a carriage return, also behind leading blanks or quotes
 * (a tab or a carriage return anywhere among them counts).
 */
export function isFormulaLike(text: string): boolean {
  const lead = LEADING_BLANKS.exec(text)?.[0] ?? "";
  return /[\t\r]/.test(lead) || /^[=+\-@]/.test(text.slice(lead.length));
}

/**
 * Text as a spreadsheet will show it and never run it: a leading apostrophe when it is
 * formula-like (OWASP's advice), the text itself otherwise. Since quotes are among the
 * leading characters looked through, the apostrophe is never ambiguous: a written text
 * that starts with ' followed by a formula-like rest was always neutralised.
 */
export function neutraliseText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  if (Number.isInteger(value)) return BigInt(value).toString();
  // Italian decimal comma, no grouping, no exponent.
  return value.toLocaleString("it-IT", { useGrouping: false, maximumFractionDigits: 20 });
}

/** The text of one cell, before quoting. */
export function cellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return neutraliseText(cell);
  if (typeof cell === "number") return numberText(cell);
  if (cell instanceof Date) return romeDateTime(cell);
  return centsToItalianDecimal(cell.cents);
}

/** One field, quoted when it holds a separator, a quote or a line break; quotes are doubled. */
export function quoteField(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record (without its line end). */
export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map((c) => quoteField(cellText(c))).join(CSV_SEPARATOR);
}

/**
 * The whole file: BOM, header row, one record per row, each ending in CRLF. Header
 * titles are text like any other, so they are neutralised too.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + [header, ...rows].map((r) => csvRecord(r) + CSV_RECORD_END).join("");
}

/**
 * A whole CSV file as a byte stream, written the same way as toCsv (BOM, header, one
 * record per row, CRLF; text neutralised), with the rows read in batches only when the
 * reader asks for more (pull, one chunk ahead at most): a file of any length holds about
 * one batch in memory. `nextBatch` is called until it says `done`; it keeps its own cursor.
 */
export function csvStream(header: readonly string[], nextBatch: () => Promise<{ records: readonly (readonly CsvCell[])[]; done: boolean }>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(CSV_BOM + csvRecord(header) + CSV_RECORD_END));
          return;
        }
        try {
          const { records, done } = await nextBatch();
          const text = records.map((r) => csvRecord(r) + CSV_RECORD_END).join("");
          if (text) controller.enqueue(encoder.encode(text));
          if (done) controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    },
    { highWaterMark: 1 },
  );
}
