import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { documentAccess } from "@/lib/documents/access";
import { auditEntries, documents, expenseReports, grants, proposalBudgetLines, tranches } from "@/db/schema";
import { expectAppError } from "@/test/assert";
import { createTestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { fundedScenario, grantRow, type FundedScenario } from "@/test/grants";
import { addExpenseLine, completeReview, createReport, removeExpenseLine, reviewLine, submitReport } from "./expenses";
import { getReportView, listReports } from "./expense-queries";
import { getCoalitionFunding } from "./coalition-funding";
import { requireGrantReader } from "./grant-permissions";
import { getGrantView } from "./grant-queries";
import { closeGrant, recordConcession, releaseTranche, revokeGrant } from "./grants";

/**
 * Holes found by the review of the pact's grants (issue 11): each test failed before its fix.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** 9 March 2026 (Rome), the day after the vote (the clock fundedScenario leaves). */
const TODAY = "2026-03-09";

const concession = (f: FundedScenario, grantId: string) =>
  recordConcession(db, f.s.coalition.promoter.admin.actor, {
    grantId,
    version: 1,
    actNumber: "Determinazione n. 45/2026",
    actDate: TODAY,
    cup: "J51B24000123000",
    cor: "1234567",
    startsOn: "2026-04-01",
    endsOn: "2027-03-31",
    finalReportDueOn: "2027-05-31",
  });

/** A reviewed report with this much accepted (as completeReview leaves it). */
async function reviewedReport(grantId: string, number: number, acceptedCents: number, isFinal: boolean) {
  const g = await grantRow(db, grantId);
  await db.insert(expenseReports).values({ grantId, number, isFinal, status: "reviewed", createdBy: g.createdBy, submittedAt: new Date(), reviewedAt: new Date() });
  await db
    .update(grants)
    .set({ acceptedCents: g.acceptedCents + acceptedCents, status: isFinal ? "reported" : "in_progress" })
    .where(eq(grants.id, grantId));
}

describe("review: closing a grant", () => {
  it("refuses to close without balance while more was paid than earned and not shown as to recover; closes once revoked down to what was earned", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 10000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.firm.id; // cost 50.000 = granted 50.000
    await concession(f, id);
    await releaseTranche(db, promoter, { grantId: id, kind: "advance", amount: "20.000", guarantee: "Fideiussione n. 1", paidOn: TODAY });
    // Final report: only 10.000 accepted → earned 10.000, paid 20.000.
    await reviewedReport(id, 1, 10_000_00, true);
    const refused = await expectAppError(closeGrant(db, promoter, { grantId: id }), "INVALID_STATE", "grantPaidAboveEarned");
    expect(refused.values).toEqual({ excessCents: 10_000_00, revokeCents: 40_000_00 });
    expect(await grantRow(db, id)).toMatchObject({ status: "reported" });
    // The promoter revokes what was not earned: the excess shows as to recover, then the grant closes.
    expect(await revokeGrant(db, promoter, { grantId: id, whole: false, amount: "40.000", reason: "Spese riconosciute inferiori" })).toMatchObject({ toRecoverCents: 10_000_00 });
    await closeGrant(db, promoter, { grantId: id });
    expect(await grantRow(db, id)).toMatchObject({ status: "closed", paidCents: 20_000_00, revokedCents: 40_000_00 });
    expect((await getGrantView(db, promoter, id)).figures).toMatchObject({ earnedCents: 10_000_00, toRecoverCents: 10_000_00 });
  });
});

describe("review: the balance waits for every report", () => {
  it("refuses the balance and closing while an earlier report is still under review (its expenses would be lost)", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 10000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.firm.id; // cost 50.000 = granted 50.000
    await concession(f, id);
    const g = await grantRow(db, id);
    // SAL 1 submitted, not yet reviewed; the final report (2) reviewed with 10.000 accepted.
    await db.insert(expenseReports).values({ grantId: id, number: 1, isFinal: false, status: "submitted", createdBy: g.createdBy, submittedAt: new Date() });
    await reviewedReport(id, 2, 10_000_00, true);
    await expectAppError(releaseTranche(db, promoter, { grantId: id, kind: "balance", paidOn: TODAY }), "INVALID_STATE", "grantReportUnderReview");
    expect(await grantRow(db, id)).toMatchObject({ status: "reported", paidCents: 0 });
    await db.update(grants).set({ acceptedCents: 0 }).where(eq(grants.id, id));
    await expectAppError(closeGrant(db, promoter, { grantId: id }), "INVALID_STATE", "grantReportUnderReview");
    expect(await grantRow(db, id)).toMatchObject({ status: "reported" });
  });
});

