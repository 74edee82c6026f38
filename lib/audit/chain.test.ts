import { asc, eq, gt, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db } from "@/db/client";
import { auditEntries } from "@/db/schema";
import { asOwner, countRows, errorText, pgErrorCode, testDb } from "@/test/db";
import { createOrganisation, createUser, randomUUID } from "@/test/factories";
import { entryHash, record, sealPending, verifyChain } from "./index";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

class Rollback extends Error {}

/** Runs fn in a transaction (on `on`, the application's handle by default) that is always rolled back, so nothing it does survives. */
async function inRolledBackTransaction<T>(fn: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => Promise<T>, on: Db = db): Promise<T> {
  let out: T | undefined;
  await expect(
    on.transaction(async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  return out as T;
}

/** The first entry about an entity, sealed (in the chain). */
async function entryFor(entityId: string) {
  await sealPending(db, { wait: true });
  const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, entityId)).orderBy(asc(auditEntries.seq)).limit(1);
  return entry;
}

describe("the audit chain", () => {
  it("links every entry to the one before and verifies as a whole", async () => {
    const org = await createOrganisation(db, { verified: true });
    const result = await verifyChain(db);
    expect(result.ok).toBe(true);
    const entries = await countRows(db, "audit_entries");
    if (currentDriver() === "pglite") {
      // This file's own database: the count is exact.
      expect(result.count).toBe(entries);
    } else {
      // Shared with other test files writing concurrently.
      expect(result.count).toBeGreaterThanOrEqual(4);
    }
    const created = await entryFor(org.organisationId);
    const [previous] = await db.select().from(auditEntries).where(eq(auditEntries.chainSeq, created.chainSeq! - 1));
    if (previous) expect(created.prevHash).toBe(previous.hash);
    expect(created.hash).toBe(entryHash(created.prevHash!, created));
  });

  it("verifies in small batches too", async () => {
    await createUser(db);
    await createUser(db);
    const result = await verifyChain(db, 2);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(2);
  });

  it("an entry written in a transaction that rolls back leaves no trace", async () => {
    const entityId = randomUUID();
    await inRolledBackTransaction(async (tx) => {
      await record(tx, { actorUserId: null, action: "user.signed_up", entityType: "user", entityId });
    });
    expect(await db.select().from(auditEntries).where(eq(auditEntries.entityId, entityId))).toHaveLength(0);
    expect((await verifyChain(db)).ok).toBe(true);
  });
});

describe("append-only", () => {
  // Each attempt runs inside a transaction that is rolled back in any case, so a
  // missing guard makes the test fail without damaging the shared chain.
  async function attempt(statement: ReturnType<typeof sql>, on: Db = db): Promise<unknown> {
    try {
      await on.transaction(async (tx) => {
        await tx.execute(statement);
        throw new Rollback();
      });
    } catch (error) {
      return error instanceof Rollback ? undefined : error;
    }
    return undefined;
  }

  // The application's role lacks the privilege (db/roles.ts) and the trigger stands behind
  // it; with a single role (no DATABASE_OWNER_URL) only the trigger answers.
  const refused = /append-only: (UPDATE|DELETE|TRUNCATE)|permission denied for table audit_(entries|anchors)/;

  it("the database refuses UPDATE", async () => {
    const { actor } = await createUser(db);
    const entry = await entryFor(actor.userId);
    const error = await attempt(sql`update audit_entries set data = '{"tampered": true}'::jsonb where seq = ${entry.seq}`);
    expect(error, "UPDATE must be refused").toBeDefined();
    expect(pgErrorCode(error)).toBe("42501");
    expect(errorText(error)).toMatch(refused);
  });

  it("the database refuses DELETE", async () => {
    const { actor } = await createUser(db);
    const entry = await entryFor(actor.userId);
    const error = await attempt(sql`delete from audit_entries where seq = ${entry.seq}`);
    expect(error, "DELETE must be refused").toBeDefined();
    expect(pgErrorCode(error)).toBe("42501");
    expect(errorText(error)).toMatch(refused);
  });

  it("the database refuses TRUNCATE", async () => {
    await createUser(db);
    // Both tables: audit_entries alone is already refused by the anchors' foreign key.
    const error = await attempt(sql`truncate audit_anchors, audit_entries`);
    expect(error, "TRUNCATE must be refused").toBeDefined();
    expect(pgErrorCode(error)).toBe("42501");
    expect(errorText(error)).toMatch(refused);
  });

  it("the trigger refuses the owner too, until the owner disables it", async () => {
    const { actor } = await createUser(db);
    const entry = await entryFor(actor.userId);
    await asOwner(async (owner) => {
      for (const [op, statement] of [
        ["UPDATE", sql`update audit_entries set data = '{"tampered": true}'::jsonb where seq = ${entry.seq}`],
        ["DELETE", sql`delete from audit_entries where seq = ${entry.seq}`],
        ["TRUNCATE", sql`truncate audit_anchors, audit_entries`],
      ] as const) {
        const error = await attempt(statement, owner);
        expect(pgErrorCode(error), op).toBe("42501");
        expect(errorText(error)).toMatch(new RegExp(`append-only: ${op}`));
      }
    });
  });

  it("the application's own query builder is refused as well", async () => {
    const { actor } = await createUser(db);
    const entry = await entryFor(actor.userId);
    let error: unknown;
    try {
      await db.transaction(async (tx) => {
        await tx.update(auditEntries).set({ action: "user.platform_admin_granted" }).where(eq(auditEntries.seq, entry.seq));
        throw new Rollback();
      });
    } catch (e) {
      error = e;
    }
    expect(pgErrorCode(error)).toBe("42501");
    expect((await entryFor(actor.userId)).action).toBe("user.signed_up");
  });
});

