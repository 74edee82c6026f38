import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, callCountSnapshots, grants, proposalBudgetLines } from "@/db/schema";
import { verifyChain } from "@/lib/audit";
import { setClock } from "@/lib/clock";
import { removeCoalitionMember } from "@/lib/coalitions/service";
import { splitAllocation } from "@/lib/incentives/grant-money";
import { countingDb } from "@/test/counting-db";
import { testDb } from "@/test/db";
import { AFTER_VOTING, createVotingScenario, VOTING, type VotingScenario } from "@/test/voting";
import { getResults } from "./queries";
import { castBallot, correctResults, previewResults, publishResults } from "./service";
import { aggregatedTallyQuery, tallyQuery } from "./tally";

/**
 * Issue 13 at the scale of a district, on a real database: publishing results issues the same
 * number of statements whatever the number of proposals; the tally reads running totals that
 * always equal the aggregation of the ballots; the count page's count of a closed vote is
 * computed once and counted again only when one of its inputs changes.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const cast = (s: VotingScenario, org: VotingScenario["lead"], proposalId: string, value: number) =>
  castBallot(db, org.admin.actor, { callId: s.callId, proposalId, organisationId: org.organisationId, value });

type Rows<T> = { rows: T[] };

/** A call with `n` admissible proposals (lead + university + firm as accepted partners, each with a budget line), every voter voting on each it may. */
async function callWithProposals(n: number) {
  const s = await createVotingScenario(db, { budget: "300.000", maxRequest: "100.000", quorum: "1" });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await s.proposal({ partners: [s.university, s.firm], requestedCents: 100_000_00, submittedAt: new Date(Date.UTC(2026, 1, 1, 9, i)) });
    // Costs 60/30/20 thousand: the allocation is split by largest remainder (lib/incentives/grant-money).
    await db.insert(proposalBudgetLines).values([
      { proposalId: id, organisationId: s.lead.organisationId, category: "personnel", description: "Lead", amountCents: 60_000_00 },
      { proposalId: id, organisationId: s.university.organisationId, category: "personnel", description: "Università", amountCents: 30_000_00 },
      { proposalId: id, organisationId: s.firm.organisationId, category: "personnel", description: "Impresa", amountCents: 20_000_00 },
    ]);
    ids.push(id);
  }
  setClock(VOTING);
  for (const [i, id] of ids.entries()) await cast(s, s.coalition.promoter, id, i % 3 === 0 ? 1 : -1);
  return { s, ids };
}

async function publishCounted(n: number) {
  const { s, ids } = await callWithProposals(n);
  setClock(AFTER_VOTING);
  const counting = await countingDb(db);
  await publishResults(counting.db, s.coalition.promoter.admin.actor, { callId: s.callId });
  return { s, ids, statements: counting.statements() };
}

