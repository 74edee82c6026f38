import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, organisations, proposalBudgetLines, proposalPartners, proposals, type ProposalStatus } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { notifyAdmissibilityDecided } from "@/lib/notifications/triggers";
import { lockProposalFor } from "./access";
import { proposalsCsv, type CsvProposalRow } from "./csv";
import { admissibilitySchema } from "./schemas";
import { bumpVersion } from "./service";

/**
 * The promoters' review of a call: the table of submitted proposals, admissibility, and
 * the CSV export. Drafts never appear here (DESIGN rule 10): only proposals that were
 * submitted (withdrawn ones included, since they were submitted once).
 */

export const reviewSortKeys = ["reference", "title", "requested", "total"] as const;
export type ReviewSortKey = (typeof reviewSortKeys)[number];
/** "title" sorts ascending, "-title" descending. */
export type ReviewSort = ReviewSortKey | `-${ReviewSortKey}`;

export function parseReviewSort(value: string | undefined): ReviewSort {
  const key = value?.replace(/^-/, "");
  return (reviewSortKeys as readonly string[]).includes(key ?? "") ? (value as ReviewSort) : "reference";
}

/** The statuses the review table can show and filter by: every one but draft. */
export const reviewStatuses: ProposalStatus[] = ["submitted", "admissible", "inadmissible", "selected", "not_selected", "withdrawn"];

/** Statuses in which admissibility can be (re)marked, while the call is in review. */
export const markableStatuses: ProposalStatus[] = ["submitted", "admissible", "inadmissible"];

export type ReviewRow = CsvProposalRow & { id: string };

async function submittedRows(db: Db | Tx, callId: string): Promise<ReviewRow[]> {
  const totals = db
    .select({ proposalId: proposalBudgetLines.proposalId, cents: sql<string>`sum(${proposalBudgetLines.amountCents})`.as("cents") })
    .from(proposalBudgetLines)
    .groupBy(proposalBudgetLines.proposalId)
    .as("totals");
  const partners = db
    .select({
      proposalId: proposalPartners.proposalId,
      n: sql<number>`count(*)::int`.as("n"),
      cofinancing: sql<string>`sum(${proposalPartners.cofinancingCents})`.as("cofinancing"),
    })
    .from(proposalPartners)
    .where(eq(proposalPartners.status, "accepted"))
    .groupBy(proposalPartners.proposalId)
    .as("partners");
  const rows = await db
    .select({
      id: proposals.id,
      reference: proposals.reference,
      title: proposals.title,
      leadName: organisations.legalName,
      partners: partners.n,
      totalCents: totals.cents,
      requestedCents: proposals.requestedCents,
      cofinancingCents: partners.cofinancing,
      status: proposals.status,
      statusReason: proposals.statusReason,
      submittedAt: proposals.submittedAt,
    })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .leftJoin(totals, eq(totals.proposalId, proposals.id))
    .leftJoin(partners, eq(partners.proposalId, proposals.id))
    .where(and(eq(proposals.callId, callId), ne(proposals.status, "draft"), isNotNull(proposals.submittedAt)));
  return rows.map((r) => ({
    ...r,
    partners: Number(r.partners ?? 0),
    totalCents: Number(r.totalCents ?? 0),
    cofinancingCents: Number(r.cofinancingCents ?? 0),
  }));
}

function compare(a: ReviewRow, b: ReviewRow, key: ReviewSortKey): number {
  switch (key) {
    case "title":
      return a.title.localeCompare(b.title, "it");
    case "requested":
      return a.requestedCents - b.requestedCents;
    case "total":
      return a.totalCents - b.totalCents;
    default:
      return (a.reference ?? "").localeCompare(b.reference ?? "");
  }
}

export function sortReviewRows(rows: ReviewRow[], sort: ReviewSort): ReviewRow[] {
  const descending = sort.startsWith("-");
  const key = sort.replace(/^-/, "") as ReviewSortKey;
  return [...rows].sort((a, b) => (descending ? -1 : 1) * compare(a, b, key) || (a.reference ?? "").localeCompare(b.reference ?? ""));
}