describe("review: drafts stay the organisation's own on the grant page", () => {
  it("the promoter's grant view lists neither the partner's draft report nor its lines in the history", async () => {
    const f = await fundedScenario(db);
    const rep = f.s.firm.admin.actor;
    const [budgetLine] = await db
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, f.proposalId), eq(proposalBudgetLines.organisationId, f.s.firm.organisationId)));
    const { id: reportId } = await createReport(db, rep, { grantId: f.firm.id });
    const file = new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", "sample.pdf"))], "fattura.pdf");
    await addExpenseLine(db, rep, { reportId, budgetLineId: budgetLine.id, supplier: "Fornitore Riservato S.r.l.", invoiceNumber: "FT-77", invoiceDate: "2026-03-01", amount: "1.234,56", file });

    const own = await getGrantView(db, rep, f.firm.id);
    expect(own.reports.map((r) => r.status)).toEqual(["draft"]);
    expect(own.timeline.some((e) => e.action === "expense_report.line_added")).toBe(true);

    const seen = await getGrantView(db, f.s.coalition.promoter.admin.actor, f.firm.id);
    expect(seen.reports).toEqual([]);
    expect(seen.timeline.filter((e) => e.action.startsWith("expense_report."))).toEqual([]);
    expect(JSON.stringify(seen.timeline)).not.toContain("Fornitore Riservato");
  });
});

describe("review: dates the database cannot store", () => {
  it("refuses the year 0000 as an invalid date (concession, invoice) instead of failing in PostgreSQL", async () => {
    const f = await fundedScenario(db);
    const promoter = f.s.coalition.promoter.admin.actor;
    const concessionWith = (overrides: Record<string, string>) =>
      recordConcession(db, promoter, { grantId: f.firm.id, version: 1, actNumber: "Det. 1", actDate: TODAY, cup: "J51B24000123000", cor: "1234567", startsOn: "2026-04-01", endsOn: "2027-03-31", finalReportDueOn: "2027-05-31", ...overrides });
    const actDate = await expectAppError(concessionWith({ actDate: "0000-12-31" }), "VALIDATION");
    expect(actDate.fieldErrors?.actDate).toEqual(["dateInvalid"]);
    const startsOn = await expectAppError(concessionWith({ actDate: "0001-01-01", startsOn: "0000-06-01" }), "VALIDATION");
    expect(startsOn.fieldErrors?.startsOn).toEqual(["dateInvalid"]);
    // Years outside 2000–2099 are typing slips (a final report due in 9999 would never be late).
    const far = await expectAppError(concessionWith({ finalReportDueOn: "9999-12-31" }), "VALIDATION");
    expect(far.fieldErrors?.finalReportDueOn).toEqual(["dateInvalid"]);
    const old = await expectAppError(concessionWith({ actDate: "1999-12-31" }), "VALIDATION");
    expect(old.fieldErrors?.actDate).toEqual(["dateInvalid"]);

    const rep = f.s.firm.admin.actor;
    const [budgetLine] = await db
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, f.proposalId), eq(proposalBudgetLines.organisationId, f.s.firm.organisationId)));
    const { id: reportId } = await createReport(db, rep, { grantId: f.firm.id });
    const file = new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", "sample.pdf"))], "fattura.pdf");
    const invoice = await expectAppError(
      addExpenseLine(db, rep, { reportId, budgetLineId: budgetLine.id, supplier: "Fornitore", invoiceNumber: "FT-1", invoiceDate: "0000-02-29", amount: "100", file }),
      "VALIDATION",
    );
    expect(invoice.fieldErrors?.invoiceDate).toEqual(["dateInvalid"]);
  });
});

describe("review: the grant row lock holds for tranches", () => {
  it("two interim tranches at once cannot both take what was earned: one is refused, paid stays the SQL sum and within earned", async () => {
    const f = await fundedScenario(db);
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.firm.id; // cost 50.000 = granted 50.000
    await concession(f, id);
    await reviewedReport(id, 1, 30_000_00, false); // earned 30.000
    const pay = () => releaseTranche(db, promoter, { grantId: id, kind: "interim", amount: "30.000", paidOn: TODAY });
    const outcomes = await Promise.allSettled([pay(), pay()]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "VALIDATION", messageKey: "grantInterimAboveEarned" });
    const [sum] = await db.select({ s: sql<string>`coalesce(sum(${tranches.amountCents}), 0)` }).from(tranches).where(eq(tranches.grantId, id));
    expect(await grantRow(db, id)).toMatchObject({ paidCents: 30_000_00 });
    expect(Number(sum.s)).toBe(30_000_00);
  });
});

describe("review: the advance before any other tranche", () => {
  it("is paid also once the partner's first report is in (in progress, no tranche yet), as the plan allows; not after the final report", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 3000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const rep = f.s.firm.admin.actor;
    const id = f.firm.id; // granted 50.000 → ceiling 15.000
    await concession(f, id);
    const [budgetLine] = await db
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, f.proposalId), eq(proposalBudgetLines.organisationId, f.s.firm.organisationId)));
    const { id: reportId } = await createReport(db, rep, { grantId: id });
    const file = new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", "sample.pdf"))], "fattura.pdf");
    await addExpenseLine(db, rep, { reportId, budgetLineId: budgetLine.id, supplier: "Fornitore", invoiceNumber: "FT-9", invoiceDate: "2026-03-01", amount: "1.000", file });
    await submitReport(db, rep, { reportId });
    expect(await grantRow(db, id)).toMatchObject({ status: "in_progress", paidCents: 0 });
    expect(await releaseTranche(db, promoter, { grantId: id, kind: "advance", amount: "15.000", guarantee: "Fideiussione n. 7", paidOn: TODAY })).toMatchObject({ amountCents: 15_000_00, status: "in_progress" });
    expect(await grantRow(db, id)).toMatchObject({ status: "in_progress", paidCents: 15_000_00 });

    // Once the final report is in, no advance any more.
    const g = f.university.id;
    await concession(f, g);
    await db.update(grants).set({ status: "reported" }).where(eq(grants.id, g));
    await expectAppError(releaseTranche(db, promoter, { grantId: g, kind: "advance", amount: "1.000", guarantee: "G", paidOn: TODAY }), "INVALID_STATE", "grantAdvanceTooLate");
  });
});

