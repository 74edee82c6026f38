import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposalBudgetLines, proposalPartners, proposals } from "@/db/schema";
import { createCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatCents, MAX_AMOUNT_CENTS } from "@/lib/money";
import { expectAppError } from "@/test/assert";
import { asOwner, auditActionsFor, pgErrorCode, testDb } from "@/test/db";
import { addAcceptedPartner, AFTER_SUBMISSION, completeDraft, createScenario, newDraft, openCallInput, type Scenario } from "@/test/proposals";
import { getProposalForViewer } from "./queries";
import { readStream } from "@/test/csv";
import { exportProposalsCsv, listSubmittedProposals } from "./review";
import { checkProposal, saveBudgetPart, updateProposal } from "./service";

/**
 * Every amount has a ceiling (DESIGN rule 11, MAX_AMOUNT_CENTS = €1 billion): each field,
 * each part, and the proposal's totals, checked on save inside the transaction. Pages
 * must not fail on rows stored before the ceiling existed.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function version(id: string) {
  const [row] = await db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, id));
  return row.version;
}

async function draftWithPartner(s: Scenario) {
  const id = await newDraft(db, s);
  await addAcceptedPartner(db, id, s.firm);
  await addAcceptedPartner(db, id, s.university);
  return id;
}

const part = async (s: Scenario, id: string, org: Scenario["lead"], amounts: string[], cofinancing = "") =>
  saveBudgetPart(db, org.admin.actor, {
    proposalId: id,
    version: await version(id),
    organisationId: org.organisationId,
    lines: amounts.map((amount) => ({ category: "services", description: "Voce", amount })),
    cofinancing,
  });

async function linesOf(id: string, organisationId: string) {
  return db
    .select({ amountCents: proposalBudgetLines.amountCents })
    .from(proposalBudgetLines)
    .where(and(eq(proposalBudgetLines.proposalId, id), eq(proposalBudgetLines.organisationId, organisationId)));
}

describe("saveBudgetPart: the proposal's totals stay within €1 billion", () => {
  it("refuses a partner's part that, with the lead's, takes the total past the ceiling, with the field that crosses it; nothing changes", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartner(s);
    await part(s, id, s.lead, ["600.000.000"]);
    const before = await version(id);
    const audit = await auditActionsFor(db, id);

    const error = await expectAppError(part(s, id, s.firm, ["1.000", "500.000.000", "1"]), "VALIDATION", "proposalBudgetTooLarge");
    expect(error.fieldErrors).toEqual({ "lines.1.amount": ["proposalTotalTooLarge"] });
    expect(await version(id)).toBe(before);
    expect(await linesOf(id, s.firm.organisationId)).toEqual([]);
    expect(await auditActionsFor(db, id)).toEqual(audit);

    // Exactly at the ceiling is allowed.
    await part(s, id, s.firm, ["400.000.000"]);
    const view = await getProposalForViewer(db, s.lead.admin.actor, id);
    expect(view?.totals.totalCents).toBe(MAX_AMOUNT_CENTS);
    expect(view?.totals.isWithinCeiling).toBe(true);
    // One more cent, from anyone, is not.
    const more = await expectAppError(part(s, id, s.university, ["0,01"]), "VALIDATION");
    expect(more.fieldErrors).toEqual({ "lines.0.amount": ["proposalTotalTooLarge"] });
  });

  it("refuses a co-financing that takes the proposal's total co-financing past the ceiling", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartner(s);
    await part(s, id, s.lead, ["100"], "600.000.000");
    const error = await expectAppError(part(s, id, s.firm, ["100"], "500.000.000"), "VALIDATION");
    expect(error.fieldErrors).toEqual({ cofinancing: ["proposalCofinancingTooLarge"] });
    const [firm] = await db
      .select({ cofinancingCents: proposalPartners.cofinancingCents })
      .from(proposalPartners)
      .where(and(eq(proposalPartners.proposalId, id), eq(proposalPartners.organisationId, s.firm.organisationId)));
    expect(firm.cofinancingCents).toBe(0);
  });

  it("refuses each amount past the ceiling, and a part whose own lines add up past it, before looking at the database", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartner(s);
    const huge = await expectAppError(part(s, id, s.firm, ["90.071.992.547.409,91"]), "VALIDATION");
    expect(huge.fieldErrors).toEqual({ "lines.0.amount": ["amountTooLarge"] });
    const sum = await expectAppError(part(s, id, s.firm, ["999.999.999", "999.999.999"]), "VALIDATION");
    expect(sum.fieldErrors).toEqual({ "lines.1.amount": ["proposalTotalTooLarge"] });
    const requested = await expectAppError(completeDraft(db, s, id, await version(id), "1.000.000.001"), "VALIDATION");
    expect(requested.fieldErrors).toEqual({ requested: ["amountTooLarge"] });
  });

  it("of two parts saved at the same time, each fitting alone, only one gets in", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartner(s);
    const v = await version(id);
    const save = (org: Scenario["lead"]) =>
      saveBudgetPart(db, org.admin.actor, {
        proposalId: id,
        version: v,
        organisationId: org.organisationId,
        lines: [{ category: "services", description: "Voce", amount: "600.000.000" }],
        cofinancing: "",
      });
    const results = await Promise.allSettled([save(s.lead), save(s.firm)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    // The loser is refused either as stale (same starting version) or for the ceiling; never both saved.
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    const view = await getProposalForViewer(db, s.lead.admin.actor, id);
    expect(view?.totals.totalCents).toBe(600_000_000_00);
  });

  it("the call's money fields have the same ceiling", async () => {
    const s = await createScenario(db);
    const error = await expectAppError(
      createCall(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, ...openCallInput({ budget: "1.000.000.000,01", maxRequest: "9.007.199.254.740,99" }) }),
      "VALIDATION",
    );
    expect(error.fieldErrors).toEqual({ budget: ["amountTooLarge"], maxRequest: ["amountTooLarge"] });
  });
});

/** The SQLSTATE a statement fails with, or "none" if it succeeds. */
async function sqlState(statement: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await statement;
    return "none";
  } catch (error) {
    return pgErrorCode(error);
  }
}

