import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditAnchors, auditEntries, type AuditEntry } from "@/db/schema";
import { now } from "@/lib/clock";
import { noteRecorded } from "./after-commit";
import type { AuditAction } from "./events";

export type { AuditAction } from "./events";
export * from "./anchors";

export type AuditEvent = {
  actorUserId: string | null;
  organisationId?: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
};

const GENESIS = "0".repeat(64);
// Any constant works: it only has to be the same for every writer of the chain.
export const CHAIN_LOCK_KEY = 74_201_2026;

/** JSON with sorted keys, so that the hash does not depend on how jsonb reorders them. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

type HashedFields = {
  occurredAt: Date;
  actorUserId: string | null;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
};

export function entryHash(prevHash: string, e: HashedFields): string {
  const content = canonicalJson({
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    organisationId: e.organisationId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
  });
  return createHash("sha256").update(`${prevHash}\n${content}`).digest("hex");
}

/** The chain's last entry: what an anchor publishes (`seq`: its position in the chain, chain_seq). */
export type ChainHead = { seq: number; hash: string; occurredAt: Date };

/** An entry as record() leaves it: inserted, pending until sealed (`seq`: its insertion number, not yet a chain position). */
export type RecordedEntry = { seq: number; occurredAt: Date };

let auditWritesSkippedForBench = false;

/**
 * BENCH ONLY (issue 13 item 2: ballots/s "with the audit write skipped", beside the same casts
 * with it). While set, record() and recordDecision() write nothing. A module-level flag of
 * this process: no environment variable and no route can set it, and only bench/ may import
 * it (lib/audit/bench-switch.test.ts fails otherwise).
 */
export function setAuditWritesSkippedForBench(skip: boolean): void {
  auditWritesSkippedForBench = skip;
}

function contentOf(event: AuditEvent): HashedFields {
  return {
    occurredAt: now(),
    actorUserId: event.actorUserId,
    organisationId: event.organisationId ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    data: JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>,
  };
}

/**
 * Records one entry in the caller's transaction: it commits or rolls back with the change it
 * records. It is inserted pending (no chain position, no hashes) and takes no lock: the
 * entries are sealed into the chain, in order, right after their transaction commits
 * (sealPending; db.transaction() does it for every transaction that recorded, see
 * ./after-commit.ts) and by every verifier before it reads.
 */
export async function record(tx: Tx, event: AuditEvent): Promise<RecordedEntry> {
  if (auditWritesSkippedForBench) return { seq: 0, occurredAt: now() };
  const f = contentOf(event);
  // The content columns only (drizzle's insert would name every column, `default` for the
  // others): the application role may insert nothing else (db/roles.ts AUDIT_INSERT_COLUMNS).
  const result = (await tx.execute(sql`insert into audit_entries (occurred_at, actor_user_id, organisation_id, action, entity_type, entity_id, data)
    values (${f.occurredAt.toISOString()}::timestamptz, ${f.actorUserId}::uuid, ${f.organisationId}::uuid, ${f.action}, ${f.entityType}, ${f.entityId}, ${JSON.stringify(f.data)}::jsonb)
    returning seq`)) as unknown as { rows: { seq: string | number }[] };
  noteRecorded();
  return { seq: Number(result.rows[0].seq), occurredAt: f.occurredAt };
}

type Head = { chainSeq: number; hash: string };

async function readChainHead(tx: Db | Tx): Promise<Head> {
  const [head] = await tx
    .select({ chainSeq: auditEntries.chainSeq, hash: auditEntries.hash })
    .from(auditEntries)
    .where(isNotNull(auditEntries.chainSeq))
    .orderBy(desc(auditEntries.chainSeq))
    .limit(1);
  return head ? { chainSeq: Number(head.chainSeq), hash: head.hash! } : { chainSeq: 0, hash: GENESIS };
}

/**
 * Seals the given pending entries after `head`, in the order given: chain position, prev_hash
 * and hash (the same hash as ever: entryHash over the stored content). One statement.
 * The caller holds the chain lock.
 */
