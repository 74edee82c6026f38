import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCriteria, callEvaluations, callEvaluators, calls, coalitions, evaluationConsolidatedScores, evaluationReviews, organisations, proposals, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import type { GeneratedFile } from "@/lib/documents/generated";
import { formatRomeTime } from "@/lib/documents/pdf/texts";
import { renderPdf, type PdfLocale } from "@/lib/documents/pdf/writer";
import en from "@/messages/en/committee.json" with { type: "json" };
import it from "@/messages/it/committee.json" with { type: "json" };
import { activeEvaluatorOf } from "./committee-access";
import { APPRAISED_STATUSES } from "./committee-policy";

/**
 * The committee's report (verbale di valutazione): the call, its criteria, the committee,
 * the declarations and exclusions, per proposal the consolidated scores with their
 * justifications and totals, and the date of approval. Rendered from the frozen appraisal,
 * so the same bytes every time (its Italian SHA-256 is kept in call_evaluations). No e-mail
 * address appears: it becomes public once the call's results are.
 */

type Tree = { [key: string]: string | Tree };
const dictionaries: Record<PdfLocale, Tree> = { it: it.committee.report, en: en.committee.report };

function translator(locale: PdfLocale) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const text = key.split(".").reduce<string | Tree | undefined>((node, part) => (node && typeof node === "object" ? node[part] : undefined), dictionaries[locale]);
    if (typeof text !== "string") throw new Error(`Missing report text ${locale}:${key}`);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in values ? String(values[name]) : `{${name}}`));
  };
}

export type ReportSource = NonNullable<Awaited<ReturnType<typeof loadReportSource>>>;

/** Everything the report shows, read from the database; null before approval. */
export async function loadReportSource(db: Db | Tx, callId: string) {
  const [call] = await db
    .select({ id: calls.id, title: calls.title, coalitionName: coalitions.name, approvedAt: callEvaluations.approvedAt })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .innerJoin(callEvaluations, eq(callEvaluations.callId, calls.id))
    .where(eq(calls.id, callId));
  if (!call) return null;
  const criteria = await db
    .select({ id: callCriteria.id, name: callCriteria.name, maxPoints: callCriteria.maxPoints })
    .from(callCriteria)
    .where(eq(callCriteria.callId, callId))
    .orderBy(asc(callCriteria.position));
  const committee = await db
    .select({
      id: callEvaluators.id,
      role: callEvaluators.role,
      name: sql<string>`coalesce(${users.name}, ${callEvaluators.externalName}, '')`,
      organisation: organisations.legalName,
    })
    .from(callEvaluators)
    .leftJoin(users, eq(users.id, callEvaluators.userId))
    .leftJoin(organisations, eq(organisations.id, callEvaluators.organisationId))
    .where(and(eq(callEvaluators.callId, callId), isNull(callEvaluators.removedAt)))
    .orderBy(sql`${callEvaluators.role} = 'member'`, asc(sql`coalesce(${users.name}, ${callEvaluators.externalName}, '')`), asc(callEvaluators.id));
  const proposalRows = await db
    .select({ id: proposals.id, reference: proposals.reference, title: proposals.title, leadName: organisations.legalName })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])))
    .orderBy(asc(proposals.reference), asc(proposals.id));
  const scores = await db
    .select({ proposalId: evaluationConsolidatedScores.proposalId, criterionId: evaluationConsolidatedScores.criterionId, points: evaluationConsolidatedScores.points, justification: evaluationConsolidatedScores.justification })
    .from(evaluationConsolidatedScores)
    .where(eq(evaluationConsolidatedScores.callId, callId));
  const members = new Set(committee.map((m) => m.id));
  const exclusions = (
    await db
      .select({ proposalId: evaluationReviews.proposalId, evaluatorId: evaluationReviews.evaluatorId, excluded: evaluationReviews.excluded, conflict: evaluationReviews.conflict })
      .from(evaluationReviews)
      .where(eq(evaluationReviews.callId, callId))
  ).filter((r) => members.has(r.evaluatorId));
  return { call, criteria, committee, proposals: proposalRows, scores, exclusions };
}

