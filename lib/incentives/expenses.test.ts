import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { documents, expenseLines, expenseReports, grants, proposalBudgetLines } from "@/db/schema";
import { documentAccess } from "@/lib/documents/access";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createPlatformAdmin, createUser, type TestOrganisation, type TestUser } from "@/test/factories";
import { addAcceptedPartner, createScenario, newDraft } from "@/test/proposals";
import { addExpenseLine, completeReview, createReport, removeExpenseLine, reviewLine, submitReport } from "./expenses";
import { getReportView, listReports } from "./expense-queries";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** Spring 2026: after the call's results; the invoices are dated before it. */
const NOW = new Date("2026-04-15T10:00:00Z");

const fixture = (name: string, as = name) => new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", name))], as);

type GrantScenario = {
  grantId: string;
  lead: TestOrganisation;
  /** Another partner of the same proposal: reads nothing of the lead's grant. */
  partner: TestOrganisation;
  rep: TestUser;
  member: TestUser;
  stranger: TestUser;
  promoter: TestUser;
  promoterMember: TestUser;
  admin: TestUser;
  /** The lead's budget lines: licences €10.000, consultancy €5.000; the partner's hardware €8.000. */
  licences: string;
  consultancy: string;
  partnerLine: string;
};

/**
 * A funded proposal's grant to its lead, written directly (grant creation from results is
 * tested with the grants service): eligible cost €15.000, granted €10.500, tolerance 10%.
 */
async function grantScenario(): Promise<GrantScenario> {
  const s = await createScenario(db);
  const proposalId = await newDraft(db, s);
  await addAcceptedPartner(db, proposalId, s.firm);
  const [licences, consultancy, partnerLine] = await db
    .insert(proposalBudgetLines)
    .values([
      { proposalId, organisationId: s.lead.organisationId, category: "software", description: "Licenze ERP", amountCents: 10_000_00, position: 1 },
      { proposalId, organisationId: s.lead.organisationId, category: "services", description: "Consulenza", amountCents: 5_000_00, position: 2 },
      { proposalId, organisationId: s.firm.organisationId, category: "equipment", description: "Hardware", amountCents: 8_000_00, position: 1 },
    ])
    .returning({ id: proposalBudgetLines.id });
  const [grant] = await db
    .insert(grants)
    .values({
      callId: s.callId,
      proposalId,
      organisationId: s.lead.organisationId,
      resultsVersion: 1,
      eligibleCostCents: 15_000_00,
      grantedCents: 10_500_00,
      createdBy: s.coalition.promoter.admin.actor.userId,
    })
    .returning({ id: grants.id });
  const member = await addMember(db, s.lead, "member");
  const promoterMember = await addMember(db, s.coalition.promoter, "member");
  setClock(NOW);
  return {
    grantId: grant.id,
    lead: s.lead,
    partner: s.firm,
    rep: s.lead.admin,
    member,
    stranger: await createUser(db),
    promoter: s.coalition.promoter.admin,
    promoterMember,
    admin: await createPlatformAdmin(db),
    licences: licences.id,
    consultancy: consultancy.id,
    partnerLine: partnerLine.id,
  };
}

const line = (reportId: string, budgetLineId: string, amount: string, extra: Record<string, unknown> = {}) => ({
  reportId,
  budgetLineId,
  supplier: "Gestionali Piemonte S.r.l.",
  invoiceNumber: `FT-${Math.floor(Math.random() * 1e6)}`,
  invoiceDate: "2026-03-20",
  amount,
  file: fixture("sample.pdf", "fattura.pdf"),
  ...extra,
});

async function grantRow(id: string) {
  const [g] = await db.select().from(grants).where(eq(grants.id, id));
  return g;
}

async function reportRow(id: string) {
  const [r] = await db.select().from(expenseReports).where(eq(expenseReports.id, id));
  return r;
}

