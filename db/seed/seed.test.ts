import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls, coalitionMembers, coalitions, organisationMembers, organisations, proposalBudgetLines, proposalPartners, proposals, users } from "@/db/schema";
import { callPhase, rulesOf, validateCallRules } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { verifyChain } from "@/lib/audit";
import { verifyPassword } from "@/lib/auth/password";
import { isValidCodiceFiscale, isValidPartitaIva } from "@/lib/identifiers";
import { getMunicipality } from "@/lib/municipalities";
import { countRows, testDb } from "@/test/db";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "./calls";
import { DEMO_PROPOSALS } from "./proposals";
import { COUNTING_PROPOSALS, demoBudget, PAST_PROPOSALS, REVIEW_CALL_TITLE, REVIEW_PROPOSALS, VOTING_PROPOSALS } from "./voting-data";
import { checkProposal } from "@/lib/proposals/service";
import { DEMO_COALITION, DEMO_ORGANISATIONS, demoOrganisation, DEMO_PASSWORD, DEMO_SIGN_INS, DEMO_USERS, demoUser, PLATFORM_ADMIN, seed } from "./index";

const TABLES = ["users", "organisations", "organisation_members", "coalitions", "coalition_members", "calls", "proposals", "proposal_partners", "proposal_budget_lines", "audit_entries"];

describe("demo data", () => {
  it("has valid identifiers and known municipalities", () => {
    for (const o of DEMO_ORGANISATIONS) {
      if (o.partitaIva) expect(isValidPartitaIva(o.partitaIva), o.key).toBe(true);
      if (o.codiceFiscale) expect(isValidCodiceFiscale(o.codiceFiscale), o.key).toBe(true);
      expect(getMunicipality(o.municipalityCode), o.key).toBeDefined();
    }
    for (const code of DEMO_COALITION.territory) expect(getMunicipality(code)).toBeDefined();
    expect(new Set(DEMO_USERS.map((u) => u.email)).size).toBe(DEMO_USERS.length);
    for (const email of Object.values(DEMO_SIGN_INS)) expect(DEMO_USERS.some((u) => u.email === email)).toBe(true);
  });

  it("gives every imported proposal a budget whose cost is the requested amount plus at least 20% co-financing", () => {
    for (const p of [...PAST_PROPOSALS, ...VOTING_PROPOSALS, ...REVIEW_PROPOSALS, ...COUNTING_PROPOSALS]) {
      const budget = demoBudget(p);
      const sum = budget.lines.reduce((s, l) => s + l.amountCents, 0);
      expect(sum, p.title).toBe(budget.totalCents);
      expect(budget.totalCents - budget.cofinancingCents, p.title).toBe(p.requestedEuro * 100);
      expect(budget.cofinancingCents / budget.totalCents, p.title).toBeGreaterThanOrEqual(0.2);
      expect(budget.lines.map((l) => l.org), p.title).toEqual([p.lead, ...p.partners]);
      for (const l of budget.lines) expect(l.amountCents % 100, p.title).toBe(0);
      for (const l of budget.lines) expect(l.amountCents, p.title).toBeGreaterThan(0);
    }
    expect(demoBudget({ lead: "cciaa", partners: ["software-eporedia"], requestedEuro: 150_000 })).toMatchObject({ totalCents: 200_000_00, cofinancingCents: 50_000_00 });
  });
});

