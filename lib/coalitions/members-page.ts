import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coalitionMembers, organisations } from "@/db/schema";
import { keysetPage, keysetRequest, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";

/**
 * One page of a coalition's members as the public sees them (organisation, kind, role,
 * weight; no people), by legal name then id. Keyset pagination: `after` / `before` are the
 * last / first row of the page the visitor comes from, so a coalition of thousands never
 * loads more than one page. The total and the page's position are SQL counts of this
 * coalition only.
 */
export async function listCoalitionMembersPage(
  db: Db,
  coalitionId: string,
  options: { after?: KeyCursor<string>; before?: KeyCursor<string>; size?: number } = {},
) {
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const key = sql`(${organisations.legalName}, ${organisations.id})`;
  const bound = cursor ? sql`(${cursor.value}::text, ${cursor.id}::uuid)` : undefined;
  const scope = eq(coalitionMembers.coalitionId, coalitionId);
  const rows = await db
    .select({
      organisationId: organisations.id,
      legalName: organisations.legalName,
      kind: organisations.kind,
      role: coalitionMembers.role,
      weight: coalitionMembers.weight,
    })
    .from(coalitionMembers)
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .where(and(scope, bound ? (backwards ? sql`${key} < ${bound}` : sql`${key} > ${bound}`) : undefined))
    .orderBy(...(backwards ? [desc(organisations.legalName), desc(organisations.id)] : [asc(organisations.legalName), asc(organisations.id)]))
    .limit(size + 1);
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, (r) => ({ value: r.legalName, id: r.organisationId }));
  const first = page[0];
  const [{ total, before }] = await db
    .select({
      total: sql<number>`count(*)::int`,
      before: first ? sql<number>`(count(*) filter (where ${key} < (${first.legalName}::text, ${first.organisationId}::uuid)))::int` : sql<number>`0`,
    })
    .from(coalitionMembers)
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .where(scope);
  return { members: page, total: Number(total), from: page.length ? Number(before) + 1 : 0, to: Number(before) + page.length, next, previous };
}