/** A submitted report with one line per amount on the licences line. */
async function submitted(g: GrantScenario, amounts: string[], budgetLineId = g.licences, isFinal = false) {
  const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId, isFinal });
  const lines: string[] = [];
  for (const amount of amounts) lines.push((await addExpenseLine(db, g.rep.actor, line(id, budgetLineId, amount))).id);
  await submitReport(db, g.rep.actor, { reportId: id });
  return { reportId: id, lines };
}

describe("expense reports: the partner files, the promoter reviews", () => {
  it("files a report with invoices, the promoter accepts one line and cuts another, the grant's accepted total follows", async () => {
    const g = await grantScenario();
    const { id: reportId, number } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    expect(number).toBe(1);
    const a = await addExpenseLine(db, g.rep.actor, line(reportId, g.licences, "4.000"));
    const b = await addExpenseLine(db, g.rep.actor, line(reportId, g.consultancy, "1.234,56", { file: fixture("sample.pdf.p7m", "fattura.xml.p7m") }));
    const [invoice] = await db.select().from(documents).where(eq(documents.id, a.documentId));
    expect(invoice).toMatchObject({ kind: "invoice", organisationId: g.lead.organisationId, mediaType: "application/pdf" });

    await submitReport(db, g.rep.actor, { reportId });
    expect(await reportRow(reportId)).toMatchObject({ status: "submitted", submittedBy: g.rep.actor.userId });
    expect((await grantRow(g.grantId)).status).toBe("in_progress");

    await reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "accept" });
    await reviewLine(db, g.promoter.actor, { lineId: b.id, decision: "cut", accepted: "1.000", reason: "IVA non ammissibile" });
    // A decision may be changed until the review is complete.
    await reviewLine(db, g.promoter.actor, { lineId: b.id, decision: "cut", accepted: "1.034,56", reason: "Spese di trasferta non ammissibili" });
    expect((await grantRow(g.grantId)).acceptedCents).toBe(0);
    const { acceptedCents } = await completeReview(db, g.promoter.actor, { reportId });
    expect(acceptedCents).toBe(5_034_56);

    const grant = await grantRow(g.grantId);
    expect(grant.acceptedCents).toBe(5_034_56);
    const [sum] = await db
      .select({ cents: sql<string>`sum(${expenseLines.acceptedCents})` })
      .from(expenseLines)
      .innerJoin(expenseReports, eq(expenseReports.id, expenseLines.reportId))
      .where(and(eq(expenseReports.grantId, g.grantId), eq(expenseReports.status, "reviewed")));
    expect(Number(sum.cents)).toBe(grant.acceptedCents);
    expect(await reportRow(reportId)).toMatchObject({ status: "reviewed", reviewedBy: g.promoter.actor.userId });
    const [cut] = await db.select().from(expenseLines).where(eq(expenseLines.id, b.id));
    expect(cut).toMatchObject({ review: "cut", acceptedCents: 1_034_56, cutReason: "Spese di trasferta non ammissibili" });

    expect(await auditActionsFor(db, g.grantId)).toEqual([
      "expense_report.created",
      "expense_report.line_added",
      "expense_report.line_added",
      "expense_report.submitted",
      "expense_report.line_reviewed",
      "expense_report.line_reviewed",
      "expense_report.line_reviewed",
      "expense_report.reviewed",
    ]);

    // The pages' view: per budget line claimed, accepted and the allowance.
    const view = await getReportView(db, g.promoter.actor, g.grantId, 1);
    expect(view.budget.find((l) => l.budgetLineId === g.licences)).toMatchObject({ lineCents: 10_000_00, allowanceCents: 11_000_00, claimedCents: 4_000_00, acceptedCents: 4_000_00 });
    expect(view.budget.find((l) => l.budgetLineId === g.consultancy)).toMatchObject({ claimedCents: 1_234_56, acceptedCents: 1_034_56, allowanceCents: 5_500_00 });
    expect(view.budget.some((l) => l.budgetLineId === g.partnerLine)).toBe(false);
    const list = await listReports(db, g.member.actor, g.grantId);
    expect(list.reports).toEqual([expect.objectContaining({ number: 1, status: "reviewed", claimedCents: 5_234_56, acceptedCents: 5_034_56, lines: 2 })]);
  });

  it("moves the grant to reported on the final report, and takes no report after it", async () => {
    const g = await grantScenario();
    const first = await submitted(g, ["1.000"]);
    await expectAppError(createReport(db, g.rep.actor, { grantId: g.grantId, isFinal: true }).then(() => createReport(db, g.rep.actor, { grantId: g.grantId })), "INVALID_STATE", "expenseDraftOpen");
    const [finalReport] = await db.select().from(expenseReports).where(and(eq(expenseReports.grantId, g.grantId), eq(expenseReports.isFinal, true)));
    expect(finalReport.number).toBe(2);
    await addExpenseLine(db, g.rep.actor, line(finalReport.id, g.consultancy, "500"));
    await submitReport(db, g.rep.actor, { reportId: finalReport.id });
    expect((await grantRow(g.grantId)).status).toBe("reported");
    await expectAppError(createReport(db, g.rep.actor, { grantId: g.grantId }), "INVALID_STATE", "expenseGrantNotReportable");
    // The earlier report can still be reviewed.
    await reviewLine(db, g.promoter.actor, { lineId: first.lines[0], decision: "accept" });
    await completeReview(db, g.promoter.actor, { reportId: first.reportId });
    expect((await grantRow(g.grantId)).acceptedCents).toBe(1_000_00);
  });

  it("files the final report only once, even when it is the first", async () => {
    const g = await grantScenario();
    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId, isFinal: "on" });
    expect((await reportRow(id)).isFinal).toBe(true);
    await expectAppError(createReport(db, g.rep.actor, { grantId: g.grantId }), "INVALID_STATE", "expenseDraftOpen");
    await addExpenseLine(db, g.rep.actor, line(id, g.licences, "100"));
    await submitReport(db, g.rep.actor, { reportId: id });
    expect((await grantRow(g.grantId)).status).toBe("reported");
    await expectAppError(createReport(db, g.rep.actor, { grantId: g.grantId, isFinal: true }), "INVALID_STATE");
  });

  it("refuses reports on revoked and closed grants", async () => {
    const g = await grantScenario();
    await db.update(grants).set({ status: "revoked", revokedCents: 10_500_00, revocationReason: "Progetto non avviato" }).where(eq(grants.id, g.grantId));
    await expectAppError(createReport(db, g.rep.actor, { grantId: g.grantId }), "INVALID_STATE", "expenseGrantNotReportable");
    await db.update(grants).set({ status: "closed", revokedCents: 0, revocationReason: null }).where(eq(grants.id, g.grantId));
    await expectAppError(createReport(db, g.rep.actor, { grantId: g.grantId }), "INVALID_STATE", "expenseGrantNotReportable");
  });

  it("submits only a draft with lines, each with its invoice", async () => {
    const g = await grantScenario();
    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    await expectAppError(submitReport(db, g.rep.actor, { reportId: id }), "INVALID_STATE", "expenseReportEmpty");
    const { id: lineId, documentId } = await addExpenseLine(db, g.rep.actor, line(id, g.licences, "100"));
    // A line whose invoice went missing (not possible through the form) blocks submission.
    await db.update(expenseLines).set({ documentId: null }).where(eq(expenseLines.id, lineId));
    await expectAppError(submitReport(db, g.rep.actor, { reportId: id }), "INVALID_STATE", "expenseInvoiceMissing");
    await db.update(expenseLines).set({ documentId }).where(eq(expenseLines.id, lineId));
    await submitReport(db, g.rep.actor, { reportId: id });
    await expectAppError(submitReport(db, g.rep.actor, { reportId: id }), "INVALID_STATE", "expenseReportNotDraft");
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "100")), "INVALID_STATE", "expenseReportNotDraft");
    await expectAppError(removeExpenseLine(db, g.rep.actor, { lineId }), "INVALID_STATE", "expenseReportNotDraft");
  });

  it("removes a line from a draft, its invoice deleted with it", async () => {
    const g = await grantScenario();
    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    const { id: lineId, documentId } = await addExpenseLine(db, g.rep.actor, line(id, g.licences, "100"));
    await removeExpenseLine(db, g.rep.actor, { lineId });
    expect(await db.select().from(expenseLines).where(eq(expenseLines.reportId, id))).toEqual([]);
    const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
    expect(doc.deletedAt).not.toBeNull();
    await expectAppError(removeExpenseLine(db, g.rep.actor, { lineId }), "NOT_FOUND", "expenseLineNotFound");
  });

  it("checks each line: own budget line, invoice type, date not in the future, amount", async () => {
    const g = await grantScenario();
    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.partnerLine, "100")), "VALIDATION", "expenseBudgetLineNotOurs");
    const wrongType = await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "100", { file: fixture("sample.docx") })), "VALIDATION", "expenseInvoiceType");
    expect(wrongType.fieldErrors).toEqual({ file: ["expenseInvoiceType"] });
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "100", { file: undefined })), "VALIDATION", "uploadMissing");
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "100", { invoiceDate: "2026-04-16" })), "VALIDATION", "expenseInvoiceDateFuture");
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "100", { invoiceDate: "2026-02-30" })), "VALIDATION");
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "0")), "VALIDATION");
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "1.000.000.001")), "VALIDATION");
    await expectAppError(addExpenseLine(db, g.rep.actor, line(id, g.licences, "100", { supplier: " " })), "VALIDATION");
    expect(await db.select().from(expenseLines).where(eq(expenseLines.reportId, id))).toEqual([]);
    // A PNG scan is an invoice too.
    await addExpenseLine(db, g.rep.actor, line(id, g.licences, "100", { file: fixture("sample.png") }));
  });
});