describe("publishing results", () => {
  it("issues the same number of statements for 5 and for 50 proposals, and still decides, funds and audits each", async () => {
    const five = await publishCounted(5);
    const fifty = await publishCounted(50);
    expect(fifty.statements).toBe(five.statements);

    for (const { s, ids } of [five, fifty]) {
      const results = (await getResults(db, s.callId))!.latest;
      expect(results.ranking).toHaveLength(ids.length);
      const funded = results.ranking.filter((e) => e.outcome === "allocated");
      expect(funded.length).toBeGreaterThan(0);
      expect(funded.every((e) => e.allocatedCents === 100_000_00)).toBe(true);
      // One grant per accepted partner of each funded proposal, 100,000 € split 60:30:20 by largest remainder.
      const made = await db.select().from(grants).where(eq(grants.callId, s.callId));
      expect(made).toHaveLength(funded.length * 3);
      // The same split as lib/incentives/grant-money gives for one proposal (largest remainder, lead first).
      const expected = splitAllocation(100_000_00, [
        { organisationId: s.lead.organisationId, costCents: 60_000_00, cofinancingCents: 0 },
        { organisationId: s.university.organisationId, costCents: 30_000_00, cofinancingCents: 0 },
        { organisationId: s.firm.organisationId, costCents: 20_000_00, cofinancingCents: 0 },
      ]);
      expect(expected.reduce((sum, x) => sum + x.grantedCents, 0)).toBe(100_000_00);
      for (const e of funded) {
        const shares = made.filter((g) => g.proposalId === e.proposalId).map((g) => ({ organisationId: g.organisationId, eligibleCostCents: g.eligibleCostCents, grantedCents: g.grantedCents }));
        expect(shares.sort((a, b) => b.grantedCents - a.grantedCents)).toEqual(expected);
      }
      // Every proposal's decision and every grant audited, one entry each.
      const decided = await db.select({ id: auditEntries.entityId }).from(auditEntries).where(eq(auditEntries.action, "proposal.selection_decided"));
      expect(decided.map((d) => d.id).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      const grantEntries = await db.select({ id: auditEntries.entityId }).from(auditEntries).where(eq(auditEntries.action, "grant.created"));
      expect(made.every((g) => grantEntries.some((e) => e.id === g.id))).toBe(true);
    }
    // Entries written in one statement chain like those written one by one.
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });
});

describe("the tally's running totals", () => {
  async function compare(callId: string) {
    const totals = (await db.execute(tallyQuery(callId))) as unknown as Rows<{ proposal_id: string; num: string; den: string; ballots: number }>;
    const aggregated = (await db.execute(aggregatedTallyQuery(callId))) as unknown as Rows<{ proposal_id: string; num: string; den: string; ballots: number }>;
    const norm = (rows: { proposal_id: string; num: string; den: string; ballots: number }[]) =>
      rows.map((r) => [r.proposal_id, Number(r.num), Number(r.den), Number(r.ballots)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(norm(totals.rows)).toEqual(norm(aggregated.rows));
    return norm(totals.rows);
  }

  it("equal the aggregation of the ballots after casts, changes and a voter removed", async () => {
    const s = await createVotingScenario(db, { votingMethod: "score", quorum: "1" });
    const p = await s.proposal();
    const q = await s.proposal({ lead: s.university });
    setClock(VOTING);
    await cast(s, s.coalition.promoter, p, 5);
    await cast(s, s.firm, p, 3);
    await cast(s, s.firm, q, 4);
    await cast(s, s.lead, q, 1);
    expect(await compare(s.callId)).toContainEqual([p, 8, 2, 2]);
    await cast(s, s.firm, p, 0);
    expect(await compare(s.callId)).toContainEqual([p, 5, 2, 2]);
    await removeCoalitionMember(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, reason: "Verifica" });
    const after = await compare(s.callId);
    expect(after).toContainEqual([p, 5, 1, 1]);
    expect(after).toContainEqual([q, 1, 1, 1]);
  });
});

describe("the count page's count", () => {
  it("is computed once after the vote closes, read back on the next view, and counted again when a voter is removed", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    const q = await s.proposal({ lead: s.university });
    setClock(VOTING);
    await cast(s, s.coalition.promoter, p, 1);
    await cast(s, s.firm, p, 1);
    await cast(s, s.firm, q, -1);
    setClock(AFTER_VOTING);
    const promoter = s.coalition.promoter.admin.actor;

    const first = await previewResults(db, promoter, { callId: s.callId });
    expect(first.reused).toBe(false);
    const [stored] = await db.select().from(callCountSnapshots).where(eq(callCountSnapshots.callId, s.callId));
    expect(stored).toBeDefined();

    // The second view recounts nothing: no statement reads the ballots.
    const counting = await countingDb(db);
    const second = await previewResults(counting.db, promoter, { callId: s.callId });
    expect(second.reused).toBe(true);
    expect(counting.log().some((q) => /from\s+"?ballots"?\s/i.test(q) && !/exists/i.test(q))).toBe(false);
    expect({ ...second, reused: false }).toEqual(first);
    expect(second.allocation.entries[0].submittedAt).toBeInstanceOf(Date);
    const [again] = await db.select().from(callCountSnapshots).where(eq(callCountSnapshots.callId, s.callId));
    expect(again.computedAt).toEqual(stored.computedAt);

    // A voter removed before publication withdraws its ballots: the count changes, and is made again.
    await removeCoalitionMember(db, promoter, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, reason: "Verifica" });
    const third = await previewResults(db, promoter, { callId: s.callId });
    expect(third.reused).toBe(false);
    expect(third.ballotCount).toBe(first.ballotCount - 2);
    expect(third.eligibleWeight).toBe(first.eligibleWeight - 1);
    expect(third.fingerprint).not.toBe(first.fingerprint);

    // What is published is what the page showed last; a correction counts the same ballots.
    const published = await publishResults(db, promoter, { callId: s.callId });
    expect(published.fingerprint).toBe(third.fingerprint);
    const corrected = await correctResults(db, promoter, { callId: s.callId, reason: "Verifica del comitato" });
    expect(corrected.fingerprint).toBe(third.fingerprint);
    const results = (await getResults(db, s.callId))!;
    expect(results.latest).toMatchObject({ version: 2, ballotCount: third.ballotCount });
    const stillOne = await db.execute(sql`select count(*)::int as n from call_count_snapshots where call_id = ${s.callId}`);
    expect((stillOne as unknown as Rows<{ n: number }>).rows[0].n).toBe(1);
  });
});
