import { sql } from "drizzle-orm";
import { currentDriver, getDb, withOwnerDb, type Db } from "@/db/client";
import { runMigrations } from "@/db/migrate";

let ready: Promise<Db> | undefined;

/**
 * The database for this test file. PGlite (in memory) is migrated here, once per
 * file; a PostgreSQL server (DATABASE_URL) was migrated once by test/global-setup.ts.
 */
export function testDb(): Promise<Db> {
  ready ??= (async () => {
    if (currentDriver() !== "pg") await runMigrations();
    return getDb();
  })();
  return ready;
}

/**
 * Runs fn as the tables' owner, for tests that need the owner's powers (disabling the
 * audit log's trigger). On PostgreSQL that is DATABASE_OWNER_URL's connection (the same
 * as DATABASE_URL's when no owner URL is set); on PGlite the one connection leaves the
 * application role meanwhile. Call testDb() first.
 */
export function asOwner<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  return withOwnerDb(({ db }) => fn(db));
}

/** Forgets the handle (after closeDb), so the next testDb() opens and migrates again. */
export function forgetTestDb(): void {
  ready = undefined;
}

/** Number of rows in a table, for before/after comparisons. */
export async function countRows(db: Db, table: string): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return Number((result as unknown as { rows: { n: number }[] }).rows[0].n);
}

/** The PostgreSQL SQLSTATE of an error, wherever the driver wrapped it. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const e = current as { code?: unknown; cause?: unknown };
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    current = e.cause;
  }
  return undefined;
}

/** The full message chain of an error (drizzle wraps the driver's error in `cause`). */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof Error) parts.push(current.message);
    else parts.push(String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(" <- ");
}

/** The audit actions recorded about one entity, oldest first. */
export async function auditActionsFor(db: Db, entityId: string): Promise<string[]> {
  const result = await db.execute(
    sql`select action from audit_entries where entity_id = ${entityId} order by seq`,
  );
  return (result as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
}
