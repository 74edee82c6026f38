import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { VotingMethod, TallyRow } from "./policy";

/**
 * The count, in SQL. One aggregation over the call's ballots joined to the weights
 * snapshotted when the vote opened: per proposal, the integer numerator
 * sum(weight × value) and the denominator sum(weight) of those who voted on it. The
 * value is the exact fraction num/den (score) or num alone (approval): no floats, and
 * ranking compares fractions by cross-multiplication (lib/voting/policy.ts).
 *
 * Withdrawn ballots: an organisation that leaves or is removed from the coalition before
 * the results are published has its voter row marked `removed_at`
 * (lib/voting/snapshot.ts). Its ballot rows stay, but every query here reads only voters
 * whose `removed_at` is null, so the tally, the eligible weight, the turnout and the
 * published receipt list (and so the fingerprint and the receipt check) all leave them out.
 */

/** Proposals that take part in the count: admissible ones, and those already decided by an earlier version. */
export const countedStatuses = ["admissible", "selected", "not_selected"] as const;

type Row = {
  proposal_id: string;
  reference: string | null;
  title: string;
  lead_name: string;
  requested_cents: string | number;
  submitted_at: string | Date | null;
  num: string | number;
  den: string | number;
  ballots: string | number;
};

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Reads the running totals (ballot_totals, kept by triggers on ballots and call_voters in the
 * transaction of every change: migration 0016) instead of aggregating the call's ballots:
 * one row per proposal, so its cost does not grow with the ballots and its plan does not
 * depend on the tables' statistics (aggregating 200,000 ballots took 14–18 s with stale
 * statistics, 1.26 s with a good plan). The totals hold exactly what the aggregation gave:
 * Σ weight × value, Σ weight and the number of ballots of voters not removed
 * (lib/voting/tally.test.ts compares them with the aggregation).
 */
export function tallyQuery(callId: string) {
  return sql`
    select p.id as proposal_id, p.reference, p.title, o.legal_name as lead_name, p.requested_cents, p.submitted_at,
           coalesce(t.num, 0)::bigint as num, coalesce(t.den, 0)::bigint as den, coalesce(t.ballots, 0)::int as ballots
    from proposals p
    join organisations o on o.id = p.lead_organisation_id
    left join ballot_totals t on t.proposal_id = p.id
    where p.call_id = ${callId} and p.status in ('admissible', 'selected', 'not_selected')`;
}

/** The same totals aggregated from the ballots themselves: what ballot_totals must always equal (tests, the bench). */
export function aggregatedTallyQuery(callId: string) {
  return sql`
    select p.id as proposal_id,
           coalesce(sum(v.weight::bigint * b.value), 0)::bigint as num,
           coalesce(sum(v.weight::bigint), 0)::bigint as den,
           count(v.weight)::int as ballots
    from proposals p
    left join ballots b on b.proposal_id = p.id and b.call_id = p.call_id
    left join call_voters v on v.call_id = b.call_id and v.organisation_id = b.organisation_id and v.removed_at is null
    where p.call_id = ${callId} and p.status in ('admissible', 'selected', 'not_selected')
    group by p.id`;
}

export async function tallyProposals(db: Db | Tx, call: { id: string; votingMethod: VotingMethod }): Promise<TallyRow[]> {
  const result = await db.execute(tallyQuery(call.id));
  return rowsOf<Row>(result).map((r) => {
    const num = Number(r.num);
    const den = Number(r.den);
    return {
      proposalId: r.proposal_id,
      reference: r.reference,
      title: r.title,
      leadName: r.lead_name,
      requestedCents: Number(r.requested_cents),
      submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at),
      value: call.votingMethod === "approval" ? { num, den: 1 } : den > 0 ? { num, den } : { num: 0, den: 1 },
      ballots: Number(r.ballots),
    };
  });
}

export type Turnout = { eligibleWeight: number; turnoutWeight: number; eligibleOrganisations: number; votedOrganisations: number };

/**
 * Weight of the snapshotted voters still in the vote, and of those among them who cast at
 * least one ballot: one index probe (ballots_call_idx) per voter, bounded by the voters
 * whatever the number of ballots.
 */
export async function turnoutOf(db: Db | Tx, callId: string): Promise<Turnout> {
  const result = await db.execute(sql`
    select coalesce(sum(x.weight), 0)::bigint as eligible,
           coalesce(sum(x.weight) filter (where x.voted), 0)::bigint as turnout,
           count(*)::int as eligible_orgs,
           (count(*) filter (where x.voted))::int as voted_orgs
    from (
      select v.weight, exists (select 1 from ballots b where b.call_id = v.call_id and b.organisation_id = v.organisation_id) as voted
      from call_voters v
      where v.call_id = ${callId} and v.removed_at is null
    ) x`);
  const [r] = rowsOf<{ eligible: string; turnout: string; eligible_orgs: number; voted_orgs: number }>(result);
  return {
    eligibleWeight: Number(r?.eligible ?? 0),
    turnoutWeight: Number(r?.turnout ?? 0),
    eligibleOrganisations: Number(r?.eligible_orgs ?? 0),
    votedOrganisations: Number(r?.voted_orgs ?? 0),
  };
}

