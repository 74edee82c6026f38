import { and, asc, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, grants, proposalBudgetLines, proposalPartners } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { getResults } from "@/lib/voting/queries";
import { castBallot, publishResults } from "@/lib/voting/service";
import { testDb } from "@/test/db";
import { AFTER_VOTING, createVotingScenario, VOTING } from "@/test/voting";
import { splitAllocation } from "./grant-money";

/**
 * Publishing results writes the grants set-based (one query for every funded proposal's
 * partners and costs, one INSERT … SELECT from a JSON parameter). Here with uneven costs in
 * odd cents, co-financing, a partner without budget lines and a budget line of an organisation
 * that is not an accepted partner: each grant must be, to the cent, what the former
 * per-proposal reading (kept below as `partnersOneByOne`) and splitAllocation give.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** The partners' reading as it was done per proposal before (lib/incentives/grants.ts at 8869caf). */
async function partnersOneByOne(proposalId: string) {
  const partners = await db
    .select({ organisationId: proposalPartners.organisationId, cofinancingCents: proposalPartners.cofinancingCents })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.status, "accepted")))
    .orderBy(desc(proposalPartners.isLead), asc(proposalPartners.createdAt), asc(proposalPartners.organisationId));
  const costs = await db
    .select({ organisationId: proposalBudgetLines.organisationId, costCents: sql<string>`sum(${proposalBudgetLines.amountCents})` })
    .from(proposalBudgetLines)
    .where(eq(proposalBudgetLines.proposalId, proposalId))
    .groupBy(proposalBudgetLines.organisationId);
  const costOf = new Map(costs.map((c) => [c.organisationId, Number(c.costCents)]));
  return partners.map((p) => ({ organisationId: p.organisationId, cofinancingCents: p.cofinancingCents, costCents: costOf.get(p.organisationId) ?? 0 }));
}

describe("grants written set-based at publication", () => {
  it("are, to the cent, the per-proposal split of each funded proposal's allocation", async () => {
    const s = await createVotingScenario(db, { budget: "300.000", maxRequest: "100.000", quorum: "1" });
    const shapes = [
      // [lead, university, firm] costs in cents, co-financing of the lead; firm's undefined = no budget line.
      { requested: 99_999_99, costs: [33_333_33, 33_333_33, 33_333_34], cofinancing: 0 },
      { requested: 70_000_01, costs: [50_000_01, 25_000_00, undefined], cofinancing: 5_000_00 },
      { requested: 100_000_00, costs: [1, 2, 99_999_97], cofinancing: 1 },
    ];
    const ids: string[] = [];
    for (const [i, shape] of shapes.entries()) {
      const id = await s.proposal({ partners: [s.university, s.firm], requestedCents: shape.requested, submittedAt: new Date(Date.UTC(2026, 1, 1, 9, i)) });
      const orgs = [s.lead, s.university, s.firm];
      for (const [k, cost] of shape.costs.entries()) {
        if (cost !== undefined) await db.insert(proposalBudgetLines).values({ proposalId: id, organisationId: orgs[k].organisationId, category: "personnel", description: `Voce ${k}`, amountCents: cost });
      }
      // A line of an organisation that is not a partner counts for nobody.
      await db.insert(proposalBudgetLines).values({ proposalId: id, organisationId: s.observer.organisationId, category: "other", description: "Estranea", amountCents: 12_345 });
      await db.update(proposalPartners).set({ cofinancingCents: shape.cofinancing }).where(and(eq(proposalPartners.proposalId, id), eq(proposalPartners.organisationId, s.lead.organisationId)));
      ids.push(id);
    }
    setClock(VOTING);
    for (const id of ids) await castBallot(db, s.coalition.promoter.admin.actor, { callId: s.callId, proposalId: id, organisationId: s.coalition.promoter.organisationId, value: 1 });
    setClock(AFTER_VOTING);
    await publishResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });

    const ranking = (await getResults(db, s.callId))!.latest.ranking;
    const funded = ranking.filter((e) => e.outcome === "allocated");
    expect(funded.length).toBeGreaterThan(0);
    const made = await db.select().from(grants).where(eq(grants.callId, s.callId));
    let expectedCount = 0;
    for (const e of funded) {
      const expected = splitAllocation(e.allocatedCents, await partnersOneByOne(e.proposalId));
      expectedCount += expected.length;
      const got = made
        .filter((g) => g.proposalId === e.proposalId)
        .map((g) => ({ organisationId: g.organisationId, eligibleCostCents: g.eligibleCostCents, grantedCents: g.grantedCents }));
      const order = (list: { organisationId: string }[]) => [...list].sort((a, b) => a.organisationId.localeCompare(b.organisationId));
      expect(order(got)).toEqual(order(expected.map((x) => ({ organisationId: x.organisationId, eligibleCostCents: x.eligibleCostCents, grantedCents: x.grantedCents }))));
      expect(got.reduce((sum, g) => sum + g.grantedCents, 0)).toBe(expected.reduce((sum, g) => sum + g.grantedCents, 0));
    }
    expect(made).toHaveLength(expectedCount);
    // Each grant's audit entry states what was written.
    const entries = await db.select().from(auditEntries).where(eq(auditEntries.action, "grant.created"));
    for (const g of made) {
      const entry = entries.find((x) => x.entityId === g.id)!;
      expect(entry.organisationId).toBe(g.organisationId);
      expect(entry.data).toMatchObject({ callId: s.callId, proposalId: g.proposalId, after: { eligibleCostCents: g.eligibleCostCents, grantedCents: g.grantedCents, status: g.status } });
    }
  });
});