describe("review: the promoter of another coalition", () => {
  it("finds nothing of this coalition's grants: reads, every promoter act, the reports, the invoice and the coalition's funding view", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 3000 });
    const rep = f.s.firm.admin.actor;
    const id = f.firm.id;
    await concession(f, id);
    const [budgetLine] = await db
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, f.proposalId), eq(proposalBudgetLines.organisationId, f.s.firm.organisationId)));
    const { id: reportId } = await createReport(db, rep, { grantId: id });
    const file = new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", "sample.pdf"))], "fattura.pdf");
    const { id: lineId, documentId } = await addExpenseLine(db, rep, { reportId, budgetLineId: budgetLine.id, supplier: "Fornitore", invoiceNumber: "FT-3", invoiceDate: "2026-03-01", amount: "1.000", file });
    await submitReport(db, rep, { reportId });

    const other = (await createTestCoalition(db)).promoter.admin.actor;
    await expectAppError(requireGrantReader(db, other, id), "NOT_FOUND", "grantNotFound");
    await expectAppError(getGrantView(db, other, id), "NOT_FOUND", "grantNotFound");
    await expectAppError(listReports(db, other, id), "NOT_FOUND", "grantNotFound");
    await expectAppError(getReportView(db, other, id, 1), "NOT_FOUND", "grantNotFound");
    await expectAppError(recordConcession(db, other, { grantId: id, version: 2, actNumber: "X", actDate: TODAY, cup: "J51B24000123000", cor: "1234567", startsOn: "2026-04-01", endsOn: "2027-03-31", finalReportDueOn: "2027-05-31" }), "NOT_FOUND", "grantNotFound");
    await expectAppError(releaseTranche(db, other, { grantId: id, kind: "advance", amount: "1.000", guarantee: "G", paidOn: TODAY }), "NOT_FOUND", "grantNotFound");
    await expectAppError(revokeGrant(db, other, { grantId: id, whole: true, reason: "Revoca da un estraneo" }), "NOT_FOUND", "grantNotFound");
    await expectAppError(closeGrant(db, other, { grantId: id }), "NOT_FOUND", "grantNotFound");
    await expectAppError(reviewLine(db, other, { lineId, decision: "accept" }), "NOT_FOUND", "expenseReportNotFound");
    await expectAppError(completeReview(db, other, { reportId }), "NOT_FOUND", "expenseReportNotFound");
    const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
    expect((await documentAccess(db, other, doc)).canRead).toBe(false);
    await expectAppError(getCoalitionFunding(db, other, f.s.coalition.slug, { page: 1 }), "NOT_FOUND", "coalitionNotFound");
    // Nothing moved.
    expect(await grantRow(db, id)).toMatchObject({ status: "in_progress", paidCents: 0, revokedCents: 0, version: 2 });
  });
});

describe("review: audit entries of expense lines", () => {
  it("adding and removing a line record the line before and after, like every other change", async () => {
    const f = await fundedScenario(db);
    const rep = f.s.firm.admin.actor;
    const [budgetLine] = await db
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, f.proposalId), eq(proposalBudgetLines.organisationId, f.s.firm.organisationId)));
    const { id: reportId } = await createReport(db, rep, { grantId: f.firm.id });
    const file = new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", "sample.pdf"))], "fattura.pdf");
    const { id: lineId } = await addExpenseLine(db, rep, { reportId, budgetLineId: budgetLine.id, supplier: "Fornitore Audit", invoiceNumber: "FT-5", invoiceDate: "2026-03-01", amount: "2.500", file });
    await removeExpenseLine(db, rep, { lineId });
    const entries = await db
      .select({ action: auditEntries.action, data: auditEntries.data })
      .from(auditEntries)
      .where(and(eq(auditEntries.entityId, f.firm.id), sql`${auditEntries.action} in ('expense_report.line_added', 'expense_report.line_removed')`))
      .orderBy(auditEntries.seq);
    expect(entries.map((e) => e.action)).toEqual(["expense_report.line_added", "expense_report.line_removed"]);
    const line = { lineId, supplier: "Fornitore Audit", invoiceNumber: "FT-5", amountCents: 2_500_00 };
    expect(entries[0].data).toMatchObject({ before: {}, after: line });
    expect(entries[1].data).toMatchObject({ before: line, after: {} });
  });
});
