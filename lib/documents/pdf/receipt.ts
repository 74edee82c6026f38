import { parseCanonical, type CanonicalSubmission } from "@/lib/documents/canonical";
import { formatMoney, formatRomeTime, translator } from "./texts";
import { renderPdf, type PdfLocale } from "./writer";

/** What a receipt is made of: a row of proposal_submissions (nothing else is read). */
export type ReceiptSource = { reference: string; submittedAt: Date; sha256: string; canonical: string };

/** The names of the receipt's entries in the PDF's document information, read back by receipt:verify. */
export const RECEIPT_INFO_REFERENCE = "TavoloReference";
export const RECEIPT_INFO_SHA256 = "TavoloApplicationSha256";
/** The canonical form embedded in the receipt, by language (the name is part of the file's bytes). */
export const RECEIPT_EMBEDDED_NAME: Record<PdfLocale, string> = { it: "domanda.json", en: "application.json" };

export function receiptFileName(reference: string, locale: PdfLocale): string {
  return `${locale === "it" ? "ricevuta" : "receipt"}-${reference}.pdf`;
}

/**
 * The submission receipt: reference, date and time in Rome, the call, the organisations,
 * the amounts, the attached files with their SHA-256 and the SHA-256 of the canonical
 * application — which is also in the document information (Keywords, TavoloReference,
 * TavoloApplicationSha256) and, whole, as an embedded file, so the receipt can be checked
 * by a program without reading its pages.
 */
export async function renderReceipt(source: ReceiptSource, locale: PdfLocale): Promise<Uint8Array> {
  const t = translator(locale);
  const data: CanonicalSubmission = parseCanonical(source.canonical);
  const names = new Map(data.partners.map((p) => [p.organisationId, p.legalName]));
  const partners = [...data.partners].sort((a, b) => Number(b.isLead) - Number(a.isLead));
  const title = t("receipt.title");
  return renderPdf(
    {
      title: `${title} ${source.reference}`,
      subject: t("receipt.subject", { reference: source.reference }),
      keywords: `tavolo-receipt; reference=${source.reference}; sha256=${source.sha256}`,
      locale,
      date: source.submittedAt,
      extra: { [RECEIPT_INFO_REFERENCE]: source.reference, [RECEIPT_INFO_SHA256]: source.sha256 },
    },
    (w) => {
      w.title(title, data.call.title);
      w.field(t("receipt.reference"), source.reference);
      w.field(t("receipt.submittedAt"), t("romeTime", { date: formatRomeTime(source.submittedAt) }));
      w.field(t("receipt.call"), data.call.title);
      w.field(t("receipt.coalition"), data.call.coalitionName);
      w.field(t("receipt.proposal"), data.proposal.title);
      w.field(t("receipt.version"), String(data.proposalVersion));

      w.heading(t("receipt.organisations"));
      w.table(
        [
          { header: t("columns.organisation"), width: 0.46 },
          { header: t("columns.role"), width: 0.14 },
          { header: t("columns.cost"), width: 0.2, align: "right" },
          { header: t("columns.cofinancing"), width: 0.2, align: "right" },
        ],
        partners.map((p) => [p.legalName, p.isLead ? t("lead") : t("partner"), formatMoney(p.costCents, locale), formatMoney(p.cofinancingCents, locale)]),
      );

      w.heading(t("receipt.amounts"));
      w.field(t("amounts.cost"), formatMoney(data.totals.costCents, locale));
      w.field(t("amounts.cofinancing"), formatMoney(data.totals.cofinancingCents, locale));
      w.field(t("amounts.requested"), formatMoney(data.totals.requestedCents, locale));

      w.heading(t("receipt.attachments"));
      if (data.attachments.length === 0) w.paragraph(t("none"));
      else
        w.table(
          [
            { header: t("columns.file"), width: 0.31 },
            { header: t("columns.sha256"), width: 0.69 },
          ],
          data.attachments.map((a) => [
            `${a.title}\n${a.fileName}${a.signed ? ` (${t("signed")})` : ""}\n${names.get(a.organisationId ?? "") ?? ""}`.trim(),
            a.sha256,
          ]),
          { size: 8.5 },
        );

      w.heading(t("receipt.applicationHash"));
      w.paragraph(source.sha256, { size: 11, font: "semibold" });
      w.paragraph(t("receipt.verify"), { size: 9, color: "#5c6f82" });
      w.paragraph(t("generated"), { size: 9, color: "#5c6f82" });
    },
    {
      files: [{ name: RECEIPT_EMBEDDED_NAME[locale], description: t("receipt.applicationHash"), mediaType: "application/json", bytes: new TextEncoder().encode(source.canonical) }],
      footer: (page, pages) => t("page", { title: `${title} ${source.reference}`, page, pages }),
    },
  );
}
