/**
 * Ballots per second with 50 concurrent voters casting through the app's own castBallot
 * (lib/voting/service.ts), in this process on a pool of at least 50 connections: first as
 * the app runs, then with the audit write skipped (lib/audit setAuditWritesSkippedForBench).
 * Every cast is real and committed: each run takes (organisation, proposal) pairs that have
 * no ballot yet, whose organisation is a voter and no partner of the proposal, so both runs
 * insert new ballots of the same kind.
 */
import { sql } from "drizzle-orm";
import type pg from "pg";
import type { Actor } from "@/lib/auth/actor";

export type Pair = { organisationId: string; proposalId: string; actor: Actor };

/** `n` fresh pairs on the call, spread over its voters (each voter's next pair comes after every voter's previous one). */
export async function freshPairs(client: pg.Client, callId: string, n: number): Promise<Pair[]> {
  const { rows: voters } = await client.query(
    `select count(*)::int as n from call_voters where call_id = $1 and removed_at is null`,
    [callId],
  );
  const perVoter = Math.max(1, Math.ceil(n / Math.max(1, Number((voters[0] as { n: number }).n))));
  const { rows } = await client.query(
    `select v.organisation_id, p.id as proposal_id, p.k, u.id as user_id, u.email, u.name
     from call_voters v
     join lateral (
       select om.user_id from organisation_members om
       where om.organisation_id = v.organisation_id and om.is_representative order by om.user_id limit 1
     ) rep on true
     join users u on u.id = rep.user_id
     join lateral (
       select p.id, row_number() over (order by p.id) as k from proposals p
       where p.call_id = v.call_id and p.status = 'admissible'
         and not exists (select 1 from ballots b where b.proposal_id = p.id and b.organisation_id = v.organisation_id)
         and not exists (select 1 from proposal_partners pp where pp.proposal_id = p.id and pp.organisation_id = v.organisation_id and pp.status = 'accepted')
       order by p.id limit $2
     ) p on true
     where v.call_id = $1 and v.removed_at is null
     order by p.k, v.organisation_id
     limit $3`,
    [callId, perVoter, n],
  );
  return (rows as { organisation_id: string; proposal_id: string; user_id: string; email: string; name: string }[]).map((r) => ({
    organisationId: r.organisation_id,
    proposalId: r.proposal_id,
    actor: { userId: r.user_id, email: r.email, name: r.name, isPlatformAdmin: false },
  }));
}

export type CastRun = { casts: number; errors: number; firstError?: string; ms: number; perSecond: number };

/** `pairs` cast by `voters` concurrent workers, each taking the next pair when its last cast has committed. */
export async function castAll(callId: string, pairs: Pair[], voters: number, value: (i: number) => number, maxMs: number): Promise<CastRun> {
  const { getDb } = await import("@/db/client");
  const { castBallot } = await import("@/lib/voting/service");
  const db = await getDb();
  // Every voter's connection is open before the clock starts.
  await Promise.all(Array.from({ length: voters }, () => db.execute(sql`select pg_sleep(0.05)`)));
  let next = 0;
  let casts = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const worker = async () => {
    while (next < pairs.length && performance.now() - t0 < maxMs) {
      const i = next++;
      const p = pairs[i];
      try {
        await castBallot(db, p.actor, { callId, proposalId: p.proposalId, organisationId: p.organisationId, value: value(i) });
        casts++;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: voters }, worker));
  const ms = performance.now() - t0;
  return { casts, errors, firstError, ms, perSecond: (casts * 1000) / ms };
}

/** lib/audit's bench switch, when the audit module has it (issue 13 item 5); null otherwise. */
export async function auditSkipSwitch(): Promise<((skip: boolean) => void) | null> {
  const audit = (await import("@/lib/audit")) as Record<string, unknown>;
  const fn = audit.setAuditWritesSkippedForBench;
  return typeof fn === "function" ? (fn as (skip: boolean) => void) : null;
}
