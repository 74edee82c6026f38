import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db } from "@/db/client";
import { auditEntries, rateLimitHits } from "@/db/schema";
import { record, verifyChain } from "@/lib/audit";
import { asOwner, errorText, pgErrorCode, testDb } from "@/test/db";
import { randomUUID } from "@/test/factories";
import { canRewriteAuditLog } from "./roles";

let db: Db;
let split = false;
let owner = "";
beforeAll(async () => {
  db = await testDb();
  const result = await db.execute(sql`select current_user as me, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_entries') as owner`);
  const [row] = (result as unknown as { rows: { me: string; owner: string }[] }).rows;
  owner = row.owner;
  // PostgreSQL without DATABASE_OWNER_URL runs everything as one role: nothing to prove here.
  split = row.me !== row.owner;
});

/** The error a statement ends with (inside a transaction rolled back in any case), or undefined if it succeeded. */
async function refusal(statement: ReturnType<typeof sql>): Promise<unknown> {
  class Rollback extends Error {}
  try {
    await db.transaction(async (tx) => {
      await tx.execute(statement);
      throw new Rollback();
    });
  } catch (error) {
    return error instanceof Rollback ? undefined : error;
  }
  return undefined;
}

describe("the application's database role", () => {
  it("may INSERT and SELECT the audit log, and do ordinary work on the other tables", async ({ skip }) => {
    if (!split) skip();
    const entityId = randomUUID();
    const head = await db.transaction((tx) => record(tx, { actorUserId: null, action: "user.signed_up", entityType: "user", entityId }));
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.seq, head.seq));
    // Sealed into the chain right after its commit (or by a sealer running then: verifyChain waits for it).
    expect(entry).toMatchObject({ entityId });
    expect((await verifyChain(db)).ok).toBe(true);
    const [sealed] = await db.select().from(auditEntries).where(eq(auditEntries.seq, head.seq));
    expect(sealed.chainSeq).toBeGreaterThan(0);
    expect(sealed.hash).toMatch(/^[0-9a-f]{64}$/);
    // rate_limit_hits is an ordinary table: insert, update, delete all allowed.
    const key = randomUUID();
    const [hit] = await db.insert(rateLimitHits).values({ bucket: "roles-test", key, createdAt: new Date() }).returning({ id: rateLimitHits.id });
    await db.update(rateLimitHits).set({ key: `${key}-2` }).where(eq(rateLimitHits.id, hit.id));
    await db.delete(rateLimitHits).where(eq(rateLimitHits.id, hit.id));
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it.for([
    ["UPDATE audit_entries", sql`update audit_entries set data = '{}'::jsonb`, /permission denied for table audit_entries/],
    ["DELETE audit_entries", sql`delete from audit_entries`, /permission denied for table audit_entries/],
    ["TRUNCATE audit_entries", sql`truncate audit_entries`, /permission denied for table audit_entries/],
    ["UPDATE audit_anchors", sql`update audit_anchors set hash = hash`, /permission denied for table audit_anchors/],
    ["DELETE audit_anchors", sql`delete from audit_anchors`, /permission denied for table audit_anchors/],
    ["TRUNCATE audit_anchors", sql`truncate audit_anchors`, /permission denied for table audit_anchors/],
    ["DISABLE TRIGGER", sql`alter table audit_entries disable trigger audit_entries_no_update_delete`, /must be owner of table audit_entries/],
    ["DISABLE TRIGGER on anchors", sql`alter table audit_anchors disable trigger all`, /must be owner of table audit_anchors/],
    ["DROP TRIGGER", sql`drop trigger audit_entries_no_update_delete on audit_entries`, /must be owner of (table|relation) audit_entries/],
    ["CREATE TRIGGER", sql`create trigger t after insert on audit_entries for each row execute function refuse_append_only_change()`, /permission denied|must be owner/],
    ["setval on the sequence", sql`select setval('audit_entries_seq_seq', 1)`, /permission denied for sequence audit_entries_seq_seq/],
    ["UPDATE tranches", sql`update tranches set amount_cents = amount_cents + 1`, /permission denied for table tranches/],
    ["DELETE tranches", sql`delete from tranches`, /permission denied for table tranches/],
    ["TRUNCATE tranches", sql`truncate tranches`, /permission denied for table tranches/],
  ] as const)("is refused %s (permission denied)", async ([, statement, message], { skip }) => {
    if (!split) skip();
    const error = await refusal(statement);
    expect(error, "must be refused").toBeDefined();
    expect(pgErrorCode(error)).toBe("42501");
    expect(errorText(error)).toMatch(message);
  });

  it("may INSERT and SELECT the tranches, nothing else; the owner still may (it migrates)", async ({ skip }) => {
    if (!split) skip();
    const privileges = async (handle: Db) => {
      const result = await handle.execute(
        sql`select has_table_privilege('tranches', 'SELECT') as s, has_table_privilege('tranches', 'INSERT') as i, has_table_privilege('tranches', 'UPDATE') as u, has_table_privilege('tranches', 'DELETE') as d`,
      );
      return (result as unknown as { rows: { s: boolean; i: boolean; u: boolean; d: boolean }[] }).rows[0];
    };
    expect(await privileges(db)).toEqual({ s: true, i: true, u: false, d: false });
    expect(await asOwner((o) => privileges(o))).toEqual({ s: true, i: true, u: true, d: true });
  });

  it("cannot grant itself more: PostgreSQL only warns, and nothing changes", async ({ skip }) => {
    if (!split) skip();
    expect(await refusal(sql`grant update, delete, truncate on audit_entries to current_user`)).toBeUndefined();
    const result = await db.execute(sql`select has_table_privilege('audit_entries', 'UPDATE') as u, has_table_privilege('audit_entries', 'DELETE') as d`);
    expect((result as unknown as { rows: { u: boolean; d: boolean }[] }).rows[0]).toEqual({ u: false, d: false });
  });

  it("cannot take up the owner's role (PostgreSQL; on PGlite the one session user is a superuser)", async ({ skip }) => {
    if (!split || currentDriver() === "pglite") skip();
    const error = await refusal(sql.raw(`set role "${owner.replaceAll('"', '""')}"`));
    expect(pgErrorCode(error)).toBe("42501");
    expect(errorText(error)).toMatch(/permission denied to set role/);
  });

  it("audit:verify's check tells the two roles apart", async ({ skip }) => {
    if (!split) skip();
    expect(await canRewriteAuditLog(db)).toEqual({ role: expect.any(String), canRewrite: false });
    expect(await asOwner((o) => canRewriteAuditLog(o))).toEqual({ role: owner, canRewrite: true });
    // And afterwards the application is back on its own role (PGlite switches on one connection).
    expect((await canRewriteAuditLog(db)).canRewrite).toBe(false);
  });
});
