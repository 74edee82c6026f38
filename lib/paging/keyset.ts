import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";

/**
 * A position in a keyset order whose sort value is a text or a number (a name, a
 * reference, an amount) and whose ties are broken by a uuid. In links it travels as one
 * opaque token (base64url of [value, id]); a malformed token reads as no cursor, so a
 * tampered link shows the first page rather than an error.
 */
export type KeyCursor<V extends string | number = string | number> = { value: V; id: string };

export const LIST_PAGE_SIZE = 50;

export function encodeKeyCursor(c: KeyCursor): string {
  return Buffer.from(JSON.stringify([c.value, c.id]), "utf8").toString("base64url");
}

export function decodeKeyCursor(token: string | undefined, kind: "text"): KeyCursor<string> | undefined;
export function decodeKeyCursor(token: string | undefined, kind: "number"): KeyCursor<number> | undefined;
export function decodeKeyCursor(token: string | undefined, kind: "text" | "number"): KeyCursor | undefined {
  if (!token || token.length > 1200) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    // No NUL: PostgreSQL refuses it in a text parameter, which made a crafted link a server error.
    const value = kind === "text" ? z.string().max(800).refine((v) => !v.includes("\u0000")) : z.number().int().safe();
    const result = z.tuple([value, z.uuid()]).safeParse(parsed);
    return result.success ? { value: result.data[0], id: result.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The instant of a cursor's ISO text, or undefined when it is not one PostgreSQL can take:
 * years outside 0001–9999 print as "+012345-…" / "-000001-…", which timestamptz refuses (a
 * crafted link was a server error instead of the first page).
 */
export function cursorDate(iso: string | undefined): Date | undefined {
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime())) return undefined;
  const year = at.getUTCFullYear();
  return year >= 1 && year <= 9999 ? at : undefined;
}

/** The page's direction and cursor from ?after= / ?before= (after wins when both are given). */
export function keysetRequest<V extends string | number>(after: KeyCursor<V> | undefined, before: KeyCursor<V> | undefined) {
  const backwards = !after && before !== undefined;
  return { backwards, cursor: after ?? before };
}

/**
 * Cuts the size+1 rows read in the page's order into the page (in display order) and the
 * cursors of the next and previous pages: coming back from a later page there is always a
 * next one; the extra row tells the rest.
 */
export function keysetPage<R>(rows: R[], size: number, backwards: boolean, hasCursor: boolean, key: (r: R) => KeyCursor) {
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backwards) page.reverse();
  const edge = (r: R | undefined) => (r ? encodeKeyCursor(key(r)) : undefined);
  return {
    page,
    next: (backwards ? hasCursor : more) ? edge(page.at(-1)) : undefined,
    previous: (backwards ? more : hasCursor) ? edge(page[0]) : undefined,
  };
}

/**
 * A timestamptz as whole microseconds since 1970, the exact sort value of a keyset by time
 * (a JavaScript Date keeps milliseconds only, so rows of the same millisecond would be
 * skipped or repeated). It orders like the column and fits a cursor's safe integer.
 */
export function epochMicros(column: SQLWrapper) {
  return sql<number>`(extract(epoch from ${column}) * 1000000)::bigint`.mapWith(Number);
}

/** The condition of the rows after the cursor (before it, going back) in the order of `key`, a row value such as (name, id). */
export function keysetWhere(key: SQL, bound: SQL | undefined, backwards: boolean) {
  return bound ? (backwards ? sql`${key} < ${bound}` : sql`${key} > ${bound}`) : undefined;
}

/** Select fields of the list's size and of the rows before the page's first one (its position), counted over the list's scope. */
export function keysetCounts(key: SQL, first: SQL | undefined) {
  return {
    total: sql<number>`count(*)::int`.mapWith(Number),
    before: (first ? sql<number>`(count(*) filter (where ${key} < ${first}))::int` : sql<number>`0`).mapWith(Number),
  };
}

/** The "from–to of total" of a page given the counts of keysetCounts. */
export function keysetRange(counts: { total: number; before: number }, shown: number) {
  return { total: counts.total, from: shown ? counts.before + 1 : 0, to: counts.before + shown };
}