/** The ballots counted (on proposals in the count, by voters still in the vote), as a FROM clause. */
const countedBallots = (callId: string) => sql`ballots b join proposals p on p.id = b.proposal_id
    join call_voters v on v.call_id = b.call_id and v.organisation_id = b.organisation_id and v.removed_at is null
    where b.call_id = ${callId} and p.status in ('admissible', 'selected', 'not_selected')`;

/** The receipt hashes of the ballots counted, sorted bytewise (tests; the services never load them all). */
export async function countedReceiptHashes(db: Db | Tx, callId: string): Promise<string[]> {
  const result = await db.execute(sql`select b.receipt_hash from ${countedBallots(callId)} order by b.receipt_hash collate "C"`);
  return rowsOf<{ receipt_hash: string }>(result).map((r) => r.receipt_hash);
}

export type ReceiptDigest = { ballotCount: number; fingerprint: string };

/**
 * The counted voters and proposals of a call as two PostgreSQL array literals (one row: a few
 * thousand ids each). Given back as bind parameters, `= any($1::uuid[])` is a constant
 * array the executor hashes, so the ballots are filtered in one scan of the call's ballots,
 * with no join for the planner to choose: a nested loop per ballot (stale statistics right
 * after the vote) made writing 200,000 receipts take seconds.
 */
async function countedSets(db: Db | Tx, callId: string): Promise<{ voters: string; proposals: string }> {
  const result = await db.execute(sql`
    select '{' || coalesce((select string_agg(organisation_id::text, ',') from call_voters where call_id = ${callId} and removed_at is null), '') || '}' as voters,
           '{' || coalesce((select string_agg(id::text, ',') from proposals where call_id = ${callId} and status in ('admissible', 'selected', 'not_selected')), '') || '}' as proposals`);
  return rowsOf<{ voters: string; proposals: string }>(result)[0];
}

/** The counted ballots' receipt hashes, numbered from 0 in bytewise order (the fingerprint's order). */
const sortedCountedReceipts = (callId: string, sets: { voters: string; proposals: string }) => sql`
    select b.receipt_hash as h, (row_number() over (order by b.receipt_hash collate "C") - 1)::int as pos
    from ballots b
    where b.call_id = ${callId} and b.organisation_id = any(${sets.voters}::uuid[]) and b.proposal_id = any(${sets.proposals}::uuid[])`;

/** sha256 of the hashes joined by "\n" in position order (lib/voting/receipt.ts fingerprintOf), and their number. */
const digestOf = (from: ReturnType<typeof sql>) => sql`
    select count(*)::int as n,
           encode(sha256(convert_to(coalesce(string_agg(h, E'\n' order by pos), ''), 'UTF8')), 'hex') as fingerprint
    from ${from}`;

/** Room to sort a vote's receipt hashes in memory (200,000 take about 30 MB), for this transaction only. */
async function sortMemory(db: Db | Tx): Promise<void> {
  await db.execute(sql`select set_config('work_mem', '64MB', true)`);
}

/**
 * How many ballots are counted and their fingerprint — sha256 of the sorted hashes joined
 * by "\n" (lib/voting/receipt.ts fingerprintOf) — computed in the database, in one pass:
 * the hashes never travel to the server.
 */
export async function countedReceiptDigest(db: Db | Tx, callId: string): Promise<ReceiptDigest> {
  const sets = await countedSets(db, callId);
  await sortMemory(db);
  const result = await db.execute(digestOf(sql`(${sortedCountedReceipts(callId, sets)}) counted`));
  const [r] = rowsOf<{ n: number; fingerprint: string }>(result);
  return { ballotCount: Number(r.n), fingerprint: r.fingerprint };
}

/**
 * Writes the counted ballots' receipt hashes as one results version's list
 * (call_result_receipts), positions in sorted order, and returns its digest computed from the
 * very rows written, in ONE statement whatever the number of ballots (a data-modifying CTE:
 * no parameters per row, the hashes sorted once).
 */
export async function writeResultReceipts(tx: Tx, callId: string, version: number): Promise<ReceiptDigest> {
  const sets = await countedSets(tx, callId);
  await sortMemory(tx);
  const result = await tx.execute(sql`
    with counted as materialized (${sortedCountedReceipts(callId, sets)}),
    written as (
      insert into call_result_receipts (call_id, version, position, receipt_hash)
      select ${callId}, ${version}::int, pos, h from counted
    )
    ${digestOf(sql`counted`)}`);
  const [r] = rowsOf<{ n: number; fingerprint: string }>(result);
  return { ballotCount: Number(r.n), fingerprint: r.fingerprint };
}
