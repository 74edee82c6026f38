import { randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import { inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { auditAnchors, auditEntries } from "@/db/schema";
import { testDb } from "@/test/db";
import { sealAfterCommit } from "./after-commit";
import { record, recordDecision, sealPending, verifyChain, type AuditEvent } from "./index";

/**
 * Several server processes seal one chain (issue 13 item 5): each has its own pool and its
 * own in-process sealer, and they meet only at the chain's lock in PostgreSQL. Real
 * concurrency, so PostgreSQL only (PGlite has one connection).
 */

const PROCESSES = 4;
const TX_PER_PROCESS = 30;

let db: Db;
const pools: pg.Pool[] = [];
const handles: Db[] = [];

beforeAll(async () => {
  db = await testDb();
  if (currentDriver() !== "pg") return;
  for (let i = 0; i < PROCESSES; i++) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 6 });
    pools.push(pool);
    handles.push(sealAfterCommit(drizzle(pool, { schema }) as unknown as Db));
  }
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

const event = (entityId: string, n: number): AuditEvent => ({ actorUserId: null, action: "user.signed_up", entityType: "user", entityId, data: { n } });

describe("parallel sealers in several processes", () => {
  it("never fork the chain: every entry sealed once, positions contiguous, no two entries on the same predecessor, decisions anchored at their own entry", async ({ skip }) => {
    if (currentDriver() !== "pg") skip();
    const ids: string[] = [];
    const decisions: { id: string; before: string; anchor: Promise<{ seq: number; hash: string }> }[] = [];
    const work: Promise<unknown>[] = [];
    for (let p = 0; p < PROCESSES; p++) {
      const h = handles[p];
      for (let t = 0; t < TX_PER_PROCESS; t++) {
        const a = randomUUID();
        const b = randomUUID();
        ids.push(a, b);
        work.push(
          h.transaction(async (tx) => {
            await record(tx, event(a, 1));
            await record(tx, event(b, 2));
          }),
        );
        // Verifiers seal too, waiting for the lock.
        if (t % 10 === 5) work.push(sealPending(h, { wait: true }));
        // Now and then a decision: it takes the lock in its transaction and seals what it sees.
        if (t % 15 === 7) {
          const id = randomUUID();
          const before = randomUUID();
          ids.push(before, id);
          const anchor = h.transaction(async (tx) => {
            await record(tx, event(before, 0));
            return recordDecision(tx, { actorUserId: null, action: "call.published", entityType: "call", entityId: id });
          });
          decisions.push({ id, before, anchor });
          work.push(anchor);
        }
      }
    }
    // No deadlock and no error: every transaction and sealer ends.
    const settled = await Promise.allSettled(work);
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    await sealPending(db, { wait: true });

    const rows = await db.select().from(auditEntries).where(inArray(auditEntries.entityId, ids));
    expect(rows).toHaveLength(ids.length);
    expect(rows.filter((r) => r.chainSeq === null)).toEqual([]);
    const positions = rows.map((r) => Number(r.chainSeq));
    const lo = Math.min(...positions);
    const hi = Math.max(...positions);
    // Between the first and the last of them: every position taken once, each entry on the one before.
    const span = await db
      .select({ chainSeq: auditEntries.chainSeq, prevHash: auditEntries.prevHash, hash: auditEntries.hash })
      .from(auditEntries)
      .where(sql`${auditEntries.chainSeq} between ${lo - 1} and ${hi}`)
      .orderBy(auditEntries.chainSeq);
    expect(span.map((r) => Number(r.chainSeq))).toEqual(Array.from({ length: span.length }, (_, i) => span[0].chainSeq! + i));
    expect(span.length).toBe(hi - lo + (lo > 1 ? 2 : 1));
    for (let i = 1; i < span.length; i++) expect(span[i].prevHash).toBe(span[i - 1].hash);
    const forks = await db.execute(sql`select prev_hash, count(*)::int as n from audit_entries where prev_hash is not null group by prev_hash having count(*) > 1`);
    expect((forks as unknown as { rows: unknown[] }).rows).toEqual([]);

    const byEntity = new Map(rows.map((r) => [r.entityId, r]));
    for (const d of decisions) {
      const anchor = await d.anchor;
      const own = byEntity.get(d.id)!;
      expect(Number(own.chainSeq)).toBe(anchor.seq);
      expect(own.hash).toBe(anchor.hash);
      // What its transaction recorded before it is earlier in the chain.
      expect(Number(byEntity.get(d.before)!.chainSeq)).toBeLessThan(anchor.seq);
      const [kept] = await db.select().from(auditAnchors).where(sql`${auditAnchors.seq} = ${anchor.seq}`);
      expect(kept.hash).toBe(anchor.hash);
    }
    expect((await verifyChain(db)).ok).toBe(true);
  }, 120_000);
});
