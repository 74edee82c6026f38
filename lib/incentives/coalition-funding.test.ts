import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { grants, incentiveApplications, incentiveProgrammes, tranches, type GrantStatus } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { CSV_BOM } from "@/lib/csv";
import { expectAppError } from "@/test/assert";
import { testDb } from "@/test/db";
import { addMember, createPlatformAdmin, createUser, type TestUser } from "@/test/factories";
import { admitTestMember } from "@/test/coalitions";
import { createVotingScenario, type VotingScenario } from "@/test/voting";
import { COALITION_FUNDING_PAGE_SIZE, coalitionFundingTotals, getCoalitionFunding, parseCoalitionFundingFilters } from "./coalition-funding";
import { COALITION_FUNDING_CSV_HEADER, exportCoalitionFundingCsv } from "./coalition-funding-csv";
import { getGrantDesk, grantTotals } from "./grant-desk";

let db: Db;
let s: VotingScenario;
let other: VotingScenario;
let programmeId: string;
let proposalA: string;
let proposalB: string;
let stranger: TestUser;
let admin: TestUser;
const grantIds: Record<string, string> = {};

const NOW = new Date("2026-06-15T10:00:00Z"); // 15 June 2026 in Rome

/** A grant row as the money rules leave it: paid = Σ tranches (inserted with it), accepted ≤ cost. */
async function grant(scenario: VotingScenario, proposalId: string, organisationId: string, g: { granted: number; revoked?: number; paid?: number[]; status: GrantStatus; due?: string; endsOn?: string }) {
  const creator = scenario.coalition.promoter.admin.actor.userId;
  const paid = (g.paid ?? []).reduce((a, b) => a + b, 0);
  const [row] = await db
    .insert(grants)
    .values({
      callId: scenario.callId,
      proposalId,
      organisationId,
      resultsVersion: 1,
      status: g.status,
      eligibleCostCents: g.granted * 2,
      grantedCents: g.granted,
      revokedCents: g.revoked ?? 0,
      revocationReason: g.revoked ? "Spese non sostenute nei tempi" : null,
      paidCents: paid,
      finalReportDueOn: g.due ?? null,
      endsOn: g.endsOn ?? null,
      createdBy: creator,
    })
    .returning({ id: grants.id });
  for (const [i, amount] of (g.paid ?? []).entries()) {
    await db.insert(tranches).values({ grantId: row.id, kind: i === 0 ? "advance" : "interim", amountCents: amount, guarantee: i === 0 ? "Fideiussione n. 1" : null, paidOn: "2026-05-01", createdBy: creator });
  }
  return row.id;
}

async function application(organisationId: string, proposalId: string | null, a: { title?: string; status: "planned" | "submitted" | "granted" | "withdrawn" | "closed"; requested: number; granted?: number; paid?: number; due?: string }, creator: string) {
  const [row] = await db
    .insert(incentiveApplications)
    .values({
      programmeId,
      organisationId,
      proposalId,
      title: a.title ?? "Domanda FESR",
      status: a.status,
      eligibleCostCents: a.requested * 4,
      requestedCents: a.requested,
      grantedCents: a.granted ?? null,
      disbursedCents: a.paid ?? 0,
      finalReportDueOn: a.due ?? null,
      createdBy: creator,
    })
    .returning({ id: incentiveApplications.id });
  return row.id;
}

beforeAll(async () => {
  db = await testDb();
  s = await createVotingScenario(db);
  other = await createVotingScenario(db);
  setClock(NOW);
  stranger = await createUser(db);
  admin = await createPlatformAdmin(db);
  const [p] = await db
    .insert(incentiveProgrammes)
    .values({ name: "FESR digitalizzazione PMI", authority: "Regione Piemonte", level: "regional", aidRegime: "gber", procedure: "ranked", createdBy: stranger.actor.userId })
    .returning({ id: incentiveProgrammes.id });
  programmeId = p.id;
  proposalA = await s.proposal({ partners: [s.firm, s.university], title: "ERP condiviso" });
  proposalB = await s.proposal({ lead: s.firm, title: "Magazzino digitale" });
  grantIds.lead = await grant(s, proposalA, s.lead.organisationId, { granted: 60_000_00, paid: [12_000_00, 8_000_00], status: "in_progress", due: "2026-06-01" });
  grantIds.firm = await grant(s, proposalA, s.firm.organisationId, { granted: 30_000_00, paid: [5_000_00], status: "granted", due: "2026-07-01", endsOn: "2026-06-30" });
  grantIds.university = await grant(s, proposalA, s.university.organisationId, { granted: 10_000_00, revoked: 4_000_00, status: "granted", due: "2027-01-31" });
  grantIds.firmB = await grant(s, proposalB, s.firm.organisationId, { granted: 20_000_00, revoked: 20_000_00, status: "revoked", due: "2026-01-31" });
  const creator = s.lead.admin.actor.userId;
  await application(s.lead.organisationId, proposalA, { status: "granted", requested: 40_000_00, granted: 35_000_00, paid: 10_000_00, due: "2026-05-31" }, creator);
  await application(s.lead.organisationId, proposalA, { status: "withdrawn", requested: 7_000_00 }, creator);
  await application(s.firm.organisationId, proposalB, { status: "submitted", requested: 15_000_00 }, s.firm.admin.actor.userId);
  // Not the coalition's: another coalition's proposal, and an application with no proposal.
  const otherProposal = await other.proposal({ title: "Altro patto" });
  await grant(other, otherProposal, other.lead.organisationId, { granted: 99_000_00, paid: [1_000_00], status: "granted" });
  await application(other.lead.organisationId, otherProposal, { status: "granted", requested: 50_000_00, granted: 50_000_00 }, other.lead.admin.actor.userId);
  await application(s.lead.organisationId, null, { status: "granted", requested: 9_000_00, granted: 9_000_00 }, creator);
});

