import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setClock } from "@/lib/clock";
import { testDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { ballotRows, bulkVotingMembers, createVotingScenario, VOTING } from "@/test/voting";
import { receiptHash } from "./receipt";
import { castBallot } from "./service";
import { aggregatedTallyQuery, tallyQuery } from "./tally";

type TotalsRow = { proposal_id: string; num: string; den: string; ballots: number };

/** The running totals (ballot_totals, kept by triggers) against the aggregation of the ballots themselves. */
async function totalsAndAggregation(callId: string) {
  const read = async (q: ReturnType<typeof tallyQuery>) =>
    ((await db.execute(q)) as unknown as { rows: TotalsRow[] }).rows.map((r) => [r.proposal_id, Number(r.num), Number(r.den), Number(r.ballots)]);
  return { totals: await read(tallyQuery(callId)), aggregated: await read(aggregatedTallyQuery(callId)) };
}

/**
 * DESIGN rule 2 under load, on a real PostgreSQL server (PGlite runs one query at a
 * time, so it proves nothing here): skipped without DATABASE_URL. The pool is widened
 * so the casts really overlap.
 */
const onServer = Boolean(process.env.DATABASE_URL);
process.env.DB_POOL_MAX = "60";

let db: Db;
beforeAll(async () => {
  if (onServer) db = await testDb();
});

describe.skipIf(!onServer)("concurrent ballots on PostgreSQL", () => {
  it("200 casts by one organisation on one proposal leave one row holding the write that committed last", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    const casts = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        castBallot(db, s.firm.admin.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: (i % 3) - 1 }),
      ),
    );
    const rows = await ballotRows(db, p);
    expect(rows).toHaveLength(1);
    // Each upsert waited for the previous one's row lock, so revisions are the commit order, 1..200.
    expect(casts.map((c) => c.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const last = casts.find((c) => c.revision === 200)!;
    expect(rows[0]).toMatchObject({ revision: 200, value: last.value, receipt_hash: receiptHash(last.token, p, last.value) });
    // Every change moved the running totals by its own delta: they end where the last write left the ballot.
    const { totals, aggregated } = await totalsAndAggregation(s.callId);
    expect(totals).toEqual(aggregated);
    expect(totals).toEqual([[p, last.value, 1, 1]]);
  }, 120_000);

  it("500 casts by 500 organisations on one proposal keep 500 rows", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    const representative = await createUser(db);
    const orgs = await bulkVotingMembers(db, s.coalition.coalitionId, representative, 500);
    setClock(VOTING);
    const casts = await Promise.all(
      orgs.map((organisationId, i) => castBallot(db, representative.actor, { callId: s.callId, proposalId: p, organisationId, value: i % 2 })),
    );
    expect(casts.every((c) => c.revision === 1)).toBe(true);
    const rows = await ballotRows(db, p);
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.organisation_id))).toEqual(new Set(orgs));
    const { totals, aggregated } = await totalsAndAggregation(s.callId);
    expect(totals).toEqual(aggregated);
    expect(totals).toEqual([[p, 250, 500, 500]]);
  }, 120_000);
});