async function sealRows(tx: Tx, head: Head, rows: AuditEntry[]): Promise<Head> {
  if (rows.length === 0) return head;
  const sealed: { seq: number; cs: number; prev: string; h: string }[] = [];
  let { chainSeq, hash } = head;
  for (const row of rows) {
    const h = entryHash(hash, row);
    chainSeq++;
    sealed.push({ seq: Number(row.seq), cs: chainSeq, prev: hash, h });
    hash = h;
  }
  const result = (await tx.execute(sql`update audit_entries a set chain_seq = v.cs, prev_hash = v.prev, hash = v.h
    from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as v(seq bigint, cs bigint, prev text, h text)
    where a.seq = v.seq and a.chain_seq is null
    returning a.seq`)) as unknown as { rows: unknown[] };
  // An entry sealed meanwhile by anything but a holder of the lock would leave a hole that the
  // next entries link across: refuse (the whole batch rolls back; the next sealer starts again
  // from the real head) rather than chain onto a hash that is not stored.
  if (result.rows.length !== sealed.length) {
    throw new Error(`audit chain: ${sealed.length - result.rows.length} of ${sealed.length} entries were sealed by someone else while the chain lock was held`);
  }
  return { chainSeq, hash };
}

const SEAL_BATCH = 500;
/** Batches sealed in one transaction (one hold of the lock) before it commits and lets others in. */
const SEAL_BATCHES_PER_TX = 10;
/** Transactions one sealPending() call runs at most; what remains waits for the next call. */
const SEAL_ROUNDS = 50;

async function pendingRows(tx: Tx, limit: number, except?: number): Promise<AuditEntry[]> {
  return tx
    .select()
    .from(auditEntries)
    .where(and(isNull(auditEntries.chainSeq), except === undefined ? undefined : ne(auditEntries.seq, except)))
    .orderBy(asc(auditEntries.seq))
    .limit(limit);
}

/** Seals every pending entry this transaction sees (except `except`), batch by batch; returns the new head and how many. */
async function sealVisible(tx: Tx, maxBatches: number, except?: number): Promise<{ head: Head; sealed: number; more: boolean }> {
  let head = await readChainHead(tx);
  let sealed = 0;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await pendingRows(tx, SEAL_BATCH, except);
    head = await sealRows(tx, head, rows);
    sealed += rows.length;
    if (rows.length < SEAL_BATCH) return { head, sealed, more: false };
  }
  return { head, sealed, more: true };
}

export type SealResult = {
  sealed: number;
  /** Committed entries still pending when it returned (0 when another sealer holds the lock: that one seals them). */
  pending: number;
  /** False when `wait: false` found the lock taken: its holder rechecks after releasing it. */
  ran: boolean;
};

/**
 * Seals the committed pending entries into the chain, in the order of their insertion numbers
 * as they are found, under the chain lock: one short transaction that reads the head, the
 * pending entries (batches) and sets their chain position and hashes. Repeats until none is
 * left (bounded).
 *
 * `wait: false` (after a commit): if another sealer holds the lock it returns at once. Its
 * holder looks for pending entries again after releasing the lock, and an entry whose sealer
 * found the lock taken had committed before that release, so it is seen then: no entry is
 * left behind. `wait: true` (verifiers): waits for the lock. `rounds` bounds the transactions
 * (default 50: under a steady stream of writes there is always more). `afterFirstRound` is called once
 * the first round is done and more is pending (what had committed when the call began is sealed
 * then), or when it ends.
 */
type SealOptions = { wait?: boolean; afterFirstRound?: () => void; rounds?: number };

export async function sealPending(db: Db, options: SealOptions = {}): Promise<SealResult> {
  try {
    return await sealRounds(db, options);
  } finally {
    options.afterFirstRound?.();
  }
}

