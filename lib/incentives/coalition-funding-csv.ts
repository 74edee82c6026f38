import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { money, toCsv } from "@/lib/csv";
import { listCoalitionFundingForCsv, type CoalitionFundingFilters } from "./coalition-funding";

/**
 * The promoter's view of the coalition's funding as CSV (issue 11, item 8): the filtered rows
 * with Italian headers and labels, then a totals row, through lib/csv.ts (UTF-8 with BOM,
 * semicolons, Italian decimals, formula-safe text: titles and names are typed by users).
 */
export const COALITION_FUNDING_CSV_HEADER = [
  "Tipo",
  "Agevolazione",
  "Organizzazione",
  "Titolo",
  "Riferimento proposta",
  "Stato",
  "Richiesto (EUR)",
  "Concesso (EUR)",
  "Erogato (EUR)",
  "Rendicontazione finale entro",
  "In ritardo",
] as const;

const STATUS_IT: Record<string, string> = {
  granted: "Concessa",
  in_progress: "In corso",
  reported: "Rendicontata",
  closed: "Chiusa",
  revoked: "Revocata",
  planned: "Pianificata",
  preparing: "In preparazione",
  submitted: "Presentata",
  under_review: "In istruttoria",
  rejected: "Respinta",
  withdrawn: "Ritirata",
};

/** "2024-05-10" → "10/05/2024". */
const italianDay = (date: string) => date.split("-").reverse().join("/");

export async function exportCoalitionFundingCsv(db: Db, actor: Actor | null, slug: string, filters: Omit<CoalitionFundingFilters, "page">) {
  const { coalition, today, rows, totals } = await listCoalitionFundingForCsv(db, actor, slug, filters);
  const body = toCsv(COALITION_FUNDING_CSV_HEADER, [
    ...rows.map((r) => [
      r.kind === "grant" ? "Contributo del patto" : "Domanda di agevolazione",
      r.kind === "grant" ? coalition.name : (r.programmeName ?? ""),
      r.organisationName,
      r.title,
      r.reference ?? "",
      STATUS_IT[r.status] ?? r.status,
      money(r.requestedCents),
      r.grantedCents === null ? null : money(r.grantedCents),
      money(r.paidCents),
      r.finalReportDueOn ? italianDay(r.finalReportDueOn) : null,
      r.isLate ? "sì" : "no",
    ]),
    ["Totale", null, null, `${totals.count} righe`, null, null, money(totals.requestedCents), money(totals.grantedCents), money(totals.paidCents), null, String(totals.late)],
  ]);
  return { filename: `finanziamenti-${coalition.slug.replace(/[^a-z0-9-]/g, "")}-${today}.csv`, body };
}
