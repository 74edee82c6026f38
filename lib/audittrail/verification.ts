import { asc, desc, eq, gt, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditAnchors, auditEntries } from "@/db/schema";
import { entryHash, isTransaction, type Anchor, type AnchorFinding } from "@/lib/audit";
import { sealSoon } from "@/lib/audit/after-commit";
import { checkAnchors } from "@/lib/audit/queries";
import { now } from "@/lib/clock";

const GENESIS = "0".repeat(64);

export type ChainCheck = {
  ok: boolean;
  /** The chain's last entry when checked (`seq`: its chain position; null: an empty chain). */
  head: { seq: number; hash: string } | null;
  /** Entries known to link up, from the first. */
  count: number;
  /** The first broken link, if any. */
  broken: { seq: number; reason: "prev_hash_mismatch" | "hash_mismatch" } | null;
  anchorsChecked: number;
  findings: AnchorFinding[];
  checkedAt: Date;
  /** Entries hashed by this check (all of them on a full check, the new ones on an incremental one). */
  hashed: number;
  incremental: boolean;
};

type Good = { seq: number; hash: string; count: number; fullAt: number };

/**
 * A bounded cache of chain checks, keyed by the chain head. A page view reads the head (one
 * row by the primary key) and, if this head was checked less than `maxAgeMs` ago, shows that
 * result. When the head has moved, only the entries after the last verified one are hashed
 * (after making sure that entry still has its hash); every `maxAgeMs` the whole chain is
 * hashed again from the first entry, so a rewrite of an old entry that keeps the head cannot
 * hide for longer than that. The published anchors are checked on every new head.
 */
export class ChainCheckCache {
  private results = new Map<string, { at: number; promise: Promise<ChainCheck> }>();
  private good: Good | null = null;
  constructor(
    readonly maxAgeMs = 10 * 60_000,
    readonly maxEntries = 16,
  ) {}

  async check(db: Db | Tx): Promise<ChainCheck> {
    // What committed is sealed first (without waiting: a sealer holding the lock seals it anyway).
    if (!isTransaction(db)) await sealSoon(db);
    const head = await readHead(db);
    const key = head ? `${head.seq}:${head.hash}` : "empty";
    const t = now().getTime();
    const hit = this.results.get(key);
    if (hit && t - hit.at < this.maxAgeMs) return hit.promise;
    const promise = this.compute(db, head, t);
    this.results.set(key, { at: t, promise });
    while (this.results.size > this.maxEntries) this.results.delete(this.results.keys().next().value!);
    promise.catch(() => this.results.delete(key));
    return promise;
  }

  private async compute(db: Db | Tx, head: { seq: number; hash: string } | null, t: number): Promise<ChainCheck> {
    let start: Good | null = null;
    const g = this.good;
    if (g && head && head.seq >= g.seq && t - g.fullAt < this.maxAgeMs) {
      const [still] = await db.select({ hash: auditEntries.hash }).from(auditEntries).where(eq(auditEntries.chainSeq, g.seq));
      if (still?.hash === g.hash) start = g;
    }
    const walk = await walkChain(db, start ? { seq: start.seq, hash: start.hash, count: start.count } : { seq: 0, hash: GENESIS, count: 0 });
    const stored: Anchor[] = (await db.select({ seq: auditAnchors.seq, hash: auditAnchors.hash }).from(auditAnchors).orderBy(asc(auditAnchors.seq))).map((a) => ({
      seq: Number(a.seq),
      hash: a.hash,
      source: "audit_anchors",
    }));
    const findings = await checkAnchors(db, stored);
    const ok = walk.broken === null && findings.length === 0;
    if (walk.broken === null) this.good = { seq: walk.lastSeq, hash: walk.lastHash, count: walk.count, fullAt: start ? start.fullAt : t };
    else this.good = null;
    return {
      ok,
      head,
      count: walk.count,
      broken: walk.broken,
      anchorsChecked: stored.length,
      findings,
      checkedAt: new Date(t),
      hashed: walk.hashed,
      incremental: start !== null,
    };
  }
}

async function readHead(db: Db | Tx): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db
    .select({ seq: auditEntries.chainSeq, hash: auditEntries.hash })
    .from(auditEntries)
    .where(isNotNull(auditEntries.chainSeq))
    .orderBy(desc(auditEntries.chainSeq))
    .limit(1);
  return row ? { seq: Number(row.seq), hash: row.hash! } : null;
}

/** Walks the chain in order of position from after `from`, in keyset batches, stopping at the first broken link. */
async function walkChain(db: Db | Tx, from: { seq: number; hash: string; count: number }, batchSize = 2000) {
  let prevHash = from.hash;
  let lastSeq = from.seq;
  let count = from.count;
  let hashed = 0;
  for (;;) {
    const rows = await db.select().from(auditEntries).where(gt(auditEntries.chainSeq, lastSeq)).orderBy(asc(auditEntries.chainSeq)).limit(batchSize);
    if (rows.length === 0) return { broken: null, lastSeq, lastHash: prevHash, count, hashed };
    for (const row of rows) {
      hashed++;
      const pos = Number(row.chainSeq);
      if (row.prevHash !== prevHash) return { broken: { seq: pos, reason: "prev_hash_mismatch" as const }, lastSeq, lastHash: prevHash, count, hashed };
      if (entryHash(prevHash, row) !== row.hash) return { broken: { seq: pos, reason: "hash_mismatch" as const }, lastSeq, lastHash: prevHash, count, hashed };
      prevHash = row.hash;
      lastSeq = pos;
      count++;
    }
  }
}

/** The process's cache: what the public pages show. */
export const publicChainChecks = new ChainCheckCache();
