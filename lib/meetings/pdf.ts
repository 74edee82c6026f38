import { createHash } from "node:crypto";
import en from "@/messages/en/meetings.json" with { type: "json" };
import it from "@/messages/it/meetings.json" with { type: "json" };
import { formatRomeTime } from "@/lib/documents/pdf/texts";
import { renderPdf, type PdfLocale } from "@/lib/documents/pdf/writer";
import type { ApprovedMinutesSource } from "./queries";

type Tree = { [key: string]: string | Tree };
const dictionaries: Record<PdfLocale, Tree> = { it: it.meetings as unknown as Tree, en: en.meetings as unknown as Tree };

function translator(locale: PdfLocale) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const text = key.split(".").reduce<string | Tree | undefined>((node, part) => (node && typeof node === "object" ? node[part] : undefined), dictionaries[locale]);
    if (typeof text !== "string") throw new Error(`Missing meetings text ${locale}:${key}`);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in values ? String(values[name]) : `{${name}}`));
  };
}

/** Rome wall-clock "20/01/2026 17:30" without seconds (digit by digit, no ICU drift: texts.ts). */
const minutesOf = (at: Date) => formatRomeTime(at).slice(0, 16);

/**
 * The PDF of approved minutes (public, reproducible: dated at the approval, fixed metadata,
 * Titillium embedded): the meeting, the organisations present, the summary, the agenda with
 * each decision, the approval and the SHA-256 of the canonical text. No names of people.
 */
export async function renderMinutesPdf(source: ApprovedMinutesSource, locale: PdfLocale): Promise<{ fileName: string; bytes: Uint8Array; etag: string }> {
  const t = translator(locale);
  const { meeting: m, minutes, items } = source;
  const title = t("pdf.title");
  const bytes = await renderPdf(
    {
      title: `${title} — ${m.title}`,
      subject: t("pdf.subject", { title: m.title, coalition: m.coalitionName }),
      keywords: `tavolo-minutes; meeting=${m.id}; sha256=${minutes.textSha256}`,
      locale,
      date: minutes.approvedAt,
    },
    (w) => {
      w.title(title, `${m.title} — ${m.coalitionName}`);
      w.field(t("pdf.when"), `${minutesOf(m.startsAt)} – ${minutesOf(m.endsAt).slice(11)}`);
      if (m.location) w.field(t("pdf.where"), m.location);
      w.field(t("pdf.attended", { attended: source.attended.length, invited: source.invited }), source.attended.join("; "));
      w.heading(t("pdf.summary"));
      // Markdown is printed as written: its marks are plain enough to read.
      w.paragraph(minutes.summary);
      w.heading(t("pdf.agenda"));
      for (const item of items) {
        w.ensureSpace(60);
        w.paragraph(`${item.position}. ${item.title}`, { font: "semibold" });
        if (item.description) w.paragraph(item.description, { size: 10, color: "#5c6f82" });
        w.paragraph(`${t("pdf.decision")}: ${item.decision || t("minutes.noDecision")}`);
        if (item.decisionKind) w.paragraph(`${t("pdf.kind")}: ${t(`minutes.kinds.${item.decisionKind}`)}${item.callTitle ? ` — ${t("pdf.call")}: ${item.callTitle}` : ""}`, { size: 10 });
      }
      w.rule();
      if (minutes.circulatedAt) w.paragraph(t("pdf.circulated", { date: formatRomeTime(minutes.circulatedAt) }), { size: 10 });
      w.paragraph(t("pdf.approved", { date: formatRomeTime(minutes.approvedAt) }), { font: "semibold" });
      w.field(t("pdf.hash"), minutes.textSha256, { mono: true });
      w.paragraph(t("pdf.generated"), { size: 9, color: "#5c6f82" });
    },
    { footer: (page, pages) => t("pdf.page", { title, page, pages }) },
  );
  const fileName = `${locale === "it" ? "verbale" : "minutes"}-${m.id.slice(0, 8)}.pdf`;
  return { fileName, bytes, etag: `"${createHash("sha256").update(bytes).digest("hex")}"` };
}