/** The report as PDF in one language: reproducible (fixed fonts, the approval's date as the document's). */
export async function renderEvaluationReport(source: ReportSource, locale: PdfLocale): Promise<Uint8Array> {
  const t = translator(locale);
  const { call, criteria, committee, proposals: rows, scores, exclusions } = source;
  const nameOf = new Map(committee.map((m) => [m.id, m.name]));
  const maxTotal = criteria.reduce((a, c) => a + c.maxPoints, 0);
  return renderPdf(
    { title: `${t("title")} — ${call.title}`, subject: t("subject", { call: call.title }), keywords: `tavolo-evaluation; call=${call.id}`, locale, date: call.approvedAt },
    (w) => {
      w.title(t("title"), `${call.title} — ${call.coalitionName}`);
      w.paragraph(t("approved", { date: formatRomeTime(call.approvedAt) }), { font: "semibold" });
      w.heading(t("criteria"));
      w.table(
        [
          { header: t("criterion"), width: 0.8 },
          { header: t("maxPoints"), width: 0.2, align: "right" },
        ],
        [...criteria.map((c) => [c.name, String(c.maxPoints)]), [t("total"), String(maxTotal)]],
        { boldLast: true },
      );
      w.heading(t("committee"));
      w.table(
        [
          { header: t("member"), width: 0.45 },
          { header: t("role"), width: 0.2 },
          { header: t("organisation"), width: 0.35 },
        ],
        committee.map((m) => [m.name, t(`roles.${m.role}`), m.organisation ?? t("external")]),
      );
      w.heading(t("declarations"));
      w.paragraph(t("declarationsIntro"));
      const excluded = exclusions.filter((e) => e.excluded);
      const titleOf = new Map(rows.map((p) => [p.id, `${p.reference ?? ""} ${p.title}`.trim()]));
      if (excluded.length === 0) w.paragraph(t("noExclusions"));
      else
        w.table(
          [
            { header: t("member"), width: 0.35 },
            { header: t("proposal"), width: 0.4 },
            { header: t("reason"), width: 0.25 },
          ],
          excluded
            .map((e) => [nameOf.get(e.evaluatorId) ?? "", titleOf.get(e.proposalId) ?? "", t(`reasons.${e.excluded}`)])
            .sort((a, b) => (a[1] + a[0]).localeCompare(b[1] + b[0])),
        );
      for (const p of rows) {
        const own = new Map(scores.filter((s) => s.proposalId === p.id).map((s) => [s.criterionId, s]));
        const total = criteria.reduce((a, c) => a + (own.get(c.id)?.points ?? 0), 0);
        w.heading(`${p.reference ?? ""} — ${p.title}`);
        w.paragraph(t("lead", { name: p.leadName }));
        w.table(
          [
            { header: t("criterion"), width: 0.25 },
            { header: t("points"), width: 0.12, align: "right" },
            { header: t("justification"), width: 0.63 },
          ],
          [
            ...criteria.map((c) => {
              const s = own.get(c.id);
              return [c.name, s ? `${s.points}/${c.maxPoints}` : "—", s?.justification ?? ""];
            }),
            [t("total"), `${total}/${maxTotal}`, ""],
          ],
          { boldLast: true },
        );
      }
      w.paragraph(t("generated"), { size: 9, color: "#5c6f82" });
    },
    { footer: (page, pages) => t("page", { page, pages }) },
  );
}

/**
 * The report as a download: for the committee and the call's promoters once approved, and
 * for everyone once the call's results are published; null otherwise.
 */
export async function evaluationReportFile(db: Db, actor: Actor | null, callId: string, locale: PdfLocale): Promise<GeneratedFile | null> {
  const [call] = await db.select({ status: calls.status, coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, callId));
  if (!call) return null;
  const isPublic = call.status === "results" || call.status === "archived";
  const allowed = isPublic || (actor !== null && ((await activeEvaluatorOf(db, callId, actor.userId)) !== null || (await isCoalitionPromoter(db, actor, call.coalitionId))));
  if (!allowed) return null;
  const source = await loadReportSource(db, callId);
  if (!source) return null;
  const bytes = await renderEvaluationReport(source, locale);
  const name = `${locale === "it" ? "verbale-valutazione" : "evaluation-report"}-${callId.slice(0, 8)}.pdf`;
  return { fileName: name, mediaType: "application/pdf", bytes, etag: `"${createHash("sha256").update(bytes).digest("hex")}"` };
}
