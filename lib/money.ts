/**
 * Money is integer euro cents end to end (DESIGN rule 8). Amounts typed by people
 * are parsed digit by digit, never through a floating-point number.
 */

const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The ceiling of every amount Tavolo accepts (DESIGN rule 11): €1 billion, in cents.
 * A budget line, a partner's part, a proposal's total cost, its co-financing, the amount
 * requested, a call's budget: none may exceed it, so that sums of amounts stay exact in
 * JavaScript numbers (50 lines × 30 partners × €1 billion is far below 2^53 cents).
 * The error messages "amountTooLarge" and "proposalTotalTooLarge" name it in words.
 */
export const MAX_AMOUNT_CENTS = 1_000_000_000_00;

/** A whole, non-negative number of cents no larger than the ceiling. */
export function isAmountWithinCeiling(cents: number | bigint): boolean {
  if (typeof cents === "bigint") return cents >= 0n && cents <= BigInt(MAX_AMOUNT_CENTS);
  return Number.isInteger(cents) && cents >= 0 && cents <= MAX_AMOUNT_CENTS;
}

/** Digits grouped by thousands: "1", "12", "123", "1.234", "12.345.678" (sep is the separator). */
function isGrouped(intPart: string, sep: string): boolean {
  const groups = intPart.split(sep);
  return /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

/**
 * Parses an amount in euro as people type it, Italian style first:
 * "1.200.000", "1200000,50", "1.200.000,50 €", "€ 300.000". English style
 * ("1,200,000.50") works too when both separators are present. A lone dot followed by
 * exactly three digits ("1.200") is a thousands separator, as in Italian; a lone dot
 * followed by one or two digits ("1200.5") is a decimal point. At most two decimals.
 * Returns integer cents, or null when the text is not an amount.
 */
export function parseEuroToCents(text: string): number | null {
  let s = text.replace(/[\s\u00a0\u202f€]/g, "").replace(/^EUR|EUR$/i, "");
  let negative = false;
  if (s.startsWith("-") || s.startsWith("\u2212")) {
    negative = true;
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;

  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  let intPart: string;
  let fraction = "";
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the last one is the decimal separator, the other groups thousands.
    const decimal = lastComma > lastDot ? "," : ".";
    const group = decimal === "," ? "." : ",";
    const at = s.lastIndexOf(decimal);
    intPart = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (fraction.includes(group) || fraction.includes(decimal) || !isGrouped(intPart, group)) return null;
    intPart = intPart.split(group).join("");
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? "," : ".";
    const parts = s.split(sep);
    if (parts.length > 2 || (sep === "." && parts[1].length === 3)) {
      if (!isGrouped(s, sep)) return null;
      intPart = parts.join("");
    } else {
      [intPart, fraction] = parts;
      if (intPart === "") intPart = "0";
    }
  } else {
    intPart = s;
  }
  if (!/^\d+$/.test(intPart) || !/^\d{0,2}$/.test(fraction)) return null;

  const cents = BigInt(intPart) * 100n + BigInt((fraction + "00").slice(0, 2));
  if (cents > MAX_CENTS) return null;
  const value = Number(cents);
  return negative && value !== 0 ? -value : value;
}

/**
 * The exact decimal string of an amount in cents ("-1234.05"), for Intl without float
 * rounding. Any integer is accepted, even past 2^53: a total of old rows stored before
 * the ceiling existed is shown (exactly as the number it is) rather than failing the page.
 */
function centsToDecimal(cents: number): `${number}` {
  if (!Number.isInteger(cents)) throw new RangeError(`Not an integer number of cents: ${cents}`);
  const big = BigInt(cents);
  const abs = big < 0n ? -big : big;
  const sign = big < 0n ? "-" : "";
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}` as `${number}`;
}

const intlLocale = (locale: string) => (locale === "en" ? "en-GB" : locale === "it" ? "it-IT" : locale);

/** "1.200.000,00 €" (it) or "€1,200,000.00" (en). */
export function formatCents(cents: number, locale = "it"): string {
  // Grouping always: Italian CLDR leaves four-digit amounts ungrouped ("1234,56 €"), which
  // public administration documents never do ("1.234,56 €").
  return new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: "EUR", useGrouping: "always" }).format(centsToDecimal(cents));
}

/** The amount as a person would type it back into a form: "1.200.000" or "1.200.000,50". */
export function centsToInput(cents: number): string {
  return new Intl.NumberFormat("it-IT", {
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
    useGrouping: "always",
  }).format(centsToDecimal(cents));
}
