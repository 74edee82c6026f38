import { parseCanonical } from "@/lib/documents/canonical";
import { formatMoney, formatRomeTime, label, translator } from "./texts";
import { renderPdf, type PdfLocale } from "./writer";

export function applicationFileName(reference: string, locale: PdfLocale): string {
  return `${locale === "it" ? "domanda" : "application"}-${reference}.pdf`;
}

/** The application as submitted: every field of the snapshot's canonical form, with the budget per partner. */
export async function renderApplication(source: { reference: string; submittedAt: Date; sha256: string; canonical: string }, locale: PdfLocale): Promise<Uint8Array> {
  const t = translator(locale);
  const data = parseCanonical(source.canonical);
  const p = data.proposal;
  const partners = [...data.partners].sort((a, b) => Number(b.isLead) - Number(a.isLead));
  const title = t("application.title");
  return renderPdf(
    {
      title: `${title} ${source.reference}`,
      subject: t("application.subject", { reference: source.reference }),
      keywords: `tavolo-application; reference=${source.reference}; sha256=${source.sha256}`,
      locale,
      date: source.submittedAt,
    },
    (w) => {
      w.title(`${title} ${source.reference}`, p.title);
      w.field(t("receipt.call"), `${data.call.title} — ${data.call.coalitionName}`);
      w.field(t("receipt.submittedAt"), t("romeTime", { date: formatRomeTime(source.submittedAt) }));
      w.field(t("receipt.applicationHash"), source.sha256, { mono: true });

      w.heading(t("application.summary"));
      w.paragraph(p.summary || "—");
      w.heading(t("application.problem"));
      w.paragraph(p.problem || "—");
      w.field(t("application.solutionType"), p.solutionType ? label(locale, "themes", p.solutionType) : "—");
      w.heading(t("application.objectives"));
      w.paragraph(p.objectives || "—");
      if (p.indicators.length > 0) {
        w.heading(t("application.indicators"));
        w.table(
          [
            { header: t("application.indicators"), width: 0.4 },
            { header: t("application.baseline"), width: 0.2 },
            { header: t("application.target"), width: 0.2 },
            { header: t("application.unit"), width: 0.2 },
          ],
          p.indicators.map((i) => [i.name, i.baseline, i.target, i.unit]),
        );
      }
      if (p.milestones.length > 0) {
        w.heading(t("application.milestones"));
        for (const m of p.milestones) w.paragraph(`${t("application.month", { month: m.month })}: ${m.title}`);
      }
      w.field(t("application.duration"), p.durationMonths === null ? "—" : t("application.durationMonths", { months: p.durationMonths }));
      w.field(t("application.sectors"), p.sectors.map((s) => label(locale, "sectors", s)).join(", ") || "—");

      w.heading(t("application.partners"));
      for (const partner of partners) {
        w.field(
          `${partner.legalName} (${partner.isLead ? t("lead") : t("partner")})`,
          [
            `${t("application.taxIds")}: ${[partner.partitaIva, partner.codiceFiscale].filter(Boolean).join(" / ") || "—"}`,
            partner.roleDescription && `${t("application.role")}: ${partner.roleDescription}`,
            partner.contribution && `${t("application.contribution")}: ${partner.contribution}`,
          ]
            .filter(Boolean)
            .join("\n"),
        );
      }

      w.heading(t("application.budget"));
      for (const partner of partners) {
        w.paragraph(t("application.budgetOf", { name: partner.legalName, role: partner.isLead ? t("lead") : t("partner") }), { font: "semibold" });
        w.table(
          [
            { header: t("columns.category"), width: 0.22 },
            { header: t("columns.description"), width: 0.53 },
            { header: t("columns.amount"), width: 0.25, align: "right" },
          ],
          [
            ...partner.budgetLines.map((l) => [t(`categories.${l.category}`), l.description, formatMoney(l.amountCents, locale)]),
            [t("columns.total"), `${t("columns.cofinancing")}: ${formatMoney(partner.cofinancingCents, locale)}`, formatMoney(partner.costCents, locale)],
          ],
          { boldLast: true },
        );
      }
      w.heading(t("receipt.amounts"));
      w.field(t("amounts.cost"), formatMoney(data.totals.costCents, locale));
      w.field(t("amounts.cofinancing"), formatMoney(data.totals.cofinancingCents, locale));
      w.field(t("amounts.requested"), formatMoney(data.totals.requestedCents, locale));

      if (data.attachments.length > 0) {
        w.heading(t("receipt.attachments"));
        w.table(
          [
            { header: t("columns.file"), width: 0.31 },
            { header: t("columns.sha256"), width: 0.69 },
          ],
          data.attachments.map((a) => [`${a.title}\n${a.fileName}${a.signed ? ` (${t("signed")})` : ""}`, a.sha256]),
          { size: 8.5 },
        );
      }
      w.paragraph(t("generated"), { size: 9, color: "#5c6f82" });
    },
    { footer: (page, pages) => t("page", { title: `${title} ${source.reference}`, page, pages }) },
  );
}