export function reviewTotals(rows: ReviewRow[]) {
  return rows.reduce(
    (t, r) => ({ totalCents: t.totalCents + r.totalCents, requestedCents: t.requestedCents + r.requestedCents, cofinancingCents: t.cofinancingCents + r.cofinancingCents }),
    { totalCents: 0, requestedCents: 0, cofinancingCents: 0 },
  );
}

/**
 * The submitted proposals of a call, for the promoters of its coalition; null for anyone
 * else (the page shows "not found"). Sorted and filtered by status on the server.
 */
export async function listSubmittedProposals(
  db: Db,
  viewer: Actor | null,
  callId: string,
  options: { sort?: ReviewSort; status?: ProposalStatus } = {},
): Promise<{ rows: ReviewRow[]; totals: ReturnType<typeof reviewTotals>; phase: ReturnType<typeof callPhase>; canMark: boolean } | null> {
  if (!viewer) return null;
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const all = await submittedRows(db, callId);
  const rows = sortReviewRows(options.status ? all.filter((r) => r.status === options.status) : all, options.sort ?? "reference");
  const phase = callPhase(call, now());
  return { rows, totals: reviewTotals(rows), phase, canMark: phase === "review" };
}

/**
 * A promoter of the call's coalition marks a submitted proposal admissible, or
 * inadmissible with a reason, while the call is in review (submission closed, voting not
 * open). It can be re-marked until voting opens. Throws UNAUTHENTICATED, VALIDATION,
 * NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function markAdmissibility(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(admissibilitySchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    if (!access.isPromoter) throw new AppError("FORBIDDEN", "forbidden");
    if (!markableStatuses.includes(proposal.status)) throw new AppError("INVALID_STATE", "admissibilityNotMarkable");
    const [call] = await tx.select().from(calls).where(eq(calls.id, proposal.callId));
    if (callPhase(call, now()) !== "review") throw new AppError("INVALID_STATE", "admissibilityNotReviewPhase");
    const status = data.admissible ? "admissible" : "inadmissible";
    const reason = data.admissible ? null : data.reason;
    const version = await bumpVersion(tx, proposal, who, { status, statusReason: reason });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: proposal.leadOrganisationId,
      action: "proposal.admissibility_marked",
      entityType: "proposal",
      entityId: proposal.id,
      data: { before: proposal.status, after: status, reason, version },
    });
    // Marked again the same way (same reason): nothing new to tell.
    if (proposal.status !== status || proposal.statusReason !== reason) {
      await notifyAdmissibilityDecided(tx, { actorUserId: who.userId, proposalId: proposal.id, admitted: data.admissible, reason, version });
    }
  });
}

/**
 * The CSV of a call's submitted proposals for its promoters, with the file name
 * "proposte-<reference prefix>.csv" (e.g. proposte-CAN-2026.csv). Throws UNAUTHENTICATED,
 * NOT_FOUND (no such call, or a draft call), FORBIDDEN (not a promoter of its coalition).
 */
export async function exportProposalsCsv(db: Db, actor: Actor | null, callId: string): Promise<{ filename: string; body: string }> {
  const who = requireActor(actor);
  const [call] = await db.select({ id: calls.id, coalitionId: calls.coalitionId, status: calls.status }).from(calls).where(eq(calls.id, callId));
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  if (!(await isCoalitionPromoter(db, who, call.coalitionId))) {
    // A draft call is invisible to non-promoters; a published one is public, so no secret.
    throw call.status === "draft" ? new AppError("NOT_FOUND", "callNotFound") : new AppError("FORBIDDEN", "forbidden");
  }
  const rows = sortReviewRows(await submittedRows(db, callId), "reference");
  const prefix = rows.find((r) => r.reference)?.reference?.replace(/-\d+$/, "");
  return { filename: `proposte-${prefix ?? call.id}.csv`, body: proposalsCsv(rows) };
}
