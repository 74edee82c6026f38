import { and, asc, eq, isNotNull, ne, sql, type SQL } from "drizzle-orm";
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
import { decodeKeyCursor, keysetPage, keysetRequest, LIST_PAGE_SIZE } from "@/lib/paging/keyset";
import { lockProposalFor } from "./access";
import { csvStream } from "@/lib/csv";
import { proposalCsvRecord, proposalsCsvHeader, type CsvProposalRow } from "./csv";
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

/**
 * The per-proposal sums, computed for this call's proposals only (not for every proposal
 * of the platform), and the conditions of the review: this call, submitted once.
 */
function reviewSources(db: Db | Tx, callId: string) {
  const totals = db
    .select({ proposalId: proposalBudgetLines.proposalId, cents: sql<string>`sum(${proposalBudgetLines.amountCents})`.as("cents") })
    .from(proposalBudgetLines)
    .innerJoin(proposals, eq(proposals.id, proposalBudgetLines.proposalId))
    .where(eq(proposals.callId, callId))
    .groupBy(proposalBudgetLines.proposalId)
    .as("totals");
  const partners = db
    .select({
      proposalId: proposalPartners.proposalId,
      n: sql<number>`count(*)::int`.as("n"),
      cofinancing: sql<string>`sum(${proposalPartners.cofinancingCents})`.as("cofinancing"),
    })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .where(and(eq(proposals.callId, callId), eq(proposalPartners.status, "accepted")))
    .groupBy(proposalPartners.proposalId)
    .as("partners");
  const scope = and(eq(proposals.callId, callId), ne(proposals.status, "draft"), isNotNull(proposals.submittedAt)) as SQL;
  return { totals, partners, scope };
}

type Sources = ReturnType<typeof reviewSources>;

const rowColumns = ({ totals, partners }: Sources) => ({
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
});

function fromSources(db: Db | Tx, sources: Sources) {
  return db
    .select(rowColumns(sources))
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .leftJoin(sources.totals, eq(sources.totals.proposalId, proposals.id))
    .leftJoin(sources.partners, eq(sources.partners.proposalId, proposals.id));
}

function toRow(r: { partners: number | null; totalCents: string | null; cofinancingCents: string | null } & Omit<ReviewRow, "partners" | "totalCents" | "cofinancingCents">): ReviewRow {
  return { ...r, partners: Number(r.partners ?? 0), totalCents: Number(r.totalCents ?? 0), cofinancingCents: Number(r.cofinancingCents ?? 0) };
}

/** Rows the review CSV reads per query: the file holds about one batch in memory, whatever the call's size. */
export const REVIEW_CSV_BATCH = 1_000;

/** One batch of the call's submitted proposals by reference then id, after the given one (keyset). */
async function submittedBatch(db: Db | Tx, sources: Sources, after: { reference: string; id: string } | null, size: number): Promise<ReviewRow[]> {
  const reference = sql`coalesce(${proposals.reference}, '')`;
  const rows = await fromSources(db, sources)
    .where(and(sources.scope, after ? sql`(${reference}, ${proposals.id}) > (${after.reference}::text, ${after.id}::uuid)` : undefined))
    .orderBy(asc(reference), asc(proposals.id))
    .limit(size);
  return rows.map(toRow);
}

/** The SQL sort value of a key (numbers compared as numeric: a total may pass 2^53). */
function sortValue(key: ReviewSortKey, { totals }: Sources): { expr: SQL; cast: "text" | "numeric" } {
  switch (key) {
    case "title":
      return { expr: sql`${proposals.title}`, cast: "text" };
    case "requested":
      return { expr: sql`${proposals.requestedCents}::numeric`, cast: "numeric" };
    case "total":
      return { expr: sql`coalesce(${totals.cents}, 0)::numeric`, cast: "numeric" };
    default:
      return { expr: sql`coalesce(${proposals.reference}, '')`, cast: "text" };
  }
}