describe("rows stored before the ceiling existed", () => {
  /** Two parts of 2^53 − 1 cents each: the data that made the workspace and the public page answer 500. */
  async function overflowing(s: Scenario) {
    const id = await draftWithPartner(s);
    await completeDraft(db, s, id, await version(id));
    // Migration 0007 put the ceiling in CHECK constraints (NOT VALID, so older rows stay).
    // Rows from before it are recreated the only way they can be now: as the owner, with the
    // constraints dropped and added back in one transaction nobody else sees half-done.
    await asOwner((owner) =>
      owner.transaction(async (tx) => {
        await tx.execute(sql`alter table proposal_budget_lines drop constraint proposal_budget_lines_amount_ceiling`);
        await tx.execute(sql`alter table proposal_partners drop constraint proposal_partners_cofinancing_ceiling`);
        for (const org of [s.lead, s.firm]) {
          await tx.insert(proposalBudgetLines).values({
            proposalId: id,
            organisationId: org.organisationId,
            category: "services",
            description: "Riga di prima del tetto",
            amountCents: Number.MAX_SAFE_INTEGER,
          });
        }
        await tx
          .update(proposalPartners)
          .set({ cofinancingCents: Number.MAX_SAFE_INTEGER })
          .where(and(eq(proposalPartners.proposalId, id), eq(proposalPartners.organisationId, s.lead.organisationId)));
        await tx.execute(
          sql`alter table proposal_budget_lines add constraint proposal_budget_lines_amount_ceiling check (amount_cents <= 100000000000) not valid`,
        );
        await tx.execute(
          sql`alter table proposal_partners add constraint proposal_partners_cofinancing_ceiling check (cofinancing_cents <= 100000000000) not valid`,
        );
      }),
    );
    return id;
  }

  it("the database itself refuses a new line or co-financing past the ceiling, whatever the service does", async () => {
    const s = await createScenario(db);
    const id = await draftWithPartner(s);
    const line = db.insert(proposalBudgetLines).values({
      proposalId: id,
      organisationId: s.lead.organisationId,
      category: "services",
      description: "Oltre il tetto",
      amountCents: MAX_AMOUNT_CENTS + 1,
    });
    expect(await sqlState(line)).toBe("23514");
    const cofinancing = db
      .update(proposalPartners)
      .set({ cofinancingCents: MAX_AMOUNT_CENTS + 1 })
      .where(and(eq(proposalPartners.proposalId, id), eq(proposalPartners.organisationId, s.lead.organisationId)));
    expect(await sqlState(cofinancing)).toBe("23514");
  });

  it("the workspace's and public page's query gives totals (not an exception) and the budget cannot be submitted", async () => {
    const s = await createScenario(db);
    const id = await overflowing(s);
    const view = await getProposalForViewer(db, s.lead.admin.actor, id);
    expect(view?.totals.totalCents).toBe(2 * Number.MAX_SAFE_INTEGER);
    expect(view?.totals.isWithinCeiling).toBe(false);
    // What the pages then do with it.
    expect(formatCents(view!.totals.totalCents, "it")).toBe("180.143.985.094.819,82\u00a0€");
    const problems = await checkProposal(db, s.lead.admin.actor, { proposalId: id });
    expect(problems.map((p) => p.key)).toContain("proposalBudgetTooLarge");
  });

  it("the review table and the CSV of a submitted out-of-range proposal still work", async () => {
    const s = await createScenario(db);
    const id = await overflowing(s);
    await db.update(proposals).set({ status: "submitted", submittedAt: new Date(), reference: `OLD-${id.slice(0, 8)}-0001` }).where(eq(proposals.id, id));
    setClock(AFTER_SUBMISSION);
    const list = await listSubmittedProposals(db, s.coalition.promoter.admin.actor, s.callId);
    expect(list?.rows.find((r) => r.id === id)?.totalCents).toBe(2 * Number.MAX_SAFE_INTEGER);
    const { body: stream } = await exportProposalsCsv(db, s.coalition.promoter.admin.actor, s.callId);
    const body = await readStream(stream);
    expect(body).toContain(";180143985094819,82;");
  });

  it("a part that adds nothing can still be saved, so the lead can bring the proposal back within the ceiling", async () => {
    const s = await createScenario(db);
    const id = await overflowing(s);
    // Adding to it is refused…
    await expectAppError(part(s, id, s.university, ["1"]), "VALIDATION", "proposalBudgetTooLarge");
    // …emptying the firm's part and fixing the lead's is not.
    await part(s, id, s.firm, []);
    await part(s, id, s.lead, ["300.000"], "90.000");
    const view = await getProposalForViewer(db, s.lead.admin.actor, id);
    expect(view?.totals).toMatchObject({ totalCents: 300_000_00, cofinancingCents: 90_000_00, isWithinCeiling: true });
    await updateProposal(db, s.lead.admin.actor, { proposalId: id, version: await version(id), ...(await fieldsOf(id)), requested: "210.000" });
    expect((await checkProposal(db, s.lead.admin.actor, { proposalId: id })).map((p) => p.key)).not.toContain("proposalBudgetTooLarge");
  });
});

/** The description as the form would send it back. */
async function fieldsOf(id: string) {
  const [p] = await db.select().from(proposals).where(eq(proposals.id, id));
  return {
    title: p.title,
    summary: p.summary,
    problem: p.problem,
    solutionType: (p.solutionType ?? "") as "erp",
    objectives: p.objectives,
    indicators: p.indicators,
    milestones: p.milestones.map((m) => ({ title: m.title, month: String(m.month) })),
    durationMonths: p.durationMonths ? String(p.durationMonths) : "",
    sectors: p.sectors as "industry"[],
    lookingForKinds: [],
  };
}
