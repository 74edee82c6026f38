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

/**
 * `n` fresh pairs on the call, spread over its voters: round k gives each voter, in turn, the
 * next proposal (from a start of its own) it has no ballot on and is no partner of. The taken
 * pairs are read once and looked up here: one anti-join per voter in SQL took a minute.
 */
export async function freshPairs(client: pg.Client, callId: string, n: number): Promise<Pair[]> {
  const { rows: voters } = await client.query(
    `select v.organisation_id, u.id as user_id, u.email, u.name
     from call_voters v
     join lateral (
       select om.user_id from organisation_members om
       where om.organisation_id = v.organisation_id and om.is_representative order by om.user_id limit 1
     ) rep on true
     join users u on u.id = rep.user_id
     where v.call_id = $1 and v.removed_at is null
     order by v.organisation_id`,
    [callId],
  );
  const { rows: proposals } = await client.query(`select id from proposals where call_id = $1 and status = 'admissible' order by id`, [callId]);
  const { rows: taken } = await client.query(
    `select organisation_id || ' ' || proposal_id as k from ballots where call_id = $1
     union all
     select pp.organisation_id || ' ' || pp.proposal_id from proposal_partners pp join proposals p on p.id = pp.proposal_id
     where p.call_id = $1 and pp.status = 'accepted'`,
    [callId],
  );
  const busy = new Set((taken as { k: string }[]).map((r) => r.k));
  const ids = (proposals as { id: string }[]).map((p) => p.id);
  const people = voters as { organisation_id: string; user_id: string; email: string; name: string }[];
  const cursor = people.map((_, i) => (i * 7919) % Math.max(1, ids.length));
  const out: Pair[] = [];
  for (let round = 0; out.length < n && round < ids.length; round++) {
    for (let i = 0; i < people.length && out.length < n; i++) {
      const v = people[i];
      // The voter's next free proposal from where it stopped (at most once round the list).
      for (let step = 0; step < ids.length; step++) {
        const proposalId = ids[cursor[i] % ids.length];
        cursor[i]++;
        if (busy.has(`${v.organisation_id} ${proposalId}`)) continue;
        busy.add(`${v.organisation_id} ${proposalId}`);
        out.push({ organisationId: v.organisation_id, proposalId, actor: { userId: v.user_id, email: v.email, name: v.name, isPlatformAdmin: false } });
        break;
      }
    }
  }
  return out;
}

export type CastRun = { casts: number; errors: number; firstError?: string; ms: number; perSecond: number };

/** `pairs` cast by `voters` concurrent workers, each taking the next pair when its last cast has committed. */
export async function castAll(callId: string, pairs: Pair[], voters: number, value: (i: number) => number, maxMs: number): Promise<CastRun> {
  const { getDb } = await import("@/db/client");
  const { castBallot } = await import("@/lib/voting/service");
  const db = await getDb();
  // Every voter's connection is open before the clock starts.
  try {
    await Promise.all(Array.from({ length: voters }, () => db.execute(sql`select pg_sleep(0.05)`)));
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`could not open ${voters} connections for the voters: ${cause} (PostgreSQL's max_connections, other clients?)`);
  }
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