// On a shared PostgreSQL test database the demo rows would show up in other test files.
describe.skipIf(Boolean(process.env.DATABASE_URL || process.env.POSTGRES_URL))("seed", () => {
  it("creates the cast through the services, and a second run changes nothing", { timeout: 180_000 }, async () => {
    const db = await testDb();
    const first = await seed(db);
    expect(first.changes.length).toBeGreaterThan(0);
    expect(first.warnings).toEqual([]);
    const before = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(db, t)])));

    const second = await seed(db);
    expect(second.changes).toEqual([]);
    const after = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(db, t)])));
    expect(after).toEqual(before);
    expect(after.users).toBe(DEMO_USERS.length);

    const chain = await verifyChain(db);
    expect(chain).toEqual({ ok: true, count: before.audit_entries, pending: 0 });

    const orgs = await db.select().from(organisations);
    for (const o of DEMO_ORGANISATIONS) {
      const row = orgs.find((r) => r.legalName === o.legalName);
      expect(row?.status, o.key).toBe(o.status);
    }

    const [coalition] = await db.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
    expect(coalition.territory).toEqual([...DEMO_COALITION.territory]);
    const members = await db.select().from(coalitionMembers).where(eq(coalitionMembers.coalitionId, coalition.id));
    expect(members).toHaveLength(DEMO_ORGANISATIONS.filter((o) => o.coalition).length);
    const promoter = members.find((m) => m.organisationId === coalition.promoterOrganisationId);
    expect(promoter).toMatchObject({ role: "promoter", weight: 3 });
    expect(members.filter((m) => m.role === "observer")).toHaveLength(1);

    const demoCalls = await db.select().from(calls).where(eq(calls.coalitionId, coalition.id));
    // The open and past calls, and the voting chapter's three: voting, in review, counting (db/seed/voting.ts).
    expect(demoCalls).toHaveLength(5);
    const open = demoCalls.find((c) => c.title === OPEN_CALL_TITLE)!;
    expect(callPhase(open, now())).toBe("open");
    expect(open).toMatchObject({ budgetCents: 120_000_000, maxRequestCents: 40_000_000, minCofinancingBp: 3000, minPartners: 3, maxPartners: 8 });
    expect(validateCallRules(rulesOf(open), now())).toEqual({});
    const past = demoCalls.find((c) => c.title === PAST_CALL_TITLE)!;
    expect(callPhase(past, now())).toBe("results");
    expect(past).toMatchObject({ votingMethod: "score", ballotsPublic: true, budgetCents: 30_000_000 });

    const demoProposals = await db.select().from(proposals).where(eq(proposals.callId, open.id));
    expect(demoProposals.map((p) => p.title).sort()).toEqual(DEMO_PROPOSALS.map((p) => p.title).sort());
    const byTitle = (title: string) => demoProposals.find((p) => p.title === title)!;
    const erp = byTitle("ERP condiviso per la meccanica canavesana");
    expect(erp).toMatchObject({ status: "submitted", requestedCents: 275_000_00 });
    expect(erp.reference).toMatch(/^CAN-\d{4}-\d{4}$/);
    expect(byTitle("Marketplace B2B del distretto")).toMatchObject({ status: "draft", lookingForKinds: ["university"] });
    expect(byTitle("Piattaforma logistica e tracciabilità")).toMatchObject({ status: "draft", reference: null });
    const [giorgio] = await db.select().from(users).where(eq(users.email, demoOrganisation("logistica-alto-canavese").people[0].email));
    const logistics = await checkProposal(db, { userId: giorgio.id, email: giorgio.email, name: giorgio.name, isPlatformAdmin: false }, { proposalId: byTitle("Piattaforma logistica e tracciabilità").id });
    expect(logistics.map((p) => p.key)).toEqual(["proposalCofinancingBelowMin"]);
    const erpPartners = await db.select().from(proposalPartners).where(eq(proposalPartners.proposalId, erp.id));
    expect(erpPartners.map((p) => p.status)).toEqual(["accepted", "accepted", "accepted", "accepted"]);

    // Who represents whom: every admin, the named member, and not the plain members.
    const people = await db
      .select({ email: users.email, role: organisationMembers.role, isRepresentative: organisationMembers.isRepresentative })
      .from(organisationMembers)
      .innerJoin(users, eq(users.id, organisationMembers.userId));
    for (const u of DEMO_USERS.filter((d) => d.orgKey)) {
      const row = people.find((p) => p.email === u.email)!;
      expect(row.role === "admin" || row.isRepresentative, u.email).toBe(u.represents);
    }
    expect(demoUser(DEMO_SIGN_INS.leadFirmMember)).toMatchObject({ role: "member", represents: true });
    expect(demoUser(DEMO_SIGN_INS.promoterPlainMember)).toMatchObject({ role: "member", represents: false, coalitionRole: "promoter" });

    const [admin] = await db.select().from(users).where(eq(users.email, PLATFORM_ADMIN.email));
    expect(admin.isPlatformAdmin).toBe(true);
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);

    // Every proposal past its draft has a budget: cost = requested + co-financing, never zero on its public page.
    const all = await db.select().from(proposals);
    const submitted = all.filter((p) => p.status !== "draft");
    expect(submitted.length).toBe(1 + PAST_PROPOSALS.length + VOTING_PROPOSALS.length + REVIEW_PROPOSALS.length + COUNTING_PROPOSALS.length);
    for (const p of submitted) {
      const lines = await db.select().from(proposalBudgetLines).where(eq(proposalBudgetLines.proposalId, p.id));
      const parts = await db.select().from(proposalPartners).where(eq(proposalPartners.proposalId, p.id));
      const cost = lines.reduce((s, l) => s + l.amountCents, 0);
      const cofinancing = parts.reduce((s, x) => s + x.cofinancingCents, 0);
      expect(cost, p.title).toBeGreaterThan(0);
      expect(cost - cofinancing, p.title).toBe(p.requestedCents);
    }

    // A database seeded before imported proposals had budgets gets them on the next run, once.
    const shop = submitted.find((p) => p.title === REVIEW_PROPOSALS[0].title)!;
    await db.delete(proposalBudgetLines).where(eq(proposalBudgetLines.proposalId, shop.id));
    const third = await seed(db);
    expect(third.changes).toEqual([`budgets of 1 imported proposals of "${REVIEW_CALL_TITLE}"`]);
    expect((await db.select().from(proposalBudgetLines).where(eq(proposalBudgetLines.proposalId, shop.id))).length).toBe(1 + REVIEW_PROPOSALS[0].partners.length);
    expect((await seed(db)).changes).toEqual([]);
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });
});
