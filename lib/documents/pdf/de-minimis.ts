import { romeLocalToUtc } from "@/lib/time";
import { formatMoney, formatRomeTime, translator } from "./texts";
import { renderPdf, type PdfLocale } from "./writer";

/** One row of the ledger as the table prints it (lib/incentives/queries.ts ledgerRows). */
export type DeMinimisPdfRow = {
  grantedOn: string;
  authority: string;
  description: string | null;
  amountCents: number;
  cor: string | null;
  source: "tavolo" | "declared";
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  /** Counts in the three years ending on `today` (never when withdrawn). */
  inWindow: boolean;
};

export type DeMinimisPdfSource = {
  organisation: { id: string; legalName: string; partitaIva: string | null; codiceFiscale: string | null };
  /** The Rome calendar day the table is about, "2026-11-26": the window ends there. */
  today: string;
  /** The first day of the window (inclusive). */
  windowFrom: string;
  ceilingCents: number;
  usedCents: number;
  headroomCents: number;
  rows: DeMinimisPdfRow[];
};

/** "2026-11-26" → "26/11/2026", day first in both languages (as the other PDFs write dates). */
const day = (date: string) => date.split("-").reverse().join("/");

export function deMinimisFileName(source: Pick<DeMinimisPdfSource, "organisation" | "today">, locale: PdfLocale): string {
  const org = source.organisation;
  const id = (org.partitaIva || org.codiceFiscale || org.id).replace(/[^A-Za-z0-9]/g, "");
  return `${locale === "it" ? "aiuti-de-minimis" : "de-minimis-aid"}-${id}-${source.today}.pdf`;
}

/**
 * The de minimis ledger as the table firms attach to the self-declaration: the organisation,
 * the three-year window ending on the day, the ceiling, the aid in the window and the headroom,
 * then every row (withdrawn ones say so and do not count). The document's date is the start of
 * that day in Rome, so the same ledger on the same day gives the same bytes.
 */
export async function renderDeMinimisLedger(source: DeMinimisPdfSource, locale: PdfLocale): Promise<Uint8Array> {
  const t = translator(locale);
  const org = source.organisation;
  const title = t("deMinimis.title");
  const taxIds = [org.partitaIva, org.codiceFiscale].filter((v, i, all): v is string => !!v && all.indexOf(v) === i).join(" / ");
  return renderPdf(
    {
      title: `${title} — ${org.legalName}`,
      subject: t("deMinimis.subject", { name: org.legalName, date: day(source.today) }),
      keywords: `tavolo-de-minimis; organisation=${org.id}; date=${source.today}; used=${source.usedCents}; headroom=${source.headroomCents}`,
      locale,
      date: romeLocalToUtc(`${source.today}T00:00`),
    },
    (w) => {
      w.title(title, org.legalName);
      w.field(t("deMinimis.taxId"), taxIds);
      w.paragraph(t("deMinimis.asOf", { date: day(source.today), from: day(source.windowFrom), to: day(source.today) }), { font: "semibold" });
      w.field(t("deMinimis.ceiling"), formatMoney(source.ceilingCents, locale));
      w.field(t("deMinimis.used"), formatMoney(source.usedCents, locale));
      w.field(t("deMinimis.headroom"), formatMoney(source.headroomCents, locale));

      w.heading(t("deMinimis.rows"));
      if (source.rows.length === 0) {
        w.paragraph(t("deMinimis.none"));
      } else {
        const yes = t("deMinimis.yes");
        const no = t("deMinimis.no");
        w.table(
          [
            { header: t("deMinimis.columns.grantedOn"), width: 0.14 },
            { header: t("deMinimis.columns.authority"), width: 0.36 },
            { header: t("deMinimis.columns.amount"), width: 0.16, align: "right" },
            { header: t("deMinimis.columns.cor"), width: 0.11 },
            { header: t("deMinimis.columns.source"), width: 0.13 },
            { header: t("deMinimis.columns.inWindow"), width: 0.1 },
          ],
          [
            ...source.rows.map((r) => [
              day(r.grantedOn),
              [
                r.authority,
                r.description,
                r.withdrawnAt ? t("deMinimis.withdrawn", { date: t("romeTime", { date: formatRomeTime(r.withdrawnAt) }), reason: r.withdrawalReason ?? "" }) : null,
              ]
                .filter(Boolean)
                .join("\n"),
              formatMoney(r.amountCents, locale),
              r.cor ?? "—",
              t(`deMinimis.sources.${r.source}`),
              r.inWindow && !r.withdrawnAt ? yes : no,
            ]),
            ["", t("deMinimis.total"), formatMoney(source.usedCents, locale), "", "", ""],
          ],
          { boldLast: true },
        );
      }
      w.paragraph(t("deMinimis.note"), { size: 9.5 });
      w.paragraph(t("generated"), { size: 9, color: "#5c6f82" });
    },
    { footer: (page, pages) => t("page", { title: `${title} — ${day(source.today)}`, page, pages }) },
  );
}
