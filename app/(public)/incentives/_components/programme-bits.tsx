import { getLocale, getTranslations } from "next-intl/server";
import type { ProgrammeWindow, RadarReason } from "@/lib/incentives/radar";
import { listProvinces, listRegions } from "@/lib/municipalities";
import { formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";

// Dark badges only: white text on them reads at AA (bootstrap-italia's bg-warning is dark brown).
const tone: Record<ProgrammeWindow, string> = { open: "bg-success", upcoming: "bg-primary", closed: "bg-secondary", exhausted: "bg-danger" };

export async function WindowBadge({ window }: { window: ProgrammeWindow }) {
  const t = await getTranslations("incentives.window");
  return (
    <span className={`badge ${tone[window]}`} data-testid="programme-window">
      {t(window)}
    </span>
  );
}

/** "20%", "12,5%" from basis points. */
export function formatPercent(bp: number, locale: string): string {
  return `${new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT", { maximumFractionDigits: 2 }).format(bp / 100)}%`;
}

type Intensities = { maxIntensityMicroBp: number; maxIntensitySmallBp: number; maxIntensityMediumBp: number; maxIntensityLargeBp: number; maxIntensityOtherBp: number };

/** "micro 20% · small 20% · medium 10%": the classes that may apply, with their maximum intensity. */
export async function intensitySummary(p: Intensities): Promise<string> {
  const t = await getTranslations("incentives.classes");
  const locale = await getLocale();
  const parts: [string, number][] = [
    [t("micro"), p.maxIntensityMicroBp],
    [t("small"), p.maxIntensitySmallBp],
    [t("medium"), p.maxIntensityMediumBp],
    [t("large"), p.maxIntensityLargeBp],
    [t("other"), p.maxIntensityOtherBp],
  ];
  return parts
    .filter(([, bp]) => bp > 0)
    .map(([label, bp]) => `${label} ${formatPercent(bp, locale)}`)
    .join(" · ");
}

const regionNames = new Map(listRegions().map((r) => [r.code, r.name]));
const provinceNames = new Map(listProvinces().map((p) => [p.code, p.name]));
export const regionName = (code: string) => regionNames.get(code) ?? code;
export const provinceName = (code: string) => provinceNames.get(code) ?? code;

/** One reason a programme does not fit, in words: "medium firms only", "closed on 30 June 2026". */
export async function reasonText(r: RadarReason): Promise<string> {
  const t = await getTranslations("incentives.reasons");
  const tk = await getTranslations("organisations.kinds");
  const tc = await getTranslations("incentives.classes");
  const tt = await getTranslations("calls.themes");
  const locale = await getLocale();
  const list = (xs: string[]) => new Intl.ListFormat(locale === "en" ? "en-GB" : "it-IT", { type: "disjunction" }).format(xs);
  switch (r.code) {
    case "kind":
      return t("kind", { kinds: list(r.allowed.map((k) => tk(k as "firm"))) });
    case "sizeClass":
      return r.allowed.length === 0 ? t("noSizeClass") : t("sizeClass", { classes: list(r.allowed.map((c) => tc(c))) });
    case "ateco":
      return t("ateco", { sections: list(r.allowed) });
    case "region":
      return t("region", { regions: list(r.allowed.map(regionName)) });
    case "province":
      return t("province", { provinces: list(r.allowed.map(provinceName)) });
    case "solution":
      return t("solution", { types: list(r.allowed.map((s) => tt(s as "erp"))) });
    case "closed":
      return t("closed", { date: formatRomeIn(r.at, locale, "il") });
    case "exhausted":
      return t("exhausted", { date: formatRomeIn(r.at, locale, "il") });
    case "costBelowMinimum":
      return t("costBelowMinimum", { amount: formatCents(r.minimumCents, locale) });
  }
}