describe("limits: a budget line's allowance and the grant's eligible cost", () => {
  it("accepts exactly up to the line plus 10%, refuses one cent more with the most that fits", async () => {
    const g = await grantScenario();
    const { reportId, lines } = await submitted(g, ["11.000,01"]);
    const over = await expectAppError(reviewLine(db, g.promoter.actor, { lineId: lines[0], decision: "accept" }), "VALIDATION", "expenseLineAllowanceExceeded");
    expect(over.values).toEqual({ maxCents: 11_000_00, allowanceCents: 11_000_00 });
    await reviewLine(db, g.promoter.actor, { lineId: lines[0], decision: "cut", accepted: "11.000", reason: "Oltre la voce di budget più la tolleranza" });
    await completeReview(db, g.promoter.actor, { reportId });

    // The next report's expense on the same line has nothing left.
    const next = await submitted(g, ["1"]);
    const none = await expectAppError(reviewLine(db, g.promoter.actor, { lineId: next.lines[0], decision: "accept" }), "VALIDATION", "expenseLineAllowanceExceeded");
    expect(none.values?.maxCents).toBe(0);
    await reviewLine(db, g.promoter.actor, { lineId: next.lines[0], decision: "cut", accepted: "0", reason: "Voce esaurita" });
    await completeReview(db, g.promoter.actor, { reportId: next.reportId });
    expect((await grantRow(g.grantId)).acceptedCents).toBe(11_000_00);
  });

  it("counts the decided lines of another report still under review", async () => {
    const g = await grantScenario();
    const first = await submitted(g, ["10.000"]);
    const second = await submitted(g, ["1.500"]);
    await reviewLine(db, g.promoter.actor, { lineId: first.lines[0], decision: "accept" });
    const e = await expectAppError(reviewLine(db, g.promoter.actor, { lineId: second.lines[0], decision: "accept" }), "VALIDATION", "expenseLineAllowanceExceeded");
    expect(e.values?.maxCents).toBe(1_000_00);
  });

  it("never accepts more than the grant's eligible cost over all lines", async () => {
    const g = await grantScenario();
    // Eligible cost €15.000: licences up to €11.000 plus consultancy up to €5.500 would be €16.500.
    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    const a = await addExpenseLine(db, g.rep.actor, line(id, g.licences, "11.000"));
    const b = await addExpenseLine(db, g.rep.actor, line(id, g.consultancy, "5.500"));
    await submitReport(db, g.rep.actor, { reportId: id });
    await reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "accept" });
    const e = await expectAppError(reviewLine(db, g.promoter.actor, { lineId: b.id, decision: "accept" }), "VALIDATION", "expenseGrantCostExceeded");
    expect(e.values).toEqual({ maxCents: 4_000_00, eligibleCostCents: 15_000_00 });
    await reviewLine(db, g.promoter.actor, { lineId: b.id, decision: "cut", accepted: "4.000", reason: "Oltre il costo ammissibile" });
    await completeReview(db, g.promoter.actor, { reportId: id });
    expect((await grantRow(g.grantId)).acceptedCents).toBe(15_000_00);
  });

  it("two decisions at once cannot both take the last of a line's allowance (grant row lock)", async () => {
    const g = await grantScenario();
    // Allowance €11.000: two expenses of €6.000 fit one at a time, not both.
    const { reportId, lines } = await submitted(g, ["6.000", "6.000"]);
    const results = await Promise.allSettled(lines.map((lineId) => reviewLine(db, g.promoter.actor, { lineId, decision: "accept" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "VALIDATION", messageKey: "expenseLineAllowanceExceeded", values: { maxCents: 5_000_00 } });
    const decided = await db.select().from(expenseLines).where(and(eq(expenseLines.reportId, reportId), eq(expenseLines.review, "accepted")));
    expect(decided).toHaveLength(1);
  });

  it("property: whatever the promoter decides, accepted totals equal the SQL sums and stay within every allowance", async () => {
    const decision = fc.record({ cut: fc.boolean(), share: fc.integer({ min: 0, max: 99 }) });
    const scenarioRun = fc.record({
      amounts: fc.array(fc.record({ consultancy: fc.boolean(), euros: fc.integer({ min: 1, max: 7_000 }) }), { minLength: 1, maxLength: 4 }),
      decisions: fc.array(decision, { minLength: 4, maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(scenarioRun, async ({ amounts, decisions }) => {
        const g = await grantScenario();
        // Two reports, so decisions of one count against the other.
        for (const half of [amounts.slice(0, 2), amounts.slice(2)]) {
          if (half.length === 0) continue;
          const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
          const lines = [];
          for (const a of half) lines.push(await addExpenseLine(db, g.rep.actor, line(id, a.consultancy ? g.consultancy : g.licences, String(a.euros))));
          await submitReport(db, g.rep.actor, { reportId: id });
          for (const [i, l] of lines.entries()) {
            const d = decisions[i];
            const amount = half[i].euros * 100;
            const input = d.cut ? { lineId: l.id, decision: "cut", accepted: Math.floor((amount * d.share) / 100), reason: "Taglio di prova" } : { lineId: l.id, decision: "accept" };
            try {
              await reviewLine(db, g.promoter.actor, input);
            } catch (error) {
              // Only the limits may refuse a decision here; the promoter then cuts to zero.
              expect(error).toMatchObject({ code: "VALIDATION", messageKey: expect.stringMatching(/^(expenseLineAllowanceExceeded|expenseGrantCostExceeded)$/) });
              await reviewLine(db, g.promoter.actor, { lineId: l.id, decision: "cut", accepted: 0, reason: "Oltre i limiti" });
            }
          }
          await completeReview(db, g.promoter.actor, { reportId: id });
        }
        const rows = await db
          .select({ budgetLineId: expenseLines.budgetLineId, accepted: sql<string>`sum(${expenseLines.acceptedCents})` })
          .from(expenseLines)
          .innerJoin(expenseReports, eq(expenseReports.id, expenseLines.reportId))
          .where(eq(expenseReports.grantId, g.grantId))
          .groupBy(expenseLines.budgetLineId);
        const byLine = new Map(rows.map((r) => [r.budgetLineId, Number(r.accepted)]));
        expect(byLine.get(g.licences) ?? 0).toBeLessThanOrEqual(11_000_00);
        expect(byLine.get(g.consultancy) ?? 0).toBeLessThanOrEqual(5_500_00);
        const total = [...byLine.values()].reduce((a, b) => a + b, 0);
        const grant = await grantRow(g.grantId);
        expect(grant.acceptedCents).toBe(total);
        expect(grant.acceptedCents).toBeLessThanOrEqual(grant.eligibleCostCents);
      }),
      { numRuns: 6 },
    );
  }, 120_000);

  it("refuses a cut that is not below the amount or has no reason, and reviews of drafts", async () => {
    const g = await grantScenario();
    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    const a = await addExpenseLine(db, g.rep.actor, line(id, g.licences, "1.000"));
    await expectAppError(reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "accept" }), "INVALID_STATE", "expenseReportNotSubmitted");
    await expectAppError(completeReview(db, g.promoter.actor, { reportId: id }), "INVALID_STATE", "expenseReportNotSubmitted");
    await submitReport(db, g.rep.actor, { reportId: id });
    await expectAppError(reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "cut", accepted: "1.000", reason: "Non pertinente" }), "VALIDATION", "expenseCutNotBelowAmount");
    await expectAppError(reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "cut", accepted: "500", reason: "no" }), "VALIDATION", "expenseCutReasonRequired");
    await expectAppError(completeReview(db, g.promoter.actor, { reportId: id }), "INVALID_STATE", "expenseLinesPending");
    await reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "accept" });
    await completeReview(db, g.promoter.actor, { reportId: id });
    await expectAppError(reviewLine(db, g.promoter.actor, { lineId: a.id, decision: "accept" }), "INVALID_STATE", "expenseReportNotSubmitted");
    await expectAppError(completeReview(db, g.promoter.actor, { reportId: id }), "INVALID_STATE", "expenseReportNotSubmitted");
  });
});

