import { createHash } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditAnchors, auditEntries } from "@/db/schema";
import { now } from "@/lib/clock";
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
const CHAIN_LOCK_KEY = 74_201_2026;

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

/** The chain's last entry: what an anchor publishes. */
export type ChainHead = { seq: number; hash: string; occurredAt: Date };

/**
 * Appends one entry to the chain inside the caller's transaction and returns it as the
 * new head. A transaction-level advisory lock serialises writers so the chain never forks.
 */
export async function record(tx: Tx, event: AuditEvent): Promise<ChainHead> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
  const [last] = await tx
    .select({ hash: auditEntries.hash })
    .from(auditEntries)
    .orderBy(desc(auditEntries.seq))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS;
  const fields: HashedFields = {
    occurredAt: now(),
    actorUserId: event.actorUserId,
    organisationId: event.organisationId ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    data: JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>,
  };
  const [row] = await tx
    .insert(auditEntries)
    .values({ ...fields, prevHash, hash: entryHash(prevHash, fields) })
    .returning({ seq: auditEntries.seq, hash: auditEntries.hash });
  return { seq: row.seq, hash: row.hash, occurredAt: fields.occurredAt };
}

/**
 * Records a public decision (a call published, results published or corrected) and keeps
 * the chain head it produced as the decision's anchor, shown on its public page. Call it
 * last in the transaction: the anchor is the head at the moment the decision commits.
 */
export async function recordDecision(tx: Tx, event: AuditEvent & { version?: number }): Promise<ChainHead> {
  const head = await record(tx, event);
  await tx.insert(auditAnchors).values({
    seq: head.seq,
    hash: head.hash,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    version: event.version ?? null,
    publishedAt: head.occurredAt,
  });
  return head;
}

export type VerifyResult =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; reason: "prev_hash_mismatch" | "hash_mismatch" };

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyChain(db: Db | Tx, batchSize = 1000): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(gt(auditEntries.seq, lastSeq))
      .orderBy(asc(auditEntries.seq))
      .limit(batchSize);
    if (rows.length === 0) return { ok: true, count };
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, count, brokenAt: row.seq, reason: "prev_hash_mismatch" };
      if (entryHash(prevHash, row) !== row.hash) return { ok: false, count, brokenAt: row.seq, reason: "hash_mismatch" };
      prevHash = row.hash;
      lastSeq = row.seq;
      count++;
    }
  }
}
