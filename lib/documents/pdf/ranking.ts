import type { CallResult, RankedEntry } from "@/db/schema";
import { bigToDecimal, parseBig } from "@/lib/evaluation/combine";
import { formatFraction, formatInteger, formatMoney, formatPercent, formatRomeTime, translator } from "./texts";
import { renderPdf, type PdfLocale } from "./writer";

export type RankingSource = {
  call: { id: string; title: string; coalitionName: string };
  result: Pick<
    CallResult,
    | "version"
    | "reason"
    | "votingMethod"
    | "eligibleWeight"
    | "turnoutWeight"
    | "quorumBp"
    | "quorumReached"
    | "budgetCents"
    | "allocatedCents"
    | "ranking"
    | "fingerprint"
    | "ballotCount"
    | "publishedAt"
  >;
  /** The audit chain head stored with this version when it was published (audit_anchors). */
  anchor: { seq: number; hash: string } | null;
};

/** The 0–1 final score with 3 decimals. */
function finalScore(e: RankedEntry["evaluation"], locale: PdfLocale): string {
  const f = e ? parseBig(e.finalNum, e.finalDen) : null;
  if (!f) return "—";
  const text = bigToDecimal(f, 3);
  return locale === "it" ? text.replace(".", ",") : text;
}

export function rankingFileName(source: { call: { id: string }; result: { version: number } }, locale: PdfLocale): string {
  return `${locale === "it" ? "graduatoria" : "ranking"}-${source.call.id.slice(0, 8)}-v${source.result.version}.pdf`;
}

/**
 * The ranking (graduatoria) of one version of a call's results: the method, turnout and
 * quorum, the ranked proposals with their values and allocations, the fingerprint of the
 * ballots and the audit chain head anchored at publication. A correction is a new version
 * with its own PDF; old versions keep theirs.
 */
export async function renderRanking(source: RankingSource, locale: PdfLocale): Promise<Uint8Array> {
  const t = translator(locale);
  const { call, result: r, anchor } = source;
  const title = t("ranking.title");
  const method = r.votingMethod === "score" ? "score" : "approval";
  return renderPdf(
    {
      title: `${title} — ${call.title} — v${r.version}`,
      subject: t("ranking.subject", { call: call.title, version: r.version }),
      keywords: `tavolo-ranking; call=${call.id}; version=${r.version}; fingerprint=${r.fingerprint}${anchor ? `; anchor=${anchor.seq}:${anchor.hash}` : ""}`,
      locale,
      date: r.publishedAt,
    },
    (w) => {
      w.title(title, `${call.title} — ${call.coalitionName}`);
      w.paragraph(t("ranking.version", { version: r.version, date: t("romeTime", { date: formatRomeTime(r.publishedAt) }) }), { font: "semibold" });
      if (r.reason) w.paragraph(t("ranking.correction", { reason: r.reason }));
      w.field(t("ranking.method"), t(`ranking.methods.${method}`));
      w.field(
        t("ranking.turnout"),
        t("ranking.turnoutValue", { voted: formatInteger(r.turnoutWeight, locale), eligible: formatInteger(r.eligibleWeight, locale), share: formatPercent(r.turnoutWeight, r.eligibleWeight, locale) }),
      );
      w.field(t("ranking.quorum"), t("ranking.quorumValue", { share: formatPercent(r.quorumBp, 10_000, locale), reached: r.quorumReached ? t("ranking.quorumReached") : t("ranking.quorumNotReached") }));
      w.field(t("ranking.budget"), formatMoney(r.budgetCents, locale));
      w.field(t("ranking.allocatedTotal"), formatMoney(r.allocatedCents, locale));

      // With the committee's appraisal (issue 14): the technical and final scores beside the vote.
      const evaluated = r.ranking.some((e) => e.evaluation);
      if (evaluated) w.paragraph(t("ranking.evaluationNote"));
      w.heading(t("ranking.ranked"));
      const sorted = [...r.ranking].sort((a, b) => a.rank - b.rank);
      if (evaluated) {
        w.table(
          [
            { header: t("columns.rank"), width: 0.06, align: "right" },
            { header: t("columns.proposal"), width: 0.28 },
            { header: t("columns.requested"), width: 0.13, align: "right" },
            { header: t("columns.value"), width: 0.08, align: "right" },
            { header: t("columns.technical"), width: 0.09, align: "right" },
            { header: t("columns.final"), width: 0.09, align: "right" },
            { header: t("columns.outcome"), width: 0.14 },
            { header: t("columns.allocated"), width: 0.13, align: "right" },
          ],
          sorted.map((e) => [
            String(e.rank),
            `${e.title}\n${[e.reference, e.leadName].filter(Boolean).join(" — ")}`,
            formatMoney(e.requestedCents, locale),
            formatFraction(e.valueNum, e.valueDen, locale),
            e.evaluation ? `${e.evaluation.technicalPoints}/${e.evaluation.technicalMax}` : "—",
            finalScore(e.evaluation, locale),
            t(`ranking.outcomes.${e.outcome}`),
            formatMoney(e.allocatedCents, locale),
          ]),
        );
      } else {
        w.table(
          [
            { header: t("columns.rank"), width: 0.07, align: "right" },
            { header: t("columns.proposal"), width: 0.33 },
            { header: t("columns.requested"), width: 0.15, align: "right" },
            { header: t("columns.value"), width: 0.1, align: "right" },
            { header: t("columns.outcome"), width: 0.18 },
            { header: t("columns.allocated"), width: 0.17, align: "right" },
          ],
          sorted.map((e) => [
            String(e.rank),
            `${e.title}\n${[e.reference, e.leadName].filter(Boolean).join(" — ")}`,
            formatMoney(e.requestedCents, locale),
            formatFraction(e.valueNum, e.valueDen, locale),
            t(`ranking.outcomes.${e.outcome}`),
            formatMoney(e.allocatedCents, locale),
          ]),
        );
      }

      w.heading(t("ranking.fingerprint", { count: formatInteger(r.ballotCount, locale) }));
      w.paragraph(r.fingerprint, { font: "semibold" });
      w.heading(t("ranking.anchor"));
      w.paragraph(anchor ? t("ranking.anchorValue", { seq: anchor.seq, hash: anchor.hash }) : t("ranking.noAnchor"));
      w.paragraph(t("generated"), { size: 9, color: "#5c6f82" });
    },
    { footer: (page, pages) => t("page", { title: `${title} v${r.version}`, page, pages }) },
  );
}