describe("permissions", () => {
  it("only the grant organisation's representatives file; a plain member is refused, strangers and other partners find nothing", async () => {
    const g = await grantScenario();
    await expectAppError(createReport(db, g.member.actor, { grantId: g.grantId }), "FORBIDDEN", "notRepresentative");
    await expectAppError(createReport(db, g.promoter.actor, { grantId: g.grantId }), "FORBIDDEN", "grantRepresentativeOnly");
    await expectAppError(createReport(db, g.admin.actor, { grantId: g.grantId }), "FORBIDDEN", "grantRepresentativeOnly");
    for (const outsider of [g.stranger, g.partner.admin]) {
      await expectAppError(createReport(db, outsider.actor, { grantId: g.grantId }), "NOT_FOUND", "expenseReportNotFound");
    }
    await expectAppError(createReport(db, null, { grantId: g.grantId }), "UNAUTHENTICATED");

    const { id } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    const { id: lineId } = await addExpenseLine(db, g.rep.actor, line(id, g.licences, "100"));
    for (const [who, code] of [
      [g.member, "FORBIDDEN"],
      [g.promoter, "FORBIDDEN"],
      [g.stranger, "NOT_FOUND"],
      [g.partner.admin, "NOT_FOUND"],
    ] as const) {
      await expectAppError(addExpenseLine(db, who.actor, line(id, g.licences, "100")), code);
      await expectAppError(removeExpenseLine(db, who.actor, { lineId }), code);
      await expectAppError(submitReport(db, who.actor, { reportId: id }), code);
    }
    // A named representative (a member the admin names) files too.
    const named = await addMember(db, g.lead, "member", { representative: true });
    await addExpenseLine(db, named.actor, line(id, g.consultancy, "200"));
    await submitReport(db, named.actor, { reportId: id });
    expect((await reportRow(id)).status).toBe("submitted");
  });

  it("only the coalition promoter's representatives review; the partner, a promoter's plain member and admins are refused, strangers find nothing", async () => {
    const g = await grantScenario();
    const { reportId, lines } = await submitted(g, ["100"]);
    for (const [who, code] of [
      [g.rep, "FORBIDDEN"],
      [g.member, "FORBIDDEN"],
      [g.promoterMember, "FORBIDDEN"],
      [g.admin, "FORBIDDEN"],
      [g.stranger, "NOT_FOUND"],
      [g.partner.admin, "NOT_FOUND"],
    ] as const) {
      await expectAppError(reviewLine(db, who.actor, { lineId: lines[0], decision: "accept" }), code);
      await expectAppError(completeReview(db, who.actor, { reportId }), code);
    }
    await expectAppError(reviewLine(db, g.stranger.actor, { lineId: lines[0], decision: "accept" }), "NOT_FOUND", "expenseReportNotFound");
    await reviewLine(db, g.promoter.actor, { lineId: lines[0], decision: "accept" });
    await completeReview(db, g.promoter.actor, { reportId });
  });

  it("reads: the organisation's members, the promoters and platform admins; NOT_FOUND for the rest, also for the invoice", async () => {
    const g = await grantScenario();
    const { reportId } = await submitted(g, ["100"]);
    const [l] = await db.select().from(expenseLines).where(eq(expenseLines.reportId, reportId));
    const [invoice] = await db.select().from(documents).where(eq(documents.id, l.documentId!));
    for (const reader of [g.rep, g.member, g.promoter, g.promoterMember, g.admin]) {
      expect((await listReports(db, reader.actor, g.grantId)).reports).toHaveLength(1);
      expect((await getReportView(db, reader.actor, g.grantId, 1)).lines).toHaveLength(1);
      expect(await documentAccess(db, reader.actor, invoice)).toEqual({ canRead: true, isPublic: false });
    }
    for (const outsider of [g.stranger, g.partner.admin]) {
      await expectAppError(listReports(db, outsider.actor, g.grantId), "NOT_FOUND");
      await expectAppError(getReportView(db, outsider.actor, g.grantId, 1), "NOT_FOUND");
      expect((await documentAccess(db, outsider.actor, invoice)).canRead).toBe(false);
    }
    expect((await documentAccess(db, null, invoice)).canRead).toBe(false);
    await expectAppError(getReportView(db, g.rep.actor, g.grantId, 9), "NOT_FOUND", "expenseReportNotFound");
    // An invoice removed with its line is read by nobody.
    const { id: draftId } = await createReport(db, g.rep.actor, { grantId: g.grantId });
    const removed = await addExpenseLine(db, g.rep.actor, line(draftId, g.licences, "100"));
    await removeExpenseLine(db, g.rep.actor, { lineId: removed.id });
    const [gone] = await db.select().from(documents).where(eq(documents.id, removed.documentId));
    expect((await documentAccess(db, g.rep.actor, gone)).canRead).toBe(false);
  });

  it("drafts are visible to the organisation only, not yet to the promoters", async () => {
    const g = await grantScenario();
    await createReport(db, g.rep.actor, { grantId: g.grantId });
    expect((await listReports(db, g.member.actor, g.grantId)).reports).toHaveLength(1);
    expect((await listReports(db, g.promoter.actor, g.grantId)).reports).toHaveLength(0);
    await expectAppError(getReportView(db, g.promoter.actor, g.grantId, 1), "NOT_FOUND", "expenseReportNotFound");
  });
});
