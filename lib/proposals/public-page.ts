import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organisations, proposals } from "@/db/schema";
import { keysetPage, keysetRequest, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { publicStatuses } from "./access";

/**
 * One page of a call's submitted proposals for its public page (what anyone may see), by
 * reference then id. Keyset pagination: `after` / `before` are the last / first row of the
 * page the visitor comes from. The total and the page's position are SQL counts of this
 * call's public proposals only.
 */
export async function listPublicProposalsPage(
  db: Db,
  callId: string,
  options: { after?: KeyCursor<string>; before?: KeyCursor<string>; size?: number } = {},
) {
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const reference = sql`coalesce(${proposals.reference}, '')`;
  const key = sql`(${reference}, ${proposals.id})`;
  const bound = (c: KeyCursor<string>) => sql`(${c.value}::text, ${c.id}::uuid)`;
  const scope = and(eq(proposals.callId, callId), inArray(proposals.status, publicStatuses));
  const rows = await db
    .select({ id: proposals.id, title: proposals.title, reference: proposals.reference, status: proposals.status, leadName: organisations.legalName })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(and(scope, cursor ? (backwards ? sql`${key} < ${bound(cursor)}` : sql`${key} > ${bound(cursor)}`) : undefined))
    .orderBy(...(backwards ? [desc(reference), desc(proposals.id)] : [asc(reference), asc(proposals.id)]))
    .limit(size + 1);
  const keyOf = (r: (typeof rows)[number]) => ({ value: r.reference ?? "", id: r.id });
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, keyOf);
  const first = page[0];
  const [{ total, before }] = await db
    .select({
      total: sql<number>`count(*)::int`,
      before: first ? sql<number>`(count(*) filter (where ${key} < ${bound(keyOf(first))}))::int` : sql<number>`0`,
    })
    .from(proposals)
    .where(scope);
  return { proposals: page, total: Number(total), from: page.length ? Number(before) + 1 : 0, to: Number(before) + page.length, next, previous };
}
