import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { now } from "@/lib/clock";
import { entryHash, record, type AuditEvent } from "./index";

/**
 * Records many entries in the caller's transaction, in order, in two statements whatever
 * their number: the first goes through record() (whatever the chain's design does for one
 * entry — its lock, its pending mark for sealing after commit, the bench switch), the others
 * are written after it by ONE INSERT … SELECT from a single JSON parameter (no bind parameter
 * per row), their sequence numbers given in the list's order, so the log holds the same
 * entries in the same order as one record() per event would have written.
 *
 * When record() hands back the chain head (the entry hashed in the transaction, under the
 * chain's lock, which it holds until commit), the others are hashed here, each on the one
 * before. When it hands back a pending entry (no hash: entries are sealed into the chain after
 * commit, in the order of `seq`), the others are inserted pending too and sealed with it.
 *
 * Used where one decision writes an entry per row it touches (results publication: one per
 * proposal decided and per grant made), which would otherwise cost statements per entry.
 */
export async function recordMany(tx: Tx, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const first: { seq: number; occurredAt: Date; hash?: string } = await record(tx, events[0]);
  // The bench-only switch (audit writes skipped) left nothing: neither does the rest.
  if (events.length === 1 || !first.seq) return;
  const occurredAt = now();
  let prevHash = first.hash ?? null;
  const rows = events.slice(1).map((event, i) => {
    const fields = {
      occurredAt,
      actorUserId: event.actorUserId,
      organisationId: event.organisationId ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      data: JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>,
    };
    const row = {
      i,
      occurred_at: occurredAt.toISOString(),
      actor_user_id: fields.actorUserId,
      organisation_id: fields.organisationId,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      data: fields.data,
      prev_hash: prevHash,
      hash: null as string | null,
    };
    if (prevHash !== null) {
      row.hash = entryHash(prevHash, fields);
      prevHash = row.hash;
    }
    return row;
  });
  const json = JSON.stringify(rows);
  if (first.hash !== undefined) {
    await tx.execute(sql`
      insert into audit_entries (occurred_at, actor_user_id, organisation_id, action, entity_type, entity_id, data, prev_hash, hash)
      select r.occurred_at, r.actor_user_id, r.organisation_id, r.action, r.entity_type, r.entity_id, r.data, r.prev_hash, r.hash
      from jsonb_to_recordset(${json}::jsonb) as r(
        i int, occurred_at timestamptz, actor_user_id uuid, organisation_id uuid, action text, entity_type text, entity_id text, data jsonb, prev_hash text, hash text)
      order by r.i`);
  } else {
    await tx.execute(sql`
      insert into audit_entries (occurred_at, actor_user_id, organisation_id, action, entity_type, entity_id, data)
      select r.occurred_at, r.actor_user_id, r.organisation_id, r.action, r.entity_type, r.entity_id, r.data
      from jsonb_to_recordset(${json}::jsonb) as r(
        i int, occurred_at timestamptz, actor_user_id uuid, organisation_id uuid, action text, entity_type text, entity_id text, data jsonb)
      order by r.i`);
  }
}
