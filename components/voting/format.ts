import type { RankedEntry } from "@/db/schema";
import { fractionToDecimal } from "@/lib/voting/policy";

/** A ranking value as people read it: "+5" for approval, "4,20" (it) / "4.20" (en) for a score. */
export function formatValue(entry: Pick<RankedEntry, "valueNum" | "valueDen">, method: string, locale: string): string {
  if (method === "approval") return entry.valueNum > 0 ? `+${entry.valueNum}` : String(entry.valueNum);
  const text = fractionToDecimal({ num: entry.valueNum, den: entry.valueDen });
  return locale === "it" ? text.replace(".", ",") : text;
}

export function formatShare(part: number, whole: number, locale: string): string {
  if (whole <= 0) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(part / whole);
}
