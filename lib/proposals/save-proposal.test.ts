import { and, asc, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, proposalBudgetLines, proposalPartners, proposals } from "@/db/schema";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addAcceptedPartner, createScenario, newDraft, type Scenario } from "@/test/proposals";
import { removePartner } from "./partnerships";
import { checkProposal, saveBudgetPart, saveProposal, updateProposal } from "./service";

/**
 * Issue 9, "forms that forgive": the proposal page has one save. Description, budget parts
 * and co-financing go in one transaction, at one version, with one audit entry; the
 * requested contribution is computed by the server (total cost − co-financing) unless the
 * call allows asking for less, where the lead may type up to that.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function row(id: string) {
  const [p] = await db.select().from(proposals).where(eq(proposals.id, id));
  return p;
}

async function linesOf(id: string) {
  return db
    .select({ organisationId: proposalBudgetLines.organisationId, description: proposalBudgetLines.description, amountCents: proposalBudgetLines.amountCents })
    .from(proposalBudgetLines)
    .where(eq(proposalBudgetLines.proposalId, id))
    .orderBy(asc(proposalBudgetLines.organisationId), asc(proposalBudgetLines.position));
}

async function cofinancingOf(id: string, organisationId: string) {
  const [p] = await db
    .select({ cents: proposalPartners.cofinancingCents })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, id), eq(proposalPartners.organisationId, organisationId)));
  return p.cents;
}

async function lastAudit(id: string) {
  const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, id)).orderBy(desc(auditEntries.seq)).limit(1);
  return entry;
}

function details(title: string) {
  return {
    title,
    summary: "Un ERP per le imprese del distretto",
    problem: "Nessuna impresa può permetterselo da sola",
    solutionType: "erp",
    objectives: "Adottarlo in dieci imprese",
    indicators: [{ name: "Imprese", baseline: "0", target: "10", unit: "imprese" }],
    milestones: [{ title: "Avvio", month: "1" }],
    durationMonths: "18",
    sectors: ["industry"],
    lookingForKinds: [],
  };
}

const part = (org: Scenario["lead"], amounts: string[], cofinancing: string) => ({
  organisationId: org.organisationId,
  lines: amounts.map((amount, i) => ({ category: "services", description: `Voce ${i + 1}`, amount })),
  cofinancing,
});

async function draftWithPartners(s: Scenario) {
  const id = await newDraft(db, s);
  await addAcceptedPartner(db, id, s.firm);
  await addAcceptedPartner(db, id, s.university);
  return id;
}

describe("saveProposal: one save for the whole proposal", () => {
  it("writes the description and every budget part the lead sends in one version, with one audit entry", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    const result = await saveProposal(db, s.lead.admin.actor, {
      proposalId: id,
      version: 1,
      details: details("ERP condiviso"),
      parts: [part(s.lead, ["250.000"], "90.000"), part(s.firm, ["50.000"], "30.000"), part(s.university, ["100.000"], "")],
    });
    expect(result).toEqual({ version: 2, requestedCents: 280_000_00 });
    const p = await row(id);
    expect([p.title, p.durationMonths, p.version, p.requestedCents]).toEqual(["ERP condiviso", 18, 2, 280_000_00]);
    expect((await linesOf(id)).map((l) => l.amountCents).sort((a, b) => a - b)).toEqual([50_000_00, 100_000_00, 250_000_00]);
    expect(await cofinancingOf(id, s.firm.organisationId)).toBe(30_000_00);
    expect(await auditActionsFor(db, id)).toEqual(["proposal.created", "proposal.updated"]);
    const entry = await lastAudit(id);
    expect(entry.data).toMatchObject({ version: 2, title: "ERP condiviso", requestedCents: 280_000_00, requestedBefore: 0 });
    expect((entry.data as { parts: unknown[] }).parts).toHaveLength(3);
    // The budget as saved meets the call's funding rules: nothing about the request is left to fix.
    const problems = (await checkProposal(db, s.lead.admin.actor, { proposalId: id })).map((x) => x.key);
    expect(problems).not.toContain("proposalFundingNotBalanced");
    expect(problems).not.toContain("proposalRequestedRequired");
  });

  it("writes nothing at all when one part is refused (a line past the ceiling), and names that line", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    const error = await expectAppError(
      saveProposal(db, s.lead.admin.actor, {
        proposalId: id,
        version: 1,
        details: details("Non salvato"),
        parts: [part(s.lead, ["600.000.000"], ""), part(s.firm, ["500.000.000"], "")],
      }),
      "VALIDATION",
      "proposalBudgetTooLarge",
    );
    expect(error.fieldErrors).toEqual({ "parts.1.lines.0.amount": ["proposalTotalTooLarge"] });
    const p = await row(id);
    expect([p.title, p.version]).toEqual(["Bozza", 1]);
    expect(await linesOf(id)).toEqual([]);
    expect(await auditActionsFor(db, id)).toEqual(["proposal.created"]);
  });

  it("computes the requested contribution itself and ignores a forged one", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    const result = await saveProposal(db, s.lead.admin.actor, {
      proposalId: id,
      version: 1,
      details: details("Falso"),
      requested: "399.999",
      requestedCents: 399_999_00,
      parts: [part(s.lead, ["100.000"], "30.000")],
    });
    expect(result.requestedCents).toBe(70_000_00);
    expect((await row(id)).requestedCents).toBe(70_000_00);
    // The description alone (the old path, kept for scripts) cannot set it either.
    await updateProposal(db, s.lead.admin.actor, { proposalId: id, version: 2, ...details("Ancora"), requested: "1.000" });
    expect((await row(id)).requestedCents).toBe(70_000_00);
  });

  it("a stale version is refused and nothing of that save is written", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    await saveProposal(db, s.firm.admin.actor, { proposalId: id, version: 1, parts: [part(s.firm, ["10.000"], "")] });
    const error = await expectAppError(
      saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 1, details: details("Dalla scheda vecchia"), parts: [part(s.lead, ["1"], "")] }),
      "CONFLICT",
      "proposalStale",
    );
    expect(error.values?.name).toBe(s.firm.admin.actor.name);
    const p = await row(id);
    expect([p.title, p.version, p.requestedCents]).toEqual(["Bozza", 2, 10_000_00]);
    expect((await linesOf(id)).map((l) => l.organisationId)).toEqual([s.firm.organisationId]);
  });

  it("of parallel saves from the same version exactly one wins", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    const results = await Promise.allSettled(
      ["A", "B", "C"].map((title) => saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 1, details: details(title), parts: [part(s.lead, ["1.000"], "")] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await row(id)).version).toBe(2);
    expect(await linesOf(id)).toHaveLength(1);
  });
});

describe("saveProposal: each person saves what they may edit", () => {
  it("a partner's admin saves its own part and co-financing; the requested contribution follows", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    await saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 1, details: details("ERP"), parts: [part(s.lead, ["100.000"], "30.000")] });
    const result = await saveProposal(db, s.firm.admin.actor, { proposalId: id, version: 2, parts: [part(s.firm, ["50.000"], "20.000")] });
    expect(result).toEqual({ version: 3, requestedCents: 100_000_00 });
    expect(await auditActionsFor(db, id)).toEqual(["proposal.created", "proposal.updated", "proposal.budget_saved"]);
    expect((await lastAudit(id)).organisationId).toBe(s.firm.organisationId);
  });

  it("a partner may not save the description, another organisation's part, or the requested amount", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    await expectAppError(saveProposal(db, s.firm.admin.actor, { proposalId: id, version: 1, details: details("Dal partner"), parts: [] }), "FORBIDDEN");
    await expectAppError(saveProposal(db, s.firm.admin.actor, { proposalId: id, version: 1, parts: [part(s.lead, ["1"], "")] }), "FORBIDDEN");
    await expectAppError(
      saveProposal(db, s.firm.admin.actor, { proposalId: id, version: 1, parts: [part(s.firm, ["1"], ""), part(s.university, ["1"], "")] }),
      "FORBIDDEN",
    );
    // Sent by a partner, a requested amount is ignored like any forged value.
    await saveProposal(db, s.firm.admin.actor, { proposalId: id, version: 1, requested: "5", parts: [part(s.firm, ["100"], "")] });
    expect((await row(id)).requestedCents).toBe(100_00);
    // Someone outside the proposal does not learn it exists.
    await expectAppError(saveProposal(db, s.observer.admin.actor, { proposalId: id, version: 2, parts: [] }), "NOT_FOUND");
    await expectAppError(saveProposal(db, null, { proposalId: id, version: 2, parts: [] }), "UNAUTHENTICATED");
  });

  it("refuses the same organisation twice in one save", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    const error = await expectAppError(
      saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 1, parts: [part(s.lead, ["1"], ""), part(s.lead, ["2"], "")] }),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["parts.1.organisationId"]);
  });

  it("removing a partner takes its part out of the requested contribution", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartners(s);
    await saveProposal(db, s.lead.admin.actor, {
      proposalId: id,
      version: 1,
      parts: [part(s.lead, ["100.000"], "30.000"), part(s.firm, ["50.000"], "10.000")],
    });
    expect((await row(id)).requestedCents).toBe(110_000_00);
    await removePartner(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId });
    expect((await row(id)).requestedCents).toBe(70_000_00);
  });
});

describe("saveProposal where the call allows asking for less", () => {
  it("the lead may type up to total − co-financing; more is refused next to the field; empty asks for all of it", async () => {
    const s = await createScenario(db, { allowLowerRequest: true });
    const id = await draftWithPartners(s);
    const budget = [part(s.lead, ["100.000"], "30.000")];
    const lower = await saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 1, details: details("Meno"), requested: "50.000", parts: budget });
    expect(lower.requestedCents).toBe(50_000_00);
    expect((await checkProposal(db, s.lead.admin.actor, { proposalId: id })).map((p) => p.key)).not.toContain("proposalRequestedAboveBalance");

    const error = await expectAppError(
      saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 2, details: details("Troppo"), requested: "70.000,01", parts: budget }),
      "VALIDATION",
      "proposalRequestedAboveBalance",
    );
    expect(error.fieldErrors).toEqual({ requested: ["proposalRequestedAboveBalance"] });
    const p = await row(id);
    expect([p.title, p.version, p.requestedCents]).toEqual(["Meno", 2, 50_000_00]);

    const exact = await saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 2, details: details("Esatto"), requested: "70.000", parts: budget });
    expect(exact.requestedCents).toBe(70_000_00);
    const all = await saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 3, details: details("Tutto"), requested: "", parts: budget });
    expect(all.requestedCents).toBe(70_000_00);
  });

  it("a partner's save keeps the lead's amount, lowered only if the budget no longer leaves it", async () => {
    const s = await createScenario(db, { allowLowerRequest: true });
    const id = await draftWithPartners(s);
    await saveProposal(db, s.lead.admin.actor, { proposalId: id, version: 1, requested: "60.000", parts: [part(s.lead, ["100.000"], "30.000")] });
    expect((await row(id)).requestedCents).toBe(60_000_00);
    await saveBudgetPart(db, s.firm.admin.actor, { proposalId: id, version: 2, organisationId: s.firm.organisationId, lines: [], cofinancing: "5.000" });
    expect((await row(id)).requestedCents).toBe(60_000_00);
    await saveBudgetPart(db, s.firm.admin.actor, { proposalId: id, version: 3, organisationId: s.firm.organisationId, lines: [], cofinancing: "20.000" });
    expect((await row(id)).requestedCents).toBe(50_000_00);
  });
});
