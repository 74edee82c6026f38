import { and, asc, eq, inArray } from "drizzle-orm";
import { bigToDecimal, parseBig } from "@/lib/evaluation/combine";
import type { Db, Tx } from "@/db/client";
import { auditAnchors, callResults, calls, coalitions, organisationMembers, proposalPartners, proposals, type ProposalStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { money, toCsv } from "@/lib/csv";
import { latestSubmission, sha256Hex } from "./canonical";
import { applicationFileName, renderApplication } from "./pdf/application";
import { rankingFileName, renderRanking } from "./pdf/ranking";
import { receiptFileName, renderReceipt } from "./pdf/receipt";
import type { PdfLocale } from "./pdf/writer";

/**
 * The documents Tavolo generates from stored data (submission receipt, application,
 * ranking, results CSV): who may have them, and their bytes. Route handlers only parse
 * the request and send what these return; null means "not found" — to whoever may not
 * see the thing as well as when it does not exist.
 */

export type GeneratedFile = { fileName: string; mediaType: string; bytes: Uint8Array; etag: string };

function file(fileName: string, mediaType: string, bytes: Uint8Array): GeneratedFile {
  return { fileName, mediaType, bytes, etag: `"${sha256Hex(bytes)}"` };
}

/**
 * Who may download a proposal's receipt and application: the people of its accepted
 * partners (the lead included), any role in their organisation, and the promoters of the
 * call's coalition — once the proposal was submitted. Nobody else, visitors included
 * (the public proposal page shows a summary, never the application).
 */
export async function maySeeSubmissionDocuments(db: Db | Tx, actor: Actor | null, proposal: { id: string; callId: string; status: ProposalStatus }): Promise<boolean> {
  if (!actor || proposal.status === "draft") return false;
  const [member] = await db
    .select({ organisationId: proposalPartners.organisationId })
    .from(proposalPartners)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, proposalPartners.organisationId))
    .where(and(eq(proposalPartners.proposalId, proposal.id), eq(proposalPartners.status, "accepted"), eq(organisationMembers.userId, actor.userId)))
    .limit(1);
  if (member) return true;
  const [call] = await db.select({ coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, proposal.callId));
  return call ? isCoalitionPromoter(db, actor, call.coalitionId) : false;
}

/** The receipt or the application PDF of a proposal's latest submission, or null (see maySeeSubmissionDocuments). */
export async function submissionPdf(db: Db, actor: Actor | null, proposalId: string, kind: "receipt" | "application", locale: PdfLocale): Promise<GeneratedFile | null> {
  const [proposal] = await db.select({ id: proposals.id, callId: proposals.callId, status: proposals.status }).from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal || !(await maySeeSubmissionDocuments(db, actor, proposal))) return null;
  const submission = await latestSubmission(db, proposal.id);
  if (!submission) return null;
  if (kind === "receipt") return file(receiptFileName(submission.reference, locale), "application/pdf", await renderReceipt(submission, locale));
  return file(applicationFileName(submission.reference, locale), "application/pdf", await renderApplication(submission, locale));
}

/** A call that anyone may see the results of: not a draft, and with published results. */
async function publicCall(db: Db, callId: string) {
  const [call] = await db
    .select({ id: calls.id, title: calls.title, status: calls.status, coalitionName: coalitions.name })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(eq(calls.id, callId));
  return call && call.status !== "draft" ? call : null;
}

/** The versions of a call's published results, oldest first (empty before publication). */
export async function listResultVersions(db: Db, callId: string): Promise<{ version: number; publishedAt: Date; reason: string | null }[]> {
  return db
    .select({ version: callResults.version, publishedAt: callResults.publishedAt, reason: callResults.reason })
    .from(callResults)
    .where(eq(callResults.callId, callId))
    .orderBy(asc(callResults.version));
}

/**
 * The ranking PDF of one version of a call's published results — public, like the
 * results page — or null. Made from the stored results row and the anchor stored with it
 * at publication, so a version's PDF never changes, and a correction adds a version.
 */
