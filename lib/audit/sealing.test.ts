import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db, type Tx } from "@/db/client";
import { auditAnchors, auditEntries } from "@/db/schema";
import { ChainCheckCache } from "@/lib/audittrail/verification";
import { asOwner, errorText, pgErrorCode, testDb } from "@/test/db";
import { CHAIN_LOCK_KEY, countPending, entryHash, record, recordDecision, sealPending, verifyChain, type AuditEvent } from "./index";

/**
 * Issue 13 item 5: entries are recorded in their own transaction without a global lock and
 * sealed into the chain, in order, right after commit (lib/audit sealPending).
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

class Rollback extends Error {}

const event = (entityId: string, n = 0): AuditEvent => ({ actorUserId: null, action: "user.signed_up", entityType: "user", entityId, data: { n } });

async function entriesOf(entityIds: string[]) {
  return db.select().from(auditEntries).where(inArray(auditEntries.entityId, entityIds)).orderBy(asc(auditEntries.seq));
}

/** No position is missing between lo and hi (other test files may seal their entries in between: still no gap). */
async function contiguous(lo: number, hi: number): Promise<boolean> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEntries)
    .where(sql`${auditEntries.chainSeq} between ${lo} and ${hi}`);
  return Number(n) === hi - lo + 1;
}

const onPostgres = () => currentDriver() === "pg";

/** Resolves to "timeout" after ms, to race a step that must not wait for another transaction. */
const timeout = (ms: number) => new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms));

