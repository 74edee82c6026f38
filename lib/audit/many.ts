import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { now } from "@/lib/clock";
import { record, type AuditEvent } from "./index";

/**
 * Records many entries in the caller's transaction, in order, in two statements whatever
 * their number: the first goes through record() (which marks the transaction for sealing after
 * commit, and honours the bench-only switch), the others are inserted pending after it by ONE
 * INSERT … SELECT from a single JSON parameter (no bind parameter per row; the content columns
 * only, as record() writes them), their sequence numbers given in the list's order. They are
 * sealed into the chain with the first, in `seq` order, so the log holds the same entries in
 * the same order as one record() per event would have written.
 *
 * Used where one decision writes an entry per row it touches (results publication: one per
 * proposal decided and per grant made), which would otherwise cost a statement per entry.
 */
export async function recordMany(tx: Tx, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const first = await record(tx, events[0]);
  // The bench-only switch (audit writes skipped) left nothing: neither does the rest.
  if (events.length === 1 || !first.seq) return;
  const occurredAt = now().toISOString();
  const rows = events.slice(1).map((event, i) => ({
    i,
    occurred_at: occurredAt,
    actor_user_id: event.actorUserId,
    organisation_id: event.organisationId ?? null,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    data: JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>,
  }));
  await tx.execute(sql`
    insert into audit_entries (occurred_at, actor_user_id, organisation_id, action, entity_type, entity_id, data)
    select r.occurred_at, r.actor_user_id, r.organisation_id, r.action, r.entity_type, r.entity_id, r.data
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
      i int, occurred_at timestamptz, actor_user_id uuid, organisation_id uuid, action text, entity_type text, entity_id text, data jsonb)
    order by r.i`);
}