export async function rankingPdf(db: Db, callId: string, version: number, locale: PdfLocale): Promise<GeneratedFile | null> {
  const call = await publicCall(db, callId);
  if (!call) return null;
  const [result] = await db.select().from(callResults).where(and(eq(callResults.callId, call.id), eq(callResults.version, version)));
  if (!result) return null;
  const [anchor] = await db
    .select({ seq: auditAnchors.seq, hash: auditAnchors.hash })
    .from(auditAnchors)
    .where(and(eq(auditAnchors.entityType, "call"), eq(auditAnchors.entityId, call.id), eq(auditAnchors.version, version), inArray(auditAnchors.action, ["call.results_published", "call.results_corrected"])))
    .orderBy(asc(auditAnchors.seq))
    .limit(1);
  const source = { call: { id: call.id, title: call.title, coalitionName: call.coalitionName }, result, anchor: anchor ?? null };
  return file(rankingFileName(source, locale), "application/pdf", await renderRanking(source, locale));
}

/** An exact 0–1 fraction with 4 decimals and the Italian comma, or empty. */
function unit(num: string | undefined, den: string | undefined): string {
  const f = parseBig(num, den);
  return f ? bigToDecimal(f, 4).replace(".", ",") : "";
}

const outcomeLabels = { allocated: "Finanziata", skipped: "Non entra nel budget", not_allocated: "Non finanziata", below_threshold: "Sotto la soglia tecnica" } as const;

/**
 * The results of a call as CSV (lib/csv.ts), every published version, one record per
 * ranked proposal: public once published, null otherwise. Italian headers, like the
 * other exports, for Italian spreadsheets.
 */
export async function resultsCsv(db: Db, callId: string): Promise<GeneratedFile | null> {
  const call = await publicCall(db, callId);
  if (!call) return null;
  const results = await db.select().from(callResults).where(eq(callResults.callId, call.id)).orderBy(asc(callResults.version));
  if (results.length === 0) return null;
  const header = [
    "Versione",
    "Pubblicata il",
    "Metodo",
    "Posizione",
    "Riferimento",
    "Titolo",
    "Capofila",
    "Richiesto (EUR)",
    "Valore",
    "Schede",
    "Esito",
    "Assegnato (EUR)",
    "Impronta delle schede",
    // Issue 14: empty when the call's appraisal does not combine with the vote.
    "Punteggio tecnico",
    "Punteggio tecnico massimo",
    "Voto normalizzato (0-1)",
    "Punteggio finale (0-1)",
  ];
  const rows = results.flatMap((r) =>
    [...r.ranking]
      .sort((a, b) => a.rank - b.rank)
      .map((e) => [
        r.version,
        r.publishedAt,
        r.votingMethod === "score" ? "Punteggio" : "Approvazione",
        e.rank,
        e.reference,
        e.title,
        e.leadName,
        money(e.requestedCents),
        e.valueDen === 1 ? e.valueNum : Math.round((e.valueNum / e.valueDen) * 10_000) / 10_000,
        e.ballots,
        outcomeLabels[e.outcome],
        money(e.allocatedCents),
        r.fingerprint,
        e.evaluation?.technicalPoints ?? "",
        e.evaluation?.technicalMax ?? "",
        unit(e.evaluation?.voteNum, e.evaluation?.voteDen),
        unit(e.evaluation?.finalNum, e.evaluation?.finalDen),
      ]),
  );
  const bytes = new TextEncoder().encode(toCsv(header, rows));
  return file(`risultati-${call.id.slice(0, 8)}.csv`, "text/csv; charset=utf-8", bytes);
}

/** What the proposal page needs to offer the receipt and application PDFs: the latest submission, when the viewer may have them. */
export async function submissionDocumentsFor(db: Db, actor: Actor | null, proposalId: string): Promise<{ reference: string; submittedAt: Date } | null> {
  const [proposal] = await db.select({ id: proposals.id, callId: proposals.callId, status: proposals.status }).from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal || !(await maySeeSubmissionDocuments(db, actor, proposal))) return null;
  const submission = await latestSubmission(db, proposal.id);
  return submission ? { reference: submission.reference, submittedAt: submission.submittedAt } : null;
}
