import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { grants, incentiveApplications, incentiveProgrammes, tranches } from "@/db/schema";
import { createCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { listCoalitionMembers } from "@/lib/coalitions/queries";
import { coalitionFundingTotals } from "@/lib/incentives/coalition-funding";
import { DATASETS } from "@/lib/opendata/datasets";
import { getResults } from "@/lib/voting/queries";
import { testDb } from "@/test/db";
import { fundedScenario, type FundedScenario } from "@/test/grants";
import { openCallInput } from "@/test/proposals";
import { AFTER_VOTING, createVotingScenario, type VotingScenario } from "@/test/voting";
import { callsByPhase, dashboardFigures, exactCents, fundedProjects, membersByKind, publicMoneyFigures } from "./queries";

let db: Db;
let f: FundedScenario;
let other: FundedScenario;
let programmeId: string;
let programmeName: string;

async function application(
  organisationId: string,
  proposalId: string,
  a: { status: "planned" | "submitted" | "granted" | "rejected" | "closed" | "revoked"; requested: number; granted?: number; paid?: number; grantedOn?: string },
  creator: string,
) {
  const [row] = await db
    .insert(incentiveApplications)
    .values({
      programmeId,
      organisationId,
      proposalId,
      title: "Domanda FESR",
      status: a.status,
      eligibleCostCents: a.requested * 4,
      requestedCents: a.requested,
      grantedCents: a.granted ?? null,
      grantedOn: a.grantedOn ?? null,
      disbursedCents: a.paid ?? 0,
      createdBy: creator,
    })
    .returning({ id: incentiveApplications.id });
  return row.id;
}

/** A tranche as the grant service writes it: the row, and paid kept equal to the tranches' sum. */
async function pay(grantId: string, amountCents: number, kind: "advance" | "interim", creator: string) {
  await db.insert(tranches).values({ grantId, kind, amountCents, guarantee: kind === "advance" ? "Fideiussione n. 7" : null, paidOn: "2026-04-01", createdBy: creator });
  await db.update(grants).set({ paidCents: sql`${grants.paidCents} + ${amountCents}` }).where(eq(grants.id, grantId));
}

/** The open-data grants dataset of a coalition, every row (a test reads it whole to check the sums). */
async function openDataGrants(coalitionId: string) {
  const rows: Record<string, unknown>[] = [];
  let after: string | null = null;
  do {
    const batch = await DATASETS.grants.batch(db, coalitionId, after, 500);
    rows.push(...batch.rows);
    after = batch.next;
  } while (after);
  return rows;
}

beforeAll(async () => {
  db = await testDb();
  f = await fundedScenario(db);
  other = await fundedScenario(db);
  const promoter = f.s.coalition.promoter.admin.actor.userId;
  programmeName = `FESR digitalizzazione PMI ${f.s.coalition.slug}`;
  const [p] = await db
    .insert(incentiveProgrammes)
    .values({ name: programmeName, authority: "Regione Piemonte", level: "regional", aidRegime: "gber", procedure: "ranked", createdBy: promoter })
    .returning({ id: incentiveProgrammes.id });
  programmeId = p.id;
  // Money on the funded project: tranches on two grants, a partial revocation on the third.
  await pay(f.lead.id, 39_000_00, "advance", promoter);
  await pay(f.lead.id, 11_000_00, "interim", promoter);
  await pay(f.firm.id, 15_000_00, "advance", promoter);
  await db.update(grants).set({ revokedCents: 25_000_00, revocationReason: "Spese non sostenute", actDate: "2026-03-20" }).where(eq(grants.id, f.university.id));
  const lead = f.s.lead.admin.actor.userId;
  // Public: granted applications (one paid in part, one closed, one revoked); private: never granted.
  await application(f.s.lead.organisationId, f.proposalId, { status: "granted", requested: 40_000_00, granted: 35_000_00, paid: 10_000_00, grantedOn: "2026-05-04" }, lead);
  await application(f.s.firm.organisationId, f.proposalId, { status: "closed", requested: 8_000_00, granted: 8_000_00, paid: 8_000_00, grantedOn: "2025-11-30" }, lead);
  await application(f.s.firm.organisationId, f.proposalId, { status: "revoked", requested: 5_000_00, granted: 5_000_00, grantedOn: "2025-10-01" }, lead);
  await application(f.s.lead.organisationId, f.proposalId, { status: "submitted", requested: 70_000_00 }, lead);
  await application(f.s.lead.organisationId, f.proposalId, { status: "rejected", requested: 60_000_00 }, lead);
  // Another coalition's money never shows here.
  await pay(other.lead.id, 1_000_00, "advance", other.s.coalition.promoter.admin.actor.userId);
  await application(other.s.lead.organisationId, other.proposalId, { status: "granted", requested: 90_000_00, granted: 90_000_00, grantedOn: "2026-05-04" }, other.s.lead.admin.actor.userId);
  // A draft call of the coalition: never counted among its calls.
  setClock(AFTER_VOTING);
  await createCall(db, f.s.coalition.promoter.admin.actor, { coalitionId: f.s.coalition.coalitionId, ...openCallInput({ budget: "999.000" }) });
});

describe("the public dashboard's figures", () => {
  it("public money: the totals equal the promoters' funding view's to the cent", async () => {
    const money = await publicMoneyFigures(db, f.s.coalition.coalitionId);
    const funding = await coalitionFundingTotals(db, f.s.coalition.coalitionId, {});
    expect(money.total.netCents).toBe(funding.grantedCents);
    expect(money.total.paidCents).toBe(funding.paidCents);
    // By hand: pact 280,000 less 25,000 revoked; applications 35,000 + 8,000 (the revoked one counts nothing).
    expect(money.total.netCents).toBe(280_000_00 - 25_000_00 + 35_000_00 + 8_000_00);
    expect(money.total.paidCents).toBe(39_000_00 + 11_000_00 + 15_000_00 + 10_000_00 + 8_000_00);
    // The by-programme and by-year rows add up to the total.
    for (const key of ["grantedCents", "revokedCents", "netCents", "paidCents", "grants"] as const) {
      expect(money.byProgramme.reduce((a, r) => a + r[key], 0)).toBe(money.total[key]);
      expect(money.byYear.reduce((a, r) => a + r[key], 0)).toBe(money.total[key]);
    }
  });

  it("the pact's programme equals the open-data grants dataset and the tranches paid", async () => {
    const money = await publicMoneyFigures(db, f.s.coalition.coalitionId);
    const pact = money.byProgramme.find((r) => r.programme === "pact")!;
    const rows = await openDataGrants(f.s.coalition.coalitionId);
    const sum = (key: string) => rows.reduce((a, r) => a + exactCents(r[key] as string), 0);
    expect(pact).toMatchObject({ grants: rows.length, grantedCents: sum("granted_cents"), revokedCents: sum("revoked_cents"), netCents: sum("net_granted_cents"), paidCents: sum("paid_cents") });
    expect(pact).toMatchObject({ grants: 3, grantedCents: 280_000_00, revokedCents: 25_000_00, netCents: 255_000_00, paidCents: 65_000_00 });
    const [t] = await db
      .select({ paid: sql<string>`coalesce(sum(${tranches.amountCents}), 0)::bigint` })
      .from(tranches)
      .innerJoin(grants, eq(grants.id, tranches.grantId))
      .where(eq(grants.proposalId, f.proposalId));
    expect(pact.paidCents).toBe(Number(t.paid));
  });

  it("applications: only those granted count, by programme", async () => {
    const money = await publicMoneyFigures(db, f.s.coalition.coalitionId);
    const fesr = money.byProgramme.find((r) => r.programme === programmeId)!;
    expect(fesr).toMatchObject({ name: programmeName, grants: 3, grantedCents: 48_000_00, revokedCents: 5_000_00, netCents: 43_000_00, paidCents: 18_000_00 });
    expect(money.byProgramme.map((r) => r.programme)).toEqual(["pact", programmeId]);
  });

  it("by year: the concession date's year (the act's day, else the day granted in Rome)", async () => {
    const money = await publicMoneyFigures(db, f.s.coalition.coalitionId);
    // The grants were made after the vote (March 2026); two applications were granted in 2025.
    expect(money.byYear.map((r) => r.year)).toEqual([2025, 2026]);
    expect(money.byYear[0]).toMatchObject({ grants: 2, netCents: 8_000_00, paidCents: 8_000_00 });
    expect(money.byYear[1]).toMatchObject({ grants: 4, netCents: 255_000_00 + 35_000_00, paidCents: 65_000_00 + 10_000_00 });
  });

  it("another coalition's money and drafts are never counted", async () => {
    const money = await publicMoneyFigures(db, other.s.coalition.coalitionId);
    expect(money.total).toMatchObject({ grants: 4, netCents: 280_000_00 + 90_000_00, paidCents: 1_000_00 });
    expect(money.byProgramme.map((r) => r.programme)).toEqual(["pact", programmeId]);
    const phases = await callsByPhase(db, f.s.coalition.coalitionId, AFTER_VOTING);
    expect(phases.total).toBe(1);
    expect(phases.rows.find((r) => r.phase === "results")).toMatchObject({ calls: 1, budgetCents: 1_200_000_00 });
    expect(phases.rows.filter((r) => r.phase !== "results").every((r) => r.calls === 0 && r.budgetCents === 0)).toBe(true);
    expect(phases.budgetCents).toBe(1_200_000_00);
  });

  it("funded projects: the results' allocation, with the lead and its partners", async () => {
    const funded = await fundedProjects(db, f.s.coalition.coalitionId);
    const results = await getResults(db, f.s.callId);
    expect(funded.count).toBe(1);
    expect(funded.allocatedCents).toBe(results!.latest.allocatedCents);
    expect(funded.projects).toHaveLength(1);
    const [p] = funded.projects;
    expect(p).toMatchObject({ proposalId: f.proposalId, callId: f.s.callId, allocatedCents: 280_000_00, rank: 1 });
    expect(p.partners).toHaveLength(2);
    expect(p.partners).not.toContain(p.leadName);
  });

  it("members by kind and role: the coalition page's members, counted in SQL", async () => {
    const members = await membersByKind(db, f.s.coalition.coalitionId);
    const listed = await listCoalitionMembers(db, f.s.coalition.coalitionId);
    expect(members.total).toBe(listed.length);
    expect(members.rows.reduce((a, r) => a + r.total, 0)).toBe(listed.length);
    for (const r of members.rows) {
      expect(r.total).toBe(listed.filter((m) => m.kind === r.kind).length);
      expect(r.promoters + r.members + r.observers).toBe(r.total);
    }
    expect(members.rows.find((r) => r.kind === "university")).toMatchObject({ members: 1, total: 1 });
  });

  it("the figures survive a JSON round trip (they are cached as JSON)", async () => {
    const figures = await dashboardFigures(db, f.s.coalition.coalitionId);
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });
});

describe("years in Rome", () => {
  let s: VotingScenario;
  beforeAll(async () => {
    s = await createVotingScenario(db);
  });

  it("a grant made on 31 December at 23:30 UTC, with no act yet, counts in the next year (already 1 January in Rome)", async () => {
    const proposalId = await s.proposal({ title: "Capodanno" });
    const creator = s.coalition.promoter.admin.actor.userId;
    const base = { callId: s.callId, proposalId, resultsVersion: 1, eligibleCostCents: 20_000_00, createdBy: creator };
    await db.insert(grants).values([
      { ...base, organisationId: s.lead.organisationId, grantedCents: 10_000_00, createdAt: new Date("2025-12-31T23:30:00Z") },
      { ...base, organisationId: s.firm.organisationId, grantedCents: 3_000_00, createdAt: new Date("2025-12-31T22:30:00Z") },
      // The act's date wins over the moment the row was written.
      { ...base, organisationId: s.university.organisationId, grantedCents: 2_000_00, createdAt: new Date("2025-12-31T23:30:00Z"), actDate: "2025-12-30" },
    ]);
    const money = await publicMoneyFigures(db, s.coalition.coalitionId);
    expect(money.byYear).toEqual([
      expect.objectContaining({ year: 2025, grants: 2, grantedCents: 5_000_00 }),
      expect.objectContaining({ year: 2026, grants: 1, grantedCents: 10_000_00 }),
    ]);
  });
});