const all = parseCoalitionFundingFilters({});
beforeEach(() => setClock(NOW));

describe("the promoter's view of the coalition's funding", () => {
  it("lists the coalition's grants and the applications on its proposals, nothing else", async () => {
    const view = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, all);
    expect(view.rows.filter((r) => r.kind === "grant")).toHaveLength(4);
    expect(view.rows.filter((r) => r.kind === "application")).toHaveLength(3);
    expect(view.rows.map((r) => r.title)).not.toContain("Altro patto");
    expect(view.totals).toMatchObject({ count: 7, grants: 4, applications: 3 });
    expect(view.firms.map((f) => f.id).sort()).toEqual([s.lead.organisationId, s.firm.organisationId, s.university.organisationId].sort());
    expect(view.programmes).toEqual([{ id: programmeId, name: "FESR digitalizzazione PMI" }]);
  });

  it("totals equal the sums of the rows they stand for", async () => {
    const view = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, all);
    // Requested: grants' granted share + applications' requested but the withdrawn one.
    expect(view.totals.requestedCents).toBe(60_000_00 + 30_000_00 + 10_000_00 + 20_000_00 + 40_000_00 + 15_000_00);
    // Granted: grants net of revocations + the granted application only.
    expect(view.totals.grantedCents).toBe(60_000_00 + 30_000_00 + 6_000_00 + 0 + 35_000_00);
    // Paid: Σ tranches + the application's payments.
    const [t] = await db
      .select({ sum: sql<string>`coalesce(sum(${tranches.amountCents}), 0)` })
      .from(tranches)
      .where(inArray(tranches.grantId, Object.values(grantIds)));
    expect(view.totals.paidCents).toBe(Number(t.sum) + 10_000_00);
    expect(view.totals.paidCents).toBe(view.rows.reduce((a, r) => a + r.paidCents, 0));
    expect(view.totals.grantedCents).toBe(view.rows.reduce((a, r) => a + (r.kind === "grant" || ["granted", "closed"].includes(r.status) ? (r.grantedCents ?? 0) : 0), 0));
  });

  it("marks as late the open grants and granted applications whose final report was due before today", async () => {
    const view = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, all);
    const late = view.rows.filter((r) => r.isLate);
    // The lead's grant (due 1 June, in progress) and its application (due 31 May); not the revoked grant due in January.
    expect(late.map((r) => `${r.kind}:${r.organisationId}`).sort()).toEqual([`application:${s.lead.organisationId}`, `grant:${s.lead.organisationId}`].sort());
    expect(view.totals.late).toBe(2);
  });

  it("filters by programme, status and firm in SQL, totals following the filters", async () => {
    const pact = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, parseCoalitionFundingFilters({ programme: "pact" }));
    expect(pact.rows.every((r) => r.kind === "grant")).toBe(true);
    expect(pact.totals.paidCents).toBe(25_000_00);
    const fesr = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, parseCoalitionFundingFilters({ programme: programmeId }));
    expect(fesr.rows.map((r) => r.kind)).toEqual(["application", "application", "application"]);
    const firm = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, parseCoalitionFundingFilters({ firm: s.firm.organisationId }));
    expect(firm.rows).toHaveLength(3);
    expect(firm.totals).toMatchObject({ requestedCents: 30_000_00 + 20_000_00 + 15_000_00, grantedCents: 30_000_00, paidCents: 5_000_00 });
    const revoked = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, parseCoalitionFundingFilters({ status: "revoked" }));
    expect(revoked.rows.map((r) => r.id)).toEqual([grantIds.firmB]);
    // Unknown values are ignored, never passed on.
    expect(parseCoalitionFundingFilters({ status: "nonsense", programme: "x", firm: "1", page: "-3" })).toEqual({ page: 1, programme: undefined, status: undefined, organisationId: undefined });
    expect(parseCoalitionFundingFilters({ page: "100000" }).page).toBe(1);
  });

  it("pages 50 rows at a time without losing or repeating one", async () => {
    const creator = s.university.admin.actor.userId;
    for (let i = 0; i < COALITION_FUNDING_PAGE_SIZE; i++) await application(s.university.organisationId, proposalA, { title: `Voucher ${String(i).padStart(2, "0")}`, status: "planned", requested: 1_000_00 }, creator);
    const first = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, all);
    const second = await getCoalitionFunding(db, s.coalition.promoter.admin.actor, s.coalition.slug, { ...all, page: 2 });
    expect(first.rows).toHaveLength(COALITION_FUNDING_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    expect(first.hasPrevious).toBe(false);
    expect(second.rows).toHaveLength(7);
    expect(second.hasNext).toBe(false);
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(57);
    // The totals are over every filtered row, not the page.
    expect(second.totals.count).toBe(57);
    expect(second.totals.requestedCents).toBe(first.totals.requestedCents);
    await db.delete(incentiveApplications).where(sql`${incentiveApplications.title} like 'Voucher %' and ${incentiveApplications.organisationId} = ${s.university.organisationId}`);
  });

  it("is not found for anyone but the promoters and platform admins", async () => {
    await expect(getCoalitionFunding(db, admin.actor, s.coalition.slug, all)).resolves.toMatchObject({ totals: { count: 7 } });
    // A member of the coalition (even a grant holder), an observer, a stranger, a plain member of the promoter organisation.
    const plainMember = await addMember(db, s.coalition.promoter, "member");
    for (const who of [s.lead.admin, s.observer.admin, stranger, plainMember, other.coalition.promoter.admin]) {
      await expectAppError(getCoalitionFunding(db, who.actor, s.coalition.slug, all), "NOT_FOUND");
    }
    await expectAppError(getCoalitionFunding(db, s.coalition.promoter.admin.actor, "no-such-coalition", all), "NOT_FOUND");
    await expectAppError(getCoalitionFunding(db, null, s.coalition.slug, all), "UNAUTHENTICATED");
    await expectAppError(exportCoalitionFundingCsv(db, s.lead.admin.actor, s.coalition.slug, {}), "NOT_FOUND");
    // A second promoter organisation's representative reads it too.
    const second = await admitTestMember(db, s.coalition, { role: "promoter" });
    await expect(getCoalitionFunding(db, second.admin.actor, s.coalition.slug, all)).resolves.toBeTruthy();
  });

  it("exports the filtered rows and their totals as CSV, formulas neutralised", async () => {
    await application(s.firm.organisationId, proposalB, { title: "=HYPERLINK(\"http://evil\")", status: "planned", requested: 2_000_00 }, s.firm.admin.actor.userId);
    const { filename, body } = await exportCoalitionFundingCsv(db, s.coalition.promoter.admin.actor, s.coalition.slug, { organisationId: s.firm.organisationId });
    expect(filename).toMatch(/^finanziamenti-.*-2026-06-15\.csv$/);
    expect(body.startsWith(CSV_BOM)).toBe(true);
    const lines = body.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(COALITION_FUNDING_CSV_HEADER.join(";"));
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(body).toContain(`'=HYPERLINK`);
    const totals = await coalitionFundingTotals(db, s.coalition.coalitionId, { organisationId: s.firm.organisationId });
    expect(lines.at(-1)).toContain(`Totale;;;4 righe;;;${(totals.requestedCents / 100).toFixed(2).replace(".", ",")}`);
    expect(lines.some((l) => l.startsWith("Contributo del patto;") && l.includes(";Revocata;20000,00;0,00;0,00;31/01/2026;no"))).toBe(true);
  });
});

