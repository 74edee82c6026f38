import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries } from "@/db/schema";
import { asOwner, pgErrorCode, testDb } from "@/test/db";
import { countPending, record, recordDecision, sealPending, verifyChain } from "./index";
import { recordMany } from "./many";

/**
 * What the application role may put into the audit log since entries are sealed after commit
 * (migrations 0015, 0017; db/roles.ts): pending entries' content, nothing else. Before 0017 it
 * could insert a half-sealed row (a hash, no position) that the sealer's UPDATE is refused on,
 * which stopped all sealing and every decision from then on, or a "sealed" row at a position no
 * verifier walks.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

class Rollback extends Error {}

/** The error of a statement run in a transaction that is always rolled back (undefined when it succeeded). */
async function attempt(on: Db, statement: ReturnType<typeof sql>): Promise<unknown> {
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

async function isAppRoleSplit(): Promise<boolean> {
  const result = await db.execute(sql`select current_user as me, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_entries') as owner`);
  const [row] = (result as unknown as { rows: { me: string; owner: string }[] }).rows;
  return row.me !== row.owner;
}

const h = (c: string) => c.repeat(64);
const content = sql`now(), 'user.signed_up', 'user', ${randomUUID()}, '{}'::jsonb`;

describe("the application role inserts pending entries only", () => {
  it("cannot insert a half-sealed entry, a sealed one at any position, or choose an entry's number", async ({ skip }) => {
    if (!(await isAppRoleSplit())) skip();
    const attempts = {
      halfSealed: sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, hash) values (${content}, ${h("b")})`,
      prevOnly: sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, prev_hash) values (${content}, ${h("a")})`,
      outsideTheChain: sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, chain_seq, prev_hash, hash) values (${content}, -5, ${h("a")}, ${h("b")})`,
      atTheHead: sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, chain_seq, prev_hash, hash) values (${content}, 999999999, ${h("a")}, ${h("b")})`,
      ownNumber: sql`insert into audit_entries (seq, occurred_at, action, entity_type, entity_id, data) values (1, ${content})`,
    };
    for (const [name, statement] of Object.entries(attempts)) {
      expect(pgErrorCode(await attempt(db, statement)), name).toBe("42501");
    }
    // The content alone is allowed: that is what record() writes.
    expect(await attempt(db, sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data) values (${content})`)).toBeUndefined();
  });

  it("not even the owner can insert a row the sealer could not seal, or one at a position no verifier walks", async () => {
    await asOwner(async (owner) => {
      const halfSealed = sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, hash) values (${content}, ${h("b")})`;
      const noHashes = sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, chain_seq) values (${content}, 999999999)`;
      const position0 = sql`insert into audit_entries (occurred_at, action, entity_type, entity_id, data, chain_seq, prev_hash, hash) values (${content}, 0, ${h("a")}, ${h("b")})`;
      for (const [name, statement] of Object.entries({ halfSealed, noHashes, position0 })) {
        expect(pgErrorCode(await attempt(owner, statement)), name).toBe("23514");
      }
    });
  });

  it("record(), recordMany() and recordDecision() still write, and everything they write is sealed and verifies", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await db.transaction(async (tx) => {
      await record(tx, { actorUserId: null, action: "user.signed_up", entityType: "user", entityId: ids[0], data: { n: 1 } });
      await recordMany(tx, [
        { actorUserId: null, action: "user.signed_up", entityType: "user", entityId: ids[1] },
        { actorUserId: null, organisationId: null, action: "user.signed_up", entityType: "user", entityId: ids[2], data: { nested: { b: 1, a: [1, "x"] } } },
      ]);
    });
    const anchor = await db.transaction((tx) => recordDecision(tx, { actorUserId: null, action: "call.published", entityType: "call", entityId: ids[3] }));
    await sealPending(db, { wait: true });
    const rows = await db.select().from(auditEntries).where(sql`${auditEntries.entityId} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`).orderBy(auditEntries.seq);
    expect(rows.map((r) => r.entityId)).toEqual(ids);
    expect(rows.every((r) => r.chainSeq !== null && r.hash !== null)).toBe(true);
    const [decision] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, ids[3]));
    expect(decision.chainSeq).toBe(anchor.seq);
    expect(decision.hash).toBe(anchor.hash);
    const verified = await verifyChain(db);
    expect(verified.ok).toBe(true);
    expect(await countPending(db)).toBe(0);
  });
});

describe("the running ballot totals", () => {
  it("are read-only to the application role (only the triggers on ballots and voters, as the owner, write them)", async ({ skip }) => {
    if (!(await isAppRoleSplit())) skip();
    const result = await db.execute(
      sql`select has_table_privilege('public.ballot_totals', 'SELECT') as s, has_table_privilege('public.ballot_totals', 'INSERT') as i,
             has_table_privilege('public.ballot_totals', 'UPDATE') as u, has_table_privilege('public.ballot_totals', 'DELETE') as d,
             has_table_privilege('public.ballot_totals', 'TRUNCATE') as t`,
    );
    expect((result as unknown as { rows: unknown[] }).rows[0]).toEqual({ s: true, i: false, u: false, d: false, t: false });
    for (const statement of [
      sql`update ballot_totals set num = num + 1000`,
      sql`delete from ballot_totals`,
      sql`insert into ballot_totals (proposal_id, call_id, num, den, ballots) select id, call_id, 1000, 1, 1 from proposals limit 1`,
    ]) {
      expect(pgErrorCode(await attempt(db, statement))).toBe("42501");
    }
  });
});
