import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditAnchors, auditEntries, calls, coalitions } from "@/db/schema";
import { compareAnchors, type Anchor, type AnchorFinding } from "./anchors";
import { verifyChain, type VerifyResult } from "./index";

export type PublishedAnchor = {
  seq: number;
  hash: string;
  action: string;
  entityType: string;
  entityId: string;
  version: number | null;
  publishedAt: Date;
};

const anchorColumns = {
  seq: auditAnchors.seq,
  hash: auditAnchors.hash,
  action: auditAnchors.action,
  entityType: auditAnchors.entityType,
  entityId: auditAnchors.entityId,
  version: auditAnchors.version,
  publishedAt: auditAnchors.publishedAt,
};

/** The anchors published with one entity's decisions, oldest first (a call: its publication, then each results version). */
export async function listAnchorsFor(db: Db | Tx, entity: { entityType: string; entityId: string }): Promise<PublishedAnchor[]> {
  return db
    .select(anchorColumns)
    .from(auditAnchors)
    .where(and(eq(auditAnchors.entityType, entity.entityType), eq(auditAnchors.entityId, entity.entityId)))
    .orderBy(asc(auditAnchors.seq));
}

/**
 * Every published anchor with the public page that shows it. Anchors exist only for
 * decisions that were made public, so nothing here is private.
 */
export async function listPublishedAnchors(db: Db | Tx): Promise<(PublishedAnchor & { page: string | null })[]> {
  const rows = await db
    .select({ ...anchorColumns, coalitionSlug: coalitions.slug })
    .from(auditAnchors)
    .leftJoin(calls, and(eq(auditAnchors.entityType, "call"), eq(sql`${calls.id}::text`, auditAnchors.entityId)))
    .leftJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .orderBy(asc(auditAnchors.seq));
  return rows.map(({ coalitionSlug, ...a }) => ({ ...a, page: pageOf(a, coalitionSlug) }));
}

function pageOf(a: PublishedAnchor, coalitionSlug: string | null): string | null {
  if (a.entityType !== "call") return null;
  if (a.action === "call.published") return coalitionSlug ? `/coalitions/${coalitionSlug}/calls/${a.entityId}` : null;
  return `/calls/${a.entityId}/results`;
}

/** Holds the given anchors against the chain as it is now. */
export async function checkAnchors(db: Db | Tx, anchors: readonly Anchor[]): Promise<AnchorFinding[]> {
  if (anchors.length === 0) return [];
  // Anchors name chain positions (chain_seq), not insertion numbers.
  const [{ end }] = await db.select({ end: sql<string | null>`max(${auditEntries.chainSeq})` }).from(auditEntries);
  const hashes = new Map<number, string>();
  const seqs = [...new Set(anchors.map((a) => a.seq))];
  for (let i = 0; i < seqs.length; i += 1000) {
    const rows = await db
      .select({ seq: auditEntries.chainSeq, hash: auditEntries.hash })
      .from(auditEntries)
      .where(inArray(auditEntries.chainSeq, seqs.slice(i, i + 1000)));
    for (const row of rows) if (row.hash !== null) hashes.set(Number(row.seq), row.hash);
  }
  return compareAnchors(anchors, { endSeq: end === null ? null : Number(end), hashAt: (seq) => hashes.get(seq) });
}

export type AnchoredVerification = {
  ok: boolean;
  chain: VerifyResult;
  /** How many anchors were checked, the ones stored beside the log included. */
  anchorsChecked: number;
  findings: AnchorFinding[];
};

/**
 * The whole check: the chain links up, and neither the anchors stored with the decisions
 * nor the ones given (kept elsewhere: files, public pages) contradict it. Given the database
 * (not a transaction), what is pending is sealed first (verifyChain).
 */
export async function verifyWithAnchors(db: Db | Tx, given: readonly Anchor[]): Promise<AnchoredVerification> {
  const chain = await verifyChain(db);
  const stored = (await db.select({ seq: auditAnchors.seq, hash: auditAnchors.hash }).from(auditAnchors).orderBy(asc(auditAnchors.seq))).map((a) => ({
    seq: Number(a.seq),
    hash: a.hash,
    source: "audit_anchors",
  }));
  const anchors = [...stored, ...given];
  const findings = await checkAnchors(db, anchors);
  return { ok: chain.ok && findings.length === 0, chain, anchorsChecked: anchors.length, findings };
}