describe("the pact's grants on the firm's desk", () => {
  it("lists the organisation's grants with totals equal to the SQL sums, and the deadlines due or late", async () => {
    const desk = await getGrantDesk(db, s.firm.admin.actor, s.firm.organisationId);
    expect(desk.grants.map((g) => g.id).sort()).toEqual([grantIds.firm, grantIds.firmB].sort());
    const rows = await db.select().from(grants).where(eq(grants.organisationId, s.firm.organisationId));
    expect(desk.totals.grantedCents).toBe(rows.reduce((a, g) => a + g.grantedCents - g.revokedCents, 0));
    expect(desk.totals.paidCents).toBe(rows.reduce((a, g) => a + g.paidCents, 0));
    expect(await grantTotals(db, s.firm.organisationId)).toEqual(desk.totals);
    // Due within 30 days of 15 June: the project's end (30 June) and the final report (1 July); the revoked grant's date is not late.
    expect(desk.due.map((d) => `${d.kind}:${d.date}`)).toEqual(["projectEnds:2026-06-30", "finalReport:2026-07-01"]);
    expect(desk.late).toEqual([]);
    const lead = await getGrantDesk(db, s.lead.admin.actor, s.lead.organisationId);
    expect(lead.late.map((d) => `${d.grantId}:${d.kind}`)).toEqual([`${grantIds.lead}:finalReport`]);
    expect(lead.grants[0].isLate).toBe(true);
  });

  it("is not found for people outside the organisation, the coalition's promoter included", async () => {
    await expectAppError(getGrantDesk(db, stranger.actor, s.firm.organisationId), "NOT_FOUND");
    await expectAppError(getGrantDesk(db, s.coalition.promoter.admin.actor, s.firm.organisationId), "NOT_FOUND");
    await expectAppError(getGrantDesk(db, s.lead.admin.actor, s.firm.organisationId), "NOT_FOUND");
  });
});