function rowSortValue(r: ReviewRow, key: ReviewSortKey, raw: { totalCents: string | null; requestedCents: number }): string {
  switch (key) {
    case "title":
      return r.title;
    case "requested":
      return String(raw.requestedCents);
    case "total":
      return raw.totalCents ?? "0";
    default:
      return r.reference ?? "";
  }
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
 * One page of the submitted proposals of a call, for the promoters of its coalition; null
 * for anyone else (the page shows "not found"). Sorted, filtered by status and paginated
 * in SQL (keyset on the sort value and the id: `after` / `before` are the tokens of the
 * previous page's edges); the count, the page's position and the totals are SQL
 * aggregates over this call's proposals matching the filter, not over the page.
 */
export async function listSubmittedProposals(
  db: Db,
  viewer: Actor | null,
  callId: string,
  options: { sort?: ReviewSort; status?: ProposalStatus; after?: string; before?: string; size?: number } = {},
): Promise<{
  rows: ReviewRow[];
  totals: ReturnType<typeof reviewTotals>;
  count: number;
  from: number;
  to: number;
  next?: string;
  previous?: string;
  phase: ReturnType<typeof callPhase>;
  canMark: boolean;
} | null> {
  if (!viewer) return null;
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const sort = options.sort ?? "reference";
  const size = options.size ?? LIST_PAGE_SIZE;
  const descending = sort.startsWith("-");
  const key = sort.replace(/^-/, "") as ReviewSortKey;
  const sources = reviewSources(db, callId);
  const where = and(sources.scope, options.status ? eq(proposals.status, options.status) : undefined) as SQL;
  const { expr, cast } = sortValue(key, sources);
  const { backwards, cursor } = keysetRequest(decodeKeyCursor(options.after, "text"), decodeKeyCursor(options.before, "text"));
  const keyOf = sql`(${expr}, ${proposals.id})`;
  const boundOf = (c: { value: string; id: string }) => sql`(${c.value}::${sql.raw(cast)}, ${c.id}::uuid)`;
  // Read in the page's direction: forwards in the sort order, or against it when going back.
  const ascending = descending === backwards;
  const keyset = cursor ? (ascending ? sql`${keyOf} > ${boundOf(cursor)}` : sql`${keyOf} < ${boundOf(cursor)}`) : undefined;
  const raw = await fromSources(db, sources)
    .where(and(where, keyset))
    .orderBy(...(ascending ? [sql`${expr} asc`, sql`${proposals.id} asc`] : [sql`${expr} desc`, sql`${proposals.id} desc`]))
    .limit(size + 1);
  const rawById = new Map(raw.map((r) => [r.id, r]));
  const { page, next, previous } = keysetPage(raw.map(toRow), size, backwards, cursor !== undefined, (r) => ({
    value: rowSortValue(r, key, rawById.get(r.id)!),
    id: r.id,
  }));
  const first = page[0];
  const firstBound = first ? boundOf({ value: rowSortValue(first, key, rawById.get(first.id)!), id: first.id }) : undefined;
  const [agg] = await db
    .select({
      count: sql<number>`count(*)::int`,
      before: firstBound ? sql<number>`(count(*) filter (where ${keyOf} ${sql.raw(descending ? ">" : "<")} ${firstBound}))::int` : sql<number>`0`,
      totalCents: sql<string>`coalesce(sum(${sources.totals.cents}), 0)`,
      requestedCents: sql<string>`coalesce(sum(${proposals.requestedCents}), 0)`,
      cofinancingCents: sql<string>`coalesce(sum(${sources.partners.cofinancing}), 0)`,
    })
    .from(proposals)
    .leftJoin(sources.totals, eq(sources.totals.proposalId, proposals.id))
    .leftJoin(sources.partners, eq(sources.partners.proposalId, proposals.id))
    .where(where);
  const phase = callPhase(call, now());
  const before = Number(agg.before);
  return {
    rows: page,
    totals: { totalCents: Number(agg.totalCents), requestedCents: Number(agg.requestedCents), cofinancingCents: Number(agg.cofinancingCents) },
    count: Number(agg.count),
    from: page.length ? before + 1 : 0,
    to: before + page.length,
    next,
    previous,
    phase,
    canMark: phase === "review",
  };
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
 * "proposte-<reference prefix>.csv" (e.g. proposte-CAN-2026.csv), by reference. The body is
 * a stream read in keyset batches of REVIEW_CSV_BATCH rows as the client takes it, written by
 * lib/csv.ts (text cells neutralised), so a call of any size never loads whole. Who may read it
 * is checked before anything streams. Throws UNAUTHENTICATED, NOT_FOUND (no such call, or a
 * draft call), FORBIDDEN (not a promoter of its coalition).
 */
export async function exportProposalsCsv(
  db: Db,
  actor: Actor | null,
  callId: string,
  options: { batchSize?: number; onBatch?: (rows: number) => void } = {},
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const who = requireActor(actor);
  const [call] = await db.select({ id: calls.id, coalitionId: calls.coalitionId, status: calls.status }).from(calls).where(eq(calls.id, callId));
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  if (!(await isCoalitionPromoter(db, who, call.coalitionId))) {
    // A draft call is invisible to non-promoters; a published one is public, so no secret.
    throw call.status === "draft" ? new AppError("NOT_FOUND", "callNotFound") : new AppError("FORBIDDEN", "forbidden");
  }
  const sources = reviewSources(db, callId);
  const [first] = await db
    .select({ reference: proposals.reference })
    .from(proposals)
    .where(and(sources.scope, isNotNull(proposals.reference)))
    .orderBy(asc(proposals.reference))
    .limit(1);
  const prefix = first?.reference?.replace(/-\d+$/, "");
  const size = options.batchSize ?? REVIEW_CSV_BATCH;
  let after: { reference: string; id: string } | null = null;
  const body = csvStream(proposalsCsvHeader, async () => {
    const rows = await submittedBatch(db, sources, after, size);
    options.onBatch?.(rows.length);
    const last = rows.at(-1);
    if (last) after = { reference: last.reference ?? "", id: last.id };
    return { records: rows.map(proposalCsvRecord), done: rows.length < size };
  });
  return { filename: `proposte-${prefix ?? call.id}.csv`, body };
}
