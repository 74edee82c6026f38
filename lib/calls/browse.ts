import { and, arrayContains, asc, desc, eq, inArray, ne, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions } from "@/db/schema";
import { now } from "@/lib/clock";
import type { CallBrowseParams, Cursor, PublicPhase } from "./browse-params";
import { callPhase, nextDeadline } from "./policy";

/**
 * Public reads of calls across coalitions: the /calls list and the home page. Only
 * published steps (never drafts, DESIGN rule 10), explicit columns, every filter in SQL
 * and only the rows shown. Nothing here depends on the viewer: these are public pages.
 */

/** The same expression as the GIN index calls_search_idx (migration 0008), so the index is used. */
const searchDocument = sql`to_tsvector('italian', ${calls.title} || ' ' || ${calls.description})`;

/**
 * Published calls always carry a submission window (validateCallRules refuses to publish
 * without one), so the keyset column is never null for the rows this file lists.
 */
const isPublic = and(ne(calls.status, "draft"), sql`${calls.submissionClosesAt} is not null`) as SQL;

const listColumns = {
  id: calls.id,
  title: calls.title,
  themes: calls.themes,
  leadKinds: calls.leadKinds,
  budgetCents: calls.budgetCents,
  status: calls.status,
  submissionOpensAt: calls.submissionOpensAt,
  submissionClosesAt: calls.submissionClosesAt,
  votingOpensAt: calls.votingOpensAt,
  votingClosesAt: calls.votingClosesAt,
  resultsPublishedAt: calls.resultsPublishedAt,
  coalitionSlug: coalitions.slug,
  coalitionName: coalitions.name,
};

/** `at < limit`, false when the limit is missing: callPhase's `before`, in SQL. */
const beforeCol = (at: Date, col: AnyColumn) => sql`coalesce(${at.toISOString()}::timestamptz < ${col}, false)`;

/**
 * The rows of one phase at an instant: lib/calls/policy.ts callPhase written as a
 * condition, so the filter runs in the database. The integration test checks both agree.
 */
export function phaseCondition(phase: PublicPhase, at: Date): SQL {
  if (phase === "results" || phase === "archived") return eq(calls.status, phase);
  const published = eq(calls.status, "published");
  const notBefore = (col: AnyColumn) => sql`not ${beforeCol(at, col)}`;
  const scheduled = sql`(${calls.submissionOpensAt} is null or ${beforeCol(at, calls.submissionOpensAt)})`;
  const started = sql`not ${scheduled}`;
  const steps: Record<Exclude<PublicPhase, "results" | "archived">, SQL[]> = {
    scheduled: [scheduled],
    open: [started, beforeCol(at, calls.submissionClosesAt)],
    review: [started, notBefore(calls.submissionClosesAt), beforeCol(at, calls.votingOpensAt)],
    voting: [started, notBefore(calls.submissionClosesAt), notBefore(calls.votingOpensAt), beforeCol(at, calls.votingClosesAt)],
    counting: [started, notBefore(calls.submissionClosesAt), notBefore(calls.votingOpensAt), notBefore(calls.votingClosesAt)],
  };
  return and(published, ...steps[phase]) as SQL;
}

function callFilters(params: Omit<CallBrowseParams, "size" | "after" | "before">, at: Date): SQL {
  return and(
    isPublic,
    params.q ? sql`${searchDocument} @@ websearch_to_tsquery('italian', ${params.q})` : undefined,
    params.coalition ? eq(coalitions.slug, params.coalition) : undefined,
    params.phase ? phaseCondition(params.phase, at) : undefined,
    params.theme ? arrayContains(calls.themes, [params.theme]) : undefined,
    // An empty list of lead kinds means anyone may lead.
    params.lead ? or(sql`cardinality(${calls.leadKinds}) = 0`, sql`${params.lead} = any(${calls.leadKinds})`) : undefined,
  ) as SQL;
}

/**
 * One page of public calls, latest submission deadline first (open and coming calls lead,
 * then the past ones), ties broken by id. Keyset pagination: `after` / `before` are the
 * last / first row of the page the visitor comes from, so no page needs OFFSET and rows
 * inserted meanwhile never shift a page. Returns the total matching, for the count.
 */
export async function listPublicCalls(db: Db, params: CallBrowseParams) {
  const at = now();
  const where = callFilters(params, at);
  const backwards = !params.after && params.before !== undefined;
  const cursor: Cursor | undefined = params.after ?? params.before;
  const key = sql`(${calls.submissionClosesAt}, ${calls.id})`;
  const bound = cursor ? sql`(${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : undefined;
  const keyset = bound ? (backwards ? sql`${key} > ${bound}` : sql`${key} < ${bound}`) : undefined;

  const [rows, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(calls)
      .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
      .where(and(where, keyset))
      .orderBy(...(backwards ? [asc(calls.submissionClosesAt), asc(calls.id)] : [desc(calls.submissionClosesAt), desc(calls.id)]))
      .limit(params.size + 1),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(calls)
      .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
      .where(where),
  ]);
  const more = rows.length > params.size;
  const page = rows.slice(0, params.size);
  if (backwards) page.reverse();
  const edge = (r: (typeof page)[number] | undefined): Cursor | undefined => (r ? { at: r.submissionClosesAt as Date, id: r.id } : undefined);
  return {
    calls: page.map((r) => ({ ...r, phase: callPhase(r, at), nextDeadline: nextDeadline(r, at) })),
    total: Number(total),
    // Coming back from a later page there is always a next one; the extra row tells the rest.
    next: (backwards ? cursor !== undefined : more) ? edge(page.at(-1)) : undefined,
    previous: (backwards ? more : cursor !== undefined) ? edge(page[0]) : undefined,
  };
}

export type PublicCallItem = Awaited<ReturnType<typeof listPublicCalls>>["calls"][number];

/** The home page: calls open now or opening soon, soonest deadline first. */
export async function listOpenAndUpcomingCalls(db: Db, limit = 6) {
  const at = now();
  const rows = await db
    .select(listColumns)
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(isPublic, or(phaseCondition("open", at), phaseCondition("scheduled", at))))
    .orderBy(asc(calls.submissionClosesAt), asc(calls.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, phase: callPhase(r, at), nextDeadline: nextDeadline(r, at) }));
}

/** The home page: the latest published results, newest first. */
export async function listLatestResults(db: Db, limit = 3) {
  return db
    .select(listColumns)
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(inArray(calls.status, ["results", "archived"]), sql`${calls.resultsPublishedAt} is not null`))
    .orderBy(desc(calls.resultsPublishedAt), desc(calls.id))
    .limit(limit);
}

/** Coalitions that have at least one public call, for the coalition filter. */
export async function listCoalitionsWithPublicCalls(db: Db) {
  return db
    .selectDistinct({ slug: coalitions.slug, name: coalitions.name })
    .from(coalitions)
    .innerJoin(calls, eq(calls.coalitionId, coalitions.id))
    .where(isPublic)
    .orderBy(asc(coalitions.name), asc(coalitions.slug));
}