describe("recording takes no global lock", () => {
  it("a transaction records and commits while another one that recorded is still open; both end up sealed, in commit order", async ({ skip }) => {
    // PGlite has one connection: two transactions cannot be open at once there.
    if (!onPostgres()) skip();
    const first = randomUUID();
    const second = randomUUID();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const t1 = db.transaction(async (tx) => {
      await record(tx, event(first));
      recorded();
      await held;
    });
    await firstRecorded;
    // T1 is open with its entry written: T2 must not wait for it (before, it waited on the chain lock until T1 committed).
    const t2 = db.transaction((tx) => record(tx, event(second)));
    const winner = await Promise.race([t2.then(() => "t2" as const), timeout(10_000)]);
    try {
      expect(winner).toBe("t2");
      // T2's entry is sealed while T1 is still open (T1's is not visible, so not in the chain).
      await sealPending(db, { wait: true });
      const [entry2] = await entriesOf([second]);
      expect(entry2.chainSeq).not.toBeNull();
      expect(await entriesOf([first])).toHaveLength(0);
    } finally {
      release();
      await t1;
    }
    const result = await verifyChain(db);
    expect(result.ok).toBe(true);
    const [e1] = await entriesOf([first]);
    const [e2] = await entriesOf([second]);
    // Inserted first, committed second: its place in the chain is after T2's (the order is the sealing order).
    expect(e1.seq).toBeLessThan(e2.seq);
    expect(e1.chainSeq!).toBeGreaterThan(e2.chainSeq!);
    expect(e1.hash).toBe(entryHash(e1.prevHash!, e1));
  });

  it("a rolled-back transaction leaves no entry and no gap in the chain", async () => {
    const before = randomUUID();
    const rolledBack = randomUUID();
    const after = randomUUID();
    await db.transaction((tx) => record(tx, event(before)));
    await expect(
      db.transaction(async (tx) => {
        await record(tx, event(rolledBack));
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    await db.transaction((tx) => record(tx, event(after)));
    expect((await verifyChain(db)).ok).toBe(true);
    expect(await entriesOf([rolledBack])).toHaveLength(0);
    const [b] = await entriesOf([before]);
    const [a] = await entriesOf([after]);
    expect(a.chainSeq!).toBeGreaterThan(b.chainSeq!);
    expect(await contiguous(b.chainSeq!, a.chainSeq!)).toBe(true);
  });

  it("50 transactions recording at once: every entry sealed, the chain verifies, positions contiguous, each transaction's entries in its order", async () => {
    const ids = Array.from({ length: 50 }, () => randomUUID());
    await Promise.all(
      ids.map((id) =>
        db.transaction(async (tx) => {
          for (let n = 0; n < 3; n++) await record(tx, event(id, n));
        }),
      ),
    );
    const result = await verifyChain(db);
    expect(result.ok).toBe(true);
    const rows = await entriesOf(ids);
    expect(rows).toHaveLength(150);
    expect(rows.every((r) => r.chainSeq !== null && r.hash !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.chainSeq)).size).toBe(150);
    const positions = rows.map((r) => r.chainSeq!).sort((x, y) => x - y);
    expect(await contiguous(positions[0], positions[positions.length - 1])).toBe(true);
    for (const id of ids) {
      const mine = rows.filter((r) => r.entityId === id).sort((x, y) => x.seq - y.seq);
      expect(mine.map((r) => (r.data as { n: number }).n)).toEqual([0, 1, 2]);
      expect(mine[0].chainSeq! < mine[1].chainSeq! && mine[1].chainSeq! < mine[2].chainSeq!).toBe(true);
    }
  });
});

describe("sealing", () => {
  it("after a commit it does not wait for a sealer holding the lock; that entry stays pending, is left out of the public check, and a decision seals it before its own anchored entry", async ({ skip }) => {
    if (!onPostgres()) skip();
    const waiting = randomUUID();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Someone holds the chain lock (as a sealer does, for a moment).
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
      locked();
      await held;
    });
    await isLocked;
    let decision: Awaited<ReturnType<typeof recordDecision>> | undefined;
    try {
      const committed = db.transaction((tx) => record(tx, event(waiting)));
      expect(await Promise.race([committed.then(() => "committed" as const), timeout(10_000)])).toBe("committed");
      const [pending] = await entriesOf([waiting]);
      expect(pending).toMatchObject({ chainSeq: null, hash: null, prevHash: null });
      expect(await countPending(db)).toBeGreaterThanOrEqual(1);
      // The public page's check does not wait either, and its head is a sealed entry.
      const check = await Promise.race([new ChainCheckCache().check(db), timeout(10_000)]);
      expect(check).not.toBe("timeout");
      if (check !== "timeout") expect(check.ok).toBe(true);
      // A decision waits for the lock, then seals what is pending and its own entry last.
      const deciding = db.transaction((tx) => recordDecision(tx, { actorUserId: null, action: "call.published", entityType: "call", entityId: randomUUID() }));
      release();
      decision = await deciding;
    } finally {
      release();
      await holder;
    }
    const [sealed] = await entriesOf([waiting]);
    expect(sealed.chainSeq).not.toBeNull();
    expect(decision!.seq).toBeGreaterThan(sealed.chainSeq!);
    const [own] = await db.select().from(auditEntries).where(eq(auditEntries.chainSeq, decision!.seq));
    expect(own).toMatchObject({ action: "call.published", hash: decision!.hash });
    const [anchor] = await db.select().from(auditAnchors).where(eq(auditAnchors.seq, decision!.seq));
    expect(anchor).toMatchObject({ hash: own.hash, entityId: own.entityId });
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("a decision's anchor is its own entry, the head of the chain when it commits", async () => {
    const entityId = randomUUID();
    const head = await db.transaction(async (tx) => {
      await record(tx, event(randomUUID()));
      return recordDecision(tx, { actorUserId: null, action: "call.results_published", entityType: "call", entityId, version: 1 });
    });
    const [own] = await db.select().from(auditEntries).where(and(eq(auditEntries.entityId, entityId), isNotNull(auditEntries.chainSeq)));
    expect(own.chainSeq).toBe(head.seq);
    expect(own.hash).toBe(head.hash);
    const [anchor] = await db.select().from(auditAnchors).where(eq(auditAnchors.seq, head.seq));
    expect(anchor).toMatchObject({ hash: head.hash, action: "call.results_published", entityId, version: 1 });
    expect((await verifyChain(db)).ok).toBe(true);
  });
});

describe("the log stays append-only with sealing", () => {
  /** The error of `attempt` run right after recording a pending entry, in a transaction always rolled back. */
  async function afterPending(on: Db, attempt: (tx: Tx, seq: number) => Promise<unknown>): Promise<unknown> {
    try {
      await on.transaction(async (tx) => {
        const entry = await record(tx, event(randomUUID()));
        await attempt(tx, entry.seq);
        throw new Rollback();
      });
    } catch (error) {
      return error instanceof Rollback ? undefined : error;
    }
    return undefined;
  }

  async function onSealed(on: Db, statement: (seq: number) => ReturnType<typeof sql>): Promise<unknown> {
    await db.transaction((tx) => record(tx, event(randomUUID())));
    await sealPending(db, { wait: true });
    const [last] = await db.select({ seq: auditEntries.seq }).from(auditEntries).where(isNotNull(auditEntries.chainSeq)).orderBy(sql`${auditEntries.chainSeq} desc`).limit(1);
    try {
      await on.transaction(async (tx) => {
        await tx.execute(statement(last.seq));
        throw new Rollback();
      });
    } catch (error) {
      return error instanceof Rollback ? undefined : error;
    }
    return undefined;
  }

  const h = (c: string) => c.repeat(64);

  it("the application cannot seal an entry again (re-hash it)", async () => {
    const error = await onSealed(db, (seq) => sql`update audit_entries set hash = ${h("f")}, prev_hash = ${h("e")} where seq = ${seq}`);
    expect(pgErrorCode(error)).toBe("42501");
    expect(errorText(error)).toMatch(/append-only: UPDATE of sealed entry/);
  });

  it("the application cannot move a sealed entry in the chain", async () => {
    const error = await onSealed(db, (seq) => sql`update audit_entries set chain_seq = chain_seq + 1000000 where seq = ${seq}`);
    expect(pgErrorCode(error)).toBe("42501");
  });

  it("the application cannot change the content of a pending entry", async () => {
    for (const column of ["data", "action", "entity_id", "occurred_at"]) {
      const value = column === "occurred_at" ? sql`now()` : column === "data" ? sql`'{"tampered": true}'::jsonb` : sql`'x'`;
      const error = await afterPending(db, (tx, seq) => tx.execute(sql`update audit_entries set ${sql.identifier(column)} = ${value} where seq = ${seq}`));
      expect(pgErrorCode(error), column).toBe("42501");
    }
  });

  it("the application cannot delete a pending entry", async () => {
    const error = await afterPending(db, (tx, seq) => tx.execute(sql`delete from audit_entries where seq = ${seq}`));
    expect(pgErrorCode(error)).toBe("42501");
  });

  it("even the owner (all privileges) is stopped by the trigger: no content change of a pending entry, no sealing with something that is not a hash", async () => {
    await asOwner(async (owner) => {
      const changed = await afterPending(owner, (tx, seq) => tx.execute(sql`update audit_entries set data = '{"tampered": true}'::jsonb where seq = ${seq}`));
      expect(pgErrorCode(changed)).toBe("42501");
      expect(errorText(changed)).toMatch(/append-only: UPDATE is allowed only to seal/);
      const garbage = await afterPending(owner, (tx, seq) => tx.execute(sql`update audit_entries set chain_seq = 999999999, prev_hash = 'x', hash = 'y' where seq = ${seq}`));
      expect(pgErrorCode(garbage)).toBe("23514");
      const deleted = await afterPending(owner, (tx, seq) => tx.execute(sql`delete from audit_entries where seq = ${seq}`));
      expect(pgErrorCode(deleted)).toBe("42501");
      expect(errorText(deleted)).toMatch(/append-only: DELETE/);
    });
  });

  it("the application role holds UPDATE on the three sealing columns only", async ({ skip }) => {
    const result = await db.execute(sql`select current_user as me, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_entries') as owner`);
    const [row] = (result as unknown as { rows: { me: string; owner: string }[] }).rows;
    if (row.me === row.owner) skip();
    const columns = await db.execute(
      sql`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = 'audit_entries' and has_column_privilege('public.audit_entries', column_name, 'UPDATE') order by column_name`,
    );
    expect((columns as unknown as { rows: { c: string }[] }).rows.map((r) => r.c)).toEqual(["chain_seq", "hash", "prev_hash"]);
  });
});
