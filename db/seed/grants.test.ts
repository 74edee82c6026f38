import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls, coalitions, expenseLines, expenseReports, grants, organisations, proposals, tranches, users } from "@/db/schema";
import { getCoalitionFunding, parseCoalitionFundingFilters } from "@/lib/incentives/coalition-funding";
import { getGrantDesk } from "@/lib/incentives/grant-desk";
import { asOwner, testDb } from "@/test/db";
import { PAST_CALL_TITLE } from "./calls";
import { DEMO_COALITION, DEMO_SIGN_INS, demoOrganisation } from "./data";
import { DEMO_SAL_1, DEMO_SAL_2, SECURITY_COFINANCING_APPLICATION, SECURITY_PROPOSAL_TITLE } from "./grants-data";
import { FESR_NAME } from "./incentives";
import { ensureGrants } from "./grants";
import { seed } from "./index";

async function actorOf(db: Awaited<ReturnType<typeof testDb>>, email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return { userId: u.id, email: u.email, name: u.name, isPlatformAdmin: u.isPlatformAdmin };
}

async function organisationOf(db: Awaited<ReturnType<typeof testDb>>, key: string) {
  const o = demoOrganisation(key);
  const [org] = await db.select().from(organisations).where(o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale));
  return org.id;
}

describe("the demo's pact grants (issue 11)", () => {
  it("one grant per partner of the funded proposals, figures consistent with their rows, every dashboard filled; once", async () => {
    const db = await testDb();
    await seed(db);
    const [past] = await db
      .select({ id: calls.id })
      .from(calls)
      .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
      .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, PAST_CALL_TITLE)));
    const rows = await db.select({ grant: grants, title: proposals.title }).from(grants).innerJoin(proposals, eq(proposals.id, grants.proposalId)).where(eq(grants.callId, past.id));
    // Accademia (3 partners) and Sicurezza (2 partners) are funded; each allocation split exactly.
    expect(rows).toHaveLength(5);
    const byProposal = new Map<string, typeof rows>();
    for (const r of rows) byProposal.set(r.title, [...(byProposal.get(r.title) ?? []), r]);
    expect([...byProposal.keys()].sort()).toEqual(["Accademia digitale del Canavese", "Sicurezza informatica per le PMI"]);
    const [results] = await db.execute(sql`select ranking from call_results where call_id = ${past.id} order by version desc limit 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { ranking: { title: string; allocatedCents: number; outcome: string }[] }[]);
    for (const [title, list] of byProposal) {
      const allocated = results.ranking.find((e) => e.title === title)!.allocatedCents;
      expect(list.reduce((s, r) => s + r.grant.grantedCents, 0)).toBe(allocated);
    }

    // Paid = Σ tranches, accepted = Σ accepted lines, for every grant.
    for (const { grant } of rows) {
      const [t] = await db.select({ sum: sql<string>`coalesce(sum(${tranches.amountCents}), 0)` }).from(tranches).where(eq(tranches.grantId, grant.id));
      const [a] = await db
        .select({ sum: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)` })
        .from(expenseLines)
        .innerJoin(expenseReports, eq(expenseReports.id, expenseLines.reportId))
        .where(and(eq(expenseReports.grantId, grant.id), eq(expenseReports.status, "reviewed")));
      expect(grant.paidCents).toBe(Number(t.sum));
      expect(grant.acceptedCents).toBe(Number(a.sum));
      expect(grant.paidCents).toBeLessThanOrEqual(grant.grantedCents);
    }

    // Software Eporedia: advance + interim = earned on SAL 1; SAL 1 reviewed with one cut line, SAL 2 waiting; invoices attached.
    const eporedia = await organisationOf(db, "software-eporedia");
    const security = rows.find((r) => r.title === SECURITY_PROPOSAL_TITLE && r.grant.organisationId === eporedia)!.grant;
    const accepted = DEMO_SAL_1.reduce((s, e) => s + (e.cut ? e.cut.acceptedCents : e.amountCents), 0);
    expect(security).toMatchObject({ status: "in_progress", acceptedCents: accepted, cup: "J19H25000120007" });
    expect(security.paidCents).toBe(Math.floor((accepted * security.grantedCents) / security.eligibleCostCents));
    const reports = await db.select().from(expenseReports).where(eq(expenseReports.grantId, security.id)).orderBy(expenseReports.number);
    expect(reports.map((r) => r.status)).toEqual(["reviewed", "submitted"]);
    const lines = await db.select().from(expenseLines).where(eq(expenseLines.reportId, reports[0].id));
    expect(lines.filter((l) => l.review === "cut")).toHaveLength(1);
    expect(lines.every((l) => l.documentId)).toBe(true);
    expect(await db.select().from(expenseLines).where(eq(expenseLines.reportId, reports[1].id))).toHaveLength(DEMO_SAL_2.length);
    const trancheKinds = (await db.select({ kind: tranches.kind }).from(tranches).where(eq(tranches.grantId, security.id))).map((t) => t.kind).sort();
    expect(trancheKinds).toEqual(["advance", "interim"]);

    // The firm's desk shows the grant with its deadlines due; the university's is late; the promoter's view has the totals.
    const firmDesk = await getGrantDesk(db, await actorOf(db, DEMO_SIGN_INS.softwareFirmAdmin), eporedia);
    expect(firmDesk.due.map((d) => d.kind).sort()).toEqual(["finalReport", "projectEnds"]);
    const university = demoOrganisation("universita");
    const uniDesk = await getGrantDesk(db, await actorOf(db, university.people[0].email), await organisationOf(db, "universita"));
    expect(uniDesk.late.map((d) => d.kind)).toContain("finalReport");
    const view = await getCoalitionFunding(db, await actorOf(db, DEMO_SIGN_INS.promoter), DEMO_COALITION.slug, parseCoalitionFundingFilters({ programme: "pact" }));
    expect(view.totals.grants).toBeGreaterThanOrEqual(5);
    expect(view.totals.late).toBeGreaterThanOrEqual(1);
    expect(view.totals.paidCents).toBeGreaterThanOrEqual(security.paidCents);
    // … and, next to the grants, Software Eporedia's FESR application on the same project.
    const everything = await getCoalitionFunding(db, await actorOf(db, DEMO_SIGN_INS.promoter), DEMO_COALITION.slug, parseCoalitionFundingFilters({}));
    expect(everything.rows.filter((r) => r.kind === "application").map((r) => r.title)).toContain(SECURITY_COFINANCING_APPLICATION.title);
    expect(everything.programmes.map((p) => p.name)).toContain(FESR_NAME);

    const again = { changes: [] as string[], warnings: [] as string[] };
    await ensureGrants(db, again);
    expect(again).toEqual({ changes: [], warnings: [] });
  }, 300_000);

  it("makes the grants of a database seeded before grants existed, with the same split", async () => {
    const db = await testDb();
    await seed(db);
    const [past] = await db
      .select({ id: calls.id })
      .from(calls)
      .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
      .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, PAST_CALL_TITLE)));
    const before = await db.select({ organisationId: grants.organisationId, proposalId: grants.proposalId, grantedCents: grants.grantedCents, eligibleCostCents: grants.eligibleCostCents }).from(grants).where(eq(grants.callId, past.id));
    await asOwner(async (owner) => {
      const ids = sql`(select id from grants where call_id = ${past.id})`;
      await owner.execute(sql`delete from expense_lines where report_id in (select id from expense_reports where grant_id in ${ids})`);
      await owner.execute(sql`delete from tranches where grant_id in ${ids}`);
      await owner.execute(sql`delete from expense_reports where grant_id in ${ids}`);
      await owner.execute(sql`delete from grants where call_id = ${past.id}`);
      await owner.execute(sql`update calls set advance_max_bp = 0 where id = ${past.id}`);
    });
    const result = { changes: [] as string[], warnings: [] as string[] };
    await ensureGrants(db, result);
    expect(result.changes).toContain(`5 grants for the funded proposals of "${PAST_CALL_TITLE}"`);
    const after = await db.select({ organisationId: grants.organisationId, proposalId: grants.proposalId, grantedCents: grants.grantedCents, eligibleCostCents: grants.eligibleCostCents }).from(grants).where(eq(grants.callId, past.id));
    const key = (g: (typeof before)[number]) => `${g.proposalId}:${g.organisationId}:${g.grantedCents}:${g.eligibleCostCents}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
  }, 300_000);
});
