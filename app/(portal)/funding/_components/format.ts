import { formatCents } from "@/lib/money";

const intlLocale = (locale: string) => (locale === "en" ? "en-GB" : "it-IT");

/** A calendar date "2026-03-14" as "14 marzo 2026" / "14 March 2026" (no time zone: it is a day, not an instant). */
export function formatDay(date: string, locale: string): string {
  const text = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", dateStyle: "long" }).format(new Date(`${date}T00:00:00Z`));
  return locale === "it" ? text.replace(/^1 /, "1° ") : text;
}

/** Basis points as a percentage: 2000 → "20%", 1250 → "12,5%". */
export function formatBp(bp: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
}

/**
 * Message values from the services with amounts in cents (names ending in "Cents") turned
 * into euro text, so an error message shows "1.234,56 €", never a number of cents.
 */
export function moneyValues(values: Record<string, unknown> | undefined, locale: string): Record<string, string | number> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, k.endsWith("Cents") && typeof v === "number" ? formatCents(v, locale) : (v as string | number)]),
  );
}