describe("tampering is detected", () => {
  // Only the owner can disable the trigger, and only inside a transaction that is rolled
  // back: nobody else (other test files sharing the database) ever sees the tampered rows.
  async function tamperAndVerify(tamper: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => Promise<unknown>) {
    return asOwner((owner) =>
      inRolledBackTransaction(async (tx) => {
        await tx.execute(sql`alter table audit_entries disable trigger audit_entries_no_update_delete`);
        await tamper(tx);
        return verifyChain(tx);
      }, owner),
    );
  }

  it("a changed field breaks the entry's hash", async () => {
    const { actor } = await createUser(db);
    const entry = await entryFor(actor.userId);
    const result = await tamperAndVerify((tx) => tx.execute(sql`update audit_entries set data = '{"name": "Mallory"}'::jsonb where seq = ${entry.seq}`));
    expect(result).toMatchObject({ ok: false, brokenAt: entry.chainSeq, reason: "hash_mismatch" });
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("a recomputed hash breaks the link to the next entry", async () => {
    const { actor } = await createUser(db);
    await createUser(db);
    const entry = await entryFor(actor.userId);
    const result = await tamperAndVerify(async (tx) => {
      const forged = { ...entry, data: { name: "Mallory" } };
      const hash = entryHash(entry.prevHash!, forged);
      await tx.update(auditEntries).set({ data: forged.data, hash }).where(eq(auditEntries.seq, entry.seq));
    });
    const [next] = await db.select().from(auditEntries).where(gt(auditEntries.chainSeq, entry.chainSeq!)).orderBy(asc(auditEntries.chainSeq)).limit(1);
    expect(result).toMatchObject({ ok: false, brokenAt: next.chainSeq, reason: "prev_hash_mismatch" });
  });

  it("a deleted entry breaks the chain", async () => {
    const { actor } = await createUser(db);
    await createUser(db);
    const entry = await entryFor(actor.userId);
    const [next] = await db.select().from(auditEntries).where(gt(auditEntries.chainSeq, entry.chainSeq!)).orderBy(asc(auditEntries.chainSeq)).limit(1);
    const result = await tamperAndVerify((tx) => tx.execute(sql`delete from audit_entries where seq = ${entry.seq}`));
    expect(result).toMatchObject({ ok: false, brokenAt: next.chainSeq, reason: "prev_hash_mismatch" });
    // Rolled back: the entry is still there and the chain is whole.
    expect((await entryFor(actor.userId)).seq).toBe(entry.seq);
    expect((await verifyChain(db)).ok).toBe(true);
  });
});
