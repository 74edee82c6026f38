/**
 * Tops the audit chain of the bench database up to a number of entries, then the app's own
 * verifier walks it. The added entries are synthetic but chained exactly as the app chains
 * (bench/scale/chain.ts → lib/audit entryHash), written by the owner in bulk (unnest arrays,
 * 10,000 a statement) under the chain's advisory lock, after the head. They look like the
 * bulk of a real log: `ballot.cast` entries of real people and organisations.
 */
import type pg from "pg";
import { chainEntries } from "@/bench/scale/chain";
import { Rng, type AuditDraft } from "@/bench/scale/generate";

/** lib/audit's CHAIN_LOCK_KEY. */
const CHAIN_LOCK_KEY = 742_012_026;
const BATCH = 10_000;

export async function chainLength(client: pg.Client): Promise<number> {
  const { rows } = await client.query(`select count(*)::int as n from audit_entries`);
  return Number((rows[0] as { n: number }).n);
}

/** Appends entries until the log holds `target`; returns how many were added. Pending entries must have been sealed first. */
export async function topUpChain(client: pg.Client, target: number, log: (line: string) => void): Promise<number> {
  const { rows: cols } = await client.query(`select 1 from information_schema.columns where table_name = 'audit_entries' and column_name = 'chain_seq'`);
  const sealed = cols.length > 0;
  const order = sealed ? "chain_seq" : "seq";
  if (sealed) {
    const { rows } = await client.query(`select count(*)::int as n from audit_entries where chain_seq is null`);
    if (Number((rows[0] as { n: number }).n) > 0) throw new Error("the audit log has pending entries: seal them before topping the chain up");
  }
  const missing = target - (await chainLength(client));
  if (missing <= 0) return 0;
  // Who casts: real representatives and their organisations, real calls and proposals.
  const { rows: people } = await client.query(
    `select om.user_id, om.organisation_id from organisation_members om where om.is_representative order by om.user_id limit 2000`,
  );
  const { rows: props } = await client.query(`select id, call_id from proposals where status in ('admissible', 'selected', 'not_selected') order by id limit 2000`);
  if (people.length === 0 || props.length === 0) throw new Error("no people or proposals to write synthetic entries for");
  const rng = new Rng(2026, 99);
  let added = 0;
  const t0 = Date.now();
  let lastLog = t0;
  while (added < missing) {
    const n = Math.min(BATCH, missing - added);
    await client.query("begin");
    try {
      await client.query(`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
      const { rows: headRows } = await client.query(`select ${order} as pos, hash, occurred_at from audit_entries where ${order} is not null order by ${order} desc limit 1`);
      const head = headRows[0] as { pos: string; hash: string; occurred_at: Date };
      const drafts: AuditDraft[] = [];
      for (let i = 0; i < n; i++) {
        const who = people[rng.int(people.length)] as { user_id: string; organisation_id: string };
        const p = props[rng.int(props.length)] as { id: string; call_id: string };
        drafts.push({
          occurredAt: new Date(head.occurred_at.getTime() + 1 + i),
          actorUserId: who.user_id,
          organisationId: who.organisation_id,
          action: "ballot.cast",
          entityType: "ballot",
          entityId: rng.uuid(),
          data: { callId: p.call_id, proposalId: p.id, revision: 1 },
        });
      }
      const { entries } = chainEntries(drafts, head.hash);
      const base = Number(head.pos);
      const columns = ["occurred_at", "actor_user_id", "organisation_id", "action", "entity_type", "entity_id", "data", "prev_hash", "hash", ...(sealed ? ["chain_seq"] : [])];
      const types = ["timestamptz", "uuid", "uuid", "text", "text", "text", "jsonb", "text", "text", ...(sealed ? ["bigint"] : [])];
      const arrays: unknown[][] = [
        entries.map((e) => e.occurredAt.toISOString()),
        entries.map((e) => e.actorUserId),
        entries.map((e) => e.organisationId),
        entries.map((e) => e.action),
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => JSON.stringify(e.data)),
        entries.map((e) => e.prevHash),
        entries.map((e) => e.hash),
        ...(sealed ? [entries.map((_, i) => base + 1 + i)] : []),
      ];
      await client.query(
        `insert into audit_entries (${columns.join(", ")}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`,
        arrays,
      );
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    }
    added += n;
    if (Date.now() - lastLog > 10_000) {
      log(`  … ${added.toLocaleString("en-US")} of ${missing.toLocaleString("en-US")} entries added (${Math.round((Date.now() - t0) / 1000)} s)`);
      lastLog = Date.now();
    }
  }
  return added;
}
