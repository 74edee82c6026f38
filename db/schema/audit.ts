import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained log. A trigger (migration 0001) refuses UPDATE,
 * DELETE and TRUNCATE, and the application's database role holds only INSERT and
 * SELECT on it (db/roles.ts), so history cannot be rewritten through the application.
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
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
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
    seq: bigint("seq", { mode: "number" })
      .primaryKey()
      .references(() => auditEntries.seq),
    hash: text("hash").notNull(),
    /** The decision: the action of the audit entry at `seq`. */
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