async function sealRounds(db: Db, options: SealOptions): Promise<SealResult> {
  let sealed = 0;
  for (let round = 0; round < (options.rounds ?? SEAL_ROUNDS); round++) {
    const outcome = await db.transaction(async (tx) => {
      if (options.wait) await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
      else if (!(await tryChainLock(tx))) return null;
      return sealVisible(tx, SEAL_BATCHES_PER_TX);
    });
    if (outcome === null) return { sealed, pending: 0, ran: sealed > 0 };
    sealed += outcome.sealed;
    // The lock is released: whatever committed meanwhile (its own sealer found the lock taken) is sealed by the next round.
    const pending = await countPending(db, 1);
    if (pending === 0) return { sealed, pending: 0, ran: true };
    // What had committed before the first round began is sealed: the rest is others' (a stream of writes).
    if (round === 0) options.afterFirstRound?.();
  }
  return { sealed, pending: await countPending(db), ran: true };
}

async function tryChainLock(tx: Tx): Promise<boolean> {
  const result = (await tx.execute(sql`select pg_try_advisory_xact_lock(${CHAIN_LOCK_KEY}) as ok`)) as unknown as { rows: { ok: boolean }[] };
  return result.rows[0].ok === true;
}

/** Committed entries not yet sealed (counting stops at `limit`, when given). */
export async function countPending(db: Db | Tx, limit?: number): Promise<number> {
  if (limit !== undefined) {
    return (await db.select({ seq: auditEntries.seq }).from(auditEntries).where(isNull(auditEntries.chainSeq)).limit(limit)).length;
  }
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(isNull(auditEntries.chainSeq));
  return Number(n);
}

/** A transaction handle rather than the database: verifiers reading inside one cannot seal (sealing commits). */
export function isTransaction(db: Db | Tx): db is Tx {
  return typeof (db as { rollback?: unknown }).rollback === "function";
}

/**
 * Records a public decision (a call published, results published or corrected) and keeps
 * the chain head it produced as the decision's anchor, shown on its public page. Call it
 * last in the transaction: it takes the chain lock (held until commit; decisions are rare),
 * seals every pending entry it sees and then its own, so its entry is the head of the chain
 * when the decision commits and the anchor is that entry.
 */
export async function recordDecision(tx: Tx, event: AuditEvent & { version?: number }): Promise<ChainHead> {
  if (auditWritesSkippedForBench) return { seq: 0, hash: GENESIS, occurredAt: now() };
  const own = await record(tx, event);
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
  let { head, more } = await sealVisible(tx, SEAL_BATCHES_PER_TX, own.seq);
  while (more) ({ head, more } = await sealVisible(tx, SEAL_BATCHES_PER_TX, own.seq));
  const [mine] = await tx.select().from(auditEntries).where(eq(auditEntries.seq, own.seq));
  head = await sealRows(tx, head, [mine]);
  await tx.insert(auditAnchors).values({
    seq: head.chainSeq,
    hash: head.hash,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    version: event.version ?? null,
    publishedAt: own.occurredAt,
  });
  return { seq: head.chainSeq, hash: head.hash, occurredAt: own.occurredAt };
}

export type VerifyResult =
  | { ok: true; count: number; pending: number }
  | { ok: false; count: number; pending: number; brokenAt: number; reason: "prev_hash_mismatch" | "hash_mismatch" };

/**
 * Walks the whole chain in order of position (chain_seq) and reports the first broken link,
 * and how many committed entries are still pending (not yet in the chain). Given the database
 * (not a transaction), it first seals what is pending, waiting for the chain lock.
 */
export async function verifyChain(db: Db | Tx, batchSize = 1000): Promise<VerifyResult> {
  // A few rounds: under a steady stream of writes there is always more, counted as pending below.
  if (!isTransaction(db)) await sealPending(db, { wait: true, rounds: 3 });
  let prevHash = GENESIS;
  let lastPos = 0;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(gt(auditEntries.chainSeq, lastPos))
      .orderBy(asc(auditEntries.chainSeq))
      .limit(batchSize);
    if (rows.length === 0) return { ok: true, count, pending: await countPending(db) };
    for (const row of rows) {
      const pos = Number(row.chainSeq);
      if (row.prevHash !== prevHash) return { ok: false, count, pending: await countPending(db), brokenAt: pos, reason: "prev_hash_mismatch" };
      if (entryHash(prevHash, row) !== row.hash) return { ok: false, count, pending: await countPending(db), brokenAt: pos, reason: "hash_mismatch" };
      prevHash = row.hash;
      lastPos = pos;
      count++;
    }
  }
}
