import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained log. An entry is inserted in the transaction of the change it
 * records, pending (chain_seq, prev_hash and hash null), and sealed into the chain right
 * after commit (lib/audit sealPending: chain_seq is its position in the chain). A trigger
 * (migrations 0001, 0015) refuses DELETE, TRUNCATE and every UPDATE but that one sealing
 * of a pending entry, and the application's database role holds only INSERT, SELECT and
 * UPDATE of the three sealing columns (db/roles.ts), so history cannot be rewritten
 * through the application.
 */
export const auditEntries = pgTable(
  "audit_entries",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id"),
    organisationId: uuid("organisation_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** Position in the chain (1, 2, …), set when sealed; `seq` is the order of insertion, not of commit. */
    chainSeq: bigint("chain_seq", { mode: "number" }),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    unique("audit_entries_chain_seq_key").on(t.chainSeq),
    // Pending (none of the three) or sealed (all three, at a position from 1): never half, so no
    // row can be inserted that the sealer could not seal (migration 0017).
    check(
      "audit_entries_sealed_whole",
      sql`(${t.chainSeq} is null and ${t.prevHash} is null and ${t.hash} is null) or (${t.chainSeq} >= 1 and ${t.prevHash} is not null and ${t.hash} is not null)`,
    ),
    // The entries still to seal, found without scanning the log.
    index("audit_entries_pending_idx").on(t.seq).where(sql`chain_seq is null`),
    index("audit_entries_entity_idx").on(t.entityType, t.entityId),
    // The admin log filters by action, actor or organisation and pages by seq (issue 12).
    index("audit_entries_action_seq_idx").on(t.action, t.seq),
    index("audit_entries_actor_seq_idx").on(t.actorUserId, t.seq),
    index("audit_entries_organisation_seq_idx").on(t.organisationId, t.seq),
    index("audit_entries_occurred_idx").on(t.occurredAt),
  ],
);

/**
 * The chain head as it was published with a public decision (a call published, results
 * published or corrected): a copy taken in the decision's own transaction and never
 * changed (append-only like the log). Pages show it from here, not from the log, so what
 * they show is what was published then; anyone who kept a copy can hold the log to it.
 */
export const auditAnchors = pgTable(
  "audit_anchors",
  {
    /** The anchored entry's position in the chain (audit_entries.chain_seq). */
    seq: bigint("seq", { mode: "number" })
      .primaryKey()
      .references(() => auditEntries.chainSeq),
    hash: text("hash").notNull(),
    /** The decision: the action of the audit entry at chain position `seq`. */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** For decisions that can be corrected (results): the version this anchor publishes. */
    version: integer("version"),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("audit_anchors_entity_idx").on(t.entityType, t.entityId)],
);

export type AuditEntry = typeof auditEntries.$inferSelect;
export type AuditAnchor = typeof auditAnchors.$inferSelect;
