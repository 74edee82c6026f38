import { beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db } from "@/db/client";
import { setClock } from "@/lib/clock";
import { removeCoalitionMember } from "@/lib/coalitions/service";
import { testDb } from "@/test/db";
import { bulkVotingMembers, createVotingScenario, VOTING } from "@/test/voting";
import { castBallot } from "./service";
import { aggregatedTallyQuery, tallyQuery } from "./tally";

/**
 * The running totals (ballot_totals, migration 0016) under real concurrency: many voters
 * casting, changing and being removed at the same moment, then compared with a fresh
 * aggregation of the ballots. PostgreSQL only (PGlite has one connection).
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

type Row = { proposal_id: string; num: string; den: string; ballots: number };
const rowsOf = (r: unknown) => (r as { rows: Row[] }).rows;
const norm = (rows: Row[]) => rows.map((r) => [r.proposal_id, Number(r.num), Number(r.den), Number(r.ballots)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("ballot totals under concurrent casts", () => {
  it("equal the aggregation after parallel casts, changes and removals of voters", async ({ skip }) => {
    if (currentDriver() !== "pg") skip();
    const s = await createVotingScenario(db, { votingMethod: "score", quorum: "1" });
    const p = await s.proposal();
    const q = await s.proposal({ lead: s.university });
    const voters = await bulkVotingMembers(db, s.coalition.coalitionId, s.coalition.promoter.admin, 40);
    setClock(VOTING);
    const rep = s.coalition.promoter.admin.actor;
    const cast = (organisationId: string, proposalId: string, value: number) => castBallot(db, rep, { callId: s.callId, proposalId, organisationId, value });

    // Everyone on the same proposal at once (one hot totals row), and on the other one.
    const t0 = Date.now();
    const first = await Promise.allSettled(voters.map((o, i) => cast(o, p, (i % 5) + 1)));
    const hot = Date.now() - t0;
    expect(first.filter((r) => r.status === "rejected")).toEqual([]);
    const t1 = Date.now();
    for (const o of voters.slice(0, 10)) await cast(o, q, 2);
    const sequentialPer = (Date.now() - t1) / 10;
    console.log(`40 concurrent casts on one proposal: ${hot} ms (${(hot / 40).toFixed(1)} ms a ballot); one cast alone: ${sequentialPer.toFixed(1)} ms`);

    // Changes, new ballots and removals of voters, all at once.
    const removed = voters.slice(30, 36);
    const mixed = await Promise.allSettled([
      ...voters.slice(0, 30).map((o, i) => cast(o, p, ((i + 2) % 5) + 1)),
      ...voters.slice(10, 40).map((o, i) => cast(o, q, (i % 5) + 1)),
      ...removed.map((organisationId) =>
        removeCoalitionMember(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId, reason: "Verifica in parallelo" }),
      ),
    ]);
    // A removed voter's cast may be refused (it is no longer a voter): nothing else may fail.
    const failures = mixed.filter((r) => r.status === "rejected");
    expect(failures.length).toBeLessThanOrEqual(removed.length);

    const totals = norm(rowsOf(await db.execute(tallyQuery(s.callId))));
    const aggregated = norm(rowsOf(await db.execute(aggregatedTallyQuery(s.callId))));
    expect(totals).toEqual(aggregated);
    // The removed voters' ballots left the totals: 34 voters count on p, and at most 34 on q.
    expect(totals.find((r) => r[0] === p)![3]).toBe(34);
  }, 120_000);
});
