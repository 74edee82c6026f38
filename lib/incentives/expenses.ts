import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { documents, expenseLines, expenseReports, grants, proposalBudgetLines, type ExpenseLine, type ExpenseReport } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { documentAuditData, insertDocument } from "@/lib/documents/service";
import { readUpload, uploadErrorKeys } from "@/lib/documents/upload";
import { AppError, isUniqueViolation, type FieldErrors, type Problem } from "@/lib/errors";
import { notifyExpenseReportReviewed } from "@/lib/notifications/triggers";
import { romeDate } from "./application-machine";
import { acceptanceProblem, lineAllowanceCents } from "./expense-limits";
import { canEditLines, planComplete, planCreateReport, planLineReview, planSubmit, type Decision, type Plan } from "./expense-machine";
import { addExpenseLineInputOf, addExpenseLineSchema, createReportSchema, expenseLineIdSchema, INVOICE_FILE_KINDS, reportIdSchema, reviewLineSchema } from "./expense-schemas";
import { requireGrantPromoter, requireGrantRepresentative, type GrantAccess } from "./grant-permissions";
import { grantStatusAfter } from "./grant-machine";

/**
 * Expense reports (SAL) of the pact's grants (issue 11, item 2). The representatives of the
 * grant's organisation file them — lines against the organisation's own budget lines of the
 * proposal, each with its invoice (a document of kind 'invoice') — and the promoters of the
 * call's coalition review them line by line. Every write locks the grant row first
 * (`select … for update`), so the accepted totals and the limits checked against them cannot
 * race; every write records an audit entry on the grant with the values before and after.
 */

/** A report holds at most this many lines (a bounded page, a bounded review). */
export const MAX_LINES_PER_REPORT = 200;

function refuse(code: "VALIDATION" | "INVALID_STATE", problems: Problem[]): never {
  const fieldErrors: FieldErrors = {};
  for (const p of problems) (fieldErrors[p.field] ??= []).push(p.key);
  throw new AppError(code, problems[0].key, fieldErrors, { values: problems[0].values, problems });
}

function unwrap<T>(plan: Plan<T>, code: "VALIDATION" | "INVALID_STATE" = "INVALID_STATE"): T {
  if (!plan.ok) refuse(code, plan.problems);
  return plan.value;
}

/**
 * The report and its grant, for the side that acts, with the grant row locked. Anyone who may
 * not read the grant learns nothing: the report is "not found".
 */
async function lockReport(tx: Tx, actor: Actor, reportId: string, side: "representative" | "promoter"): Promise<{ access: GrantAccess; report: ExpenseReport }> {
  const [found] = await tx.select({ grantId: expenseReports.grantId }).from(expenseReports).where(eq(expenseReports.id, reportId));
  if (!found) throw new AppError("NOT_FOUND", "expenseReportNotFound");
  const access = await guard(tx, actor, found.grantId, side);
  const [report] = await tx.select().from(expenseReports).where(eq(expenseReports.id, reportId)).for("update");
  return { access, report };
}

async function guard(tx: Tx, actor: Actor, grantId: string, side: "representative" | "promoter"): Promise<GrantAccess> {
  try {
    return side === "promoter" ? await requireGrantPromoter(tx, actor, grantId, { lock: true }) : await requireGrantRepresentative(tx, actor, grantId, { lock: true });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw new AppError("NOT_FOUND", "expenseReportNotFound");
    throw error;
  }
}

async function lockLine(tx: Tx, actor: Actor, lineId: string, side: "representative" | "promoter") {
  const [found] = await tx.select({ reportId: expenseLines.reportId }).from(expenseLines).where(eq(expenseLines.id, lineId));
  if (!found) throw new AppError("NOT_FOUND", "expenseLineNotFound");
  const { access, report } = await lockReport(tx, actor, found.reportId, side);
  const [line] = await tx.select().from(expenseLines).where(eq(expenseLines.id, lineId)).for("update");
  return { access, report, line };
}

/** What an audit entry keeps of a line. */
function lineAuditData(line: ExpenseLine) {
  return {
    lineId: line.id,
    budgetLineId: line.budgetLineId,
    supplier: line.supplier,
    invoiceNumber: line.invoiceNumber,
    invoiceDate: line.invoiceDate,
    amountCents: line.amountCents,
    documentId: line.documentId,
  };
}

/**
 * A representative of the grant's organisation opens a report (a draft), final or not.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN (not a representative),
 * INVALID_STATE (grant closed, revoked or already reported; a draft already open; a final report already filed).
 */
export async function createReport(db: Db, actor: Actor | null, input: unknown): Promise<{ id: string; number: number }> {
  const data = parseInput(createReportSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const access = await guard(tx, who, data.grantId, "representative");
    const reports = await tx
      .select({ number: expenseReports.number, status: expenseReports.status, isFinal: expenseReports.isFinal })
      .from(expenseReports)
      .where(eq(expenseReports.grantId, access.grant.id));
    const plan = unwrap(planCreateReport({ grantStatus: access.grant.status, reports }, data.isFinal));
    const at = now();
    let row: ExpenseReport;
    try {
      [row] = await tx
        .insert(expenseReports)
        .values({ grantId: access.grant.id, number: plan.number, isFinal: plan.isFinal, createdBy: who.userId, createdAt: at, updatedAt: at })
        .returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", "expenseDraftOpen");
      throw error;
    }
    await record(tx, {
      actorUserId: who.userId,
      organisationId: access.grant.organisationId,
      action: "expense_report.created",
      entityType: "grant",
      entityId: access.grant.id,
      data: { reportId: row.id, number: row.number, isFinal: row.isFinal, before: {}, after: { status: row.status } },
    });
    return { id: row.id, number: row.number };
  });
}

/**
 * A representative adds an expense to a draft: supplier, invoice number and date, amount, one
 * of the organisation's own budget lines of the grant's proposal, and the invoice file (PDF,
 * signed .p7m or a scan, decided from its bytes), kept as a document of kind 'invoice'.
 * Throws UNAUTHENTICATED, VALIDATION (fields, file), NOT_FOUND, FORBIDDEN, INVALID_STATE (not a draft).
 */
export async function addExpenseLine(db: Db, actor: Actor | null, input: unknown): Promise<{ id: string; documentId: string }> {
  const data = parseInput(addExpenseLineSchema, addExpenseLineInputOf(input));
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { access, report } = await lockReport(tx, who, data.reportId, "representative");
    unwrap(canEditLines(report.status, access.grant.status));
    const at = now();
    if (data.invoiceDate > romeDate(at)) throw new AppError("VALIDATION", "expenseInvoiceDateFuture", { invoiceDate: ["expenseInvoiceDateFuture"] });
    const [budgetLine] = await tx
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(
        and(
          eq(proposalBudgetLines.id, data.budgetLineId),
          eq(proposalBudgetLines.proposalId, access.grant.proposalId),
          eq(proposalBudgetLines.organisationId, access.grant.organisationId),
        ),
      );
    if (!budgetLine) throw new AppError("VALIDATION", "expenseBudgetLineNotOurs", { budgetLineId: ["expenseBudgetLineNotOurs"] });
    const [{ count, last }] = await tx
      .select({ count: sql<number>`count(*)::int`, last: sql<number>`coalesce(max(${expenseLines.position}), 0)::int` })
      .from(expenseLines)
      .where(eq(expenseLines.reportId, report.id));
    if (count >= MAX_LINES_PER_REPORT) throw new AppError("INVALID_STATE", "expenseReportFull", undefined, { values: { max: MAX_LINES_PER_REPORT } });

    const read = await readUpload(data.file, INVOICE_FILE_KINDS);
    if (!read.ok) {
      const key = read.error === "typeNotAllowed" ? "expenseInvoiceType" : uploadErrorKeys[read.error];
      throw new AppError("VALIDATION", key, { file: [key] });
    }
    const document = await insertDocument(tx, {
      kind: "invoice",
      organisationId: access.grant.organisationId,
      title: `${data.invoiceNumber} — ${data.supplier}`,
      fileName: read.upload.fileName,
      uploadedBy: who.userId,
      bytes: read.upload.bytes,
      detected: read.upload.detected,
    });
    const [line] = await tx
      .insert(expenseLines)
      .values({
        reportId: report.id,
        budgetLineId: budgetLine.id,
        supplier: data.supplier,
        invoiceNumber: data.invoiceNumber,
        invoiceDate: data.invoiceDate,
        amountCents: data.amount,
        documentId: document.id,
        position: last + 1,
        createdAt: at,
      })
      .returning();
    await tx.update(expenseReports).set({ version: report.version + 1, updatedAt: at }).where(eq(expenseReports.id, report.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: access.grant.organisationId,
      action: "expense_report.line_added",
      entityType: "grant",
      entityId: access.grant.id,
      data: { reportId: report.id, number: report.number, ...lineAuditData(line), invoice: documentAuditData(document), before: {}, after: lineAuditData(line) },
    });
    return { id: line.id, documentId: document.id };
  });
}

/** A representative removes a line from a draft; its invoice is deleted with it (soft). Throws as addExpenseLine. */
export async function removeExpenseLine(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { lineId } = parseInput(expenseLineIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { access, report, line } = await lockLine(tx, who, lineId, "representative");
    unwrap(canEditLines(report.status, access.grant.status));
    const at = now();
    await tx.delete(expenseLines).where(eq(expenseLines.id, line.id));
    if (line.documentId) await tx.update(documents).set({ deletedAt: at }).where(eq(documents.id, line.documentId));
    await tx.update(expenseReports).set({ version: report.version + 1, updatedAt: at }).where(eq(expenseReports.id, report.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: access.grant.organisationId,
      action: "expense_report.line_removed",
      entityType: "grant",
      entityId: access.grant.id,
      data: { reportId: report.id, number: report.number, ...lineAuditData(line), before: lineAuditData(line), after: {} },
    });
  });
}

/**
 * A representative submits a draft with at least one line, every line with its invoice. The
 * grant moves as the grant machine says: the first report starts it (in_progress), the final
 * report moves it to reported. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function submitReport(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { reportId } = parseInput(reportIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { access, report } = await lockReport(tx, who, reportId, "representative");
    const lines = await tx.select({ documentId: expenseLines.documentId }).from(expenseLines).where(eq(expenseLines.reportId, report.id));
    unwrap(planSubmit(report.status, access.grant.status, lines));
    const move = grantStatusAfter(access.grant.status, { type: "report_submitted", isFinal: report.isFinal });
    if (!move.ok) refuse("INVALID_STATE", [{ field: "grantId", key: move.key }]);
    const at = now();
    await tx
      .update(expenseReports)
      .set({ status: "submitted", submittedAt: at, submittedBy: who.userId, version: report.version + 1, updatedAt: at })
      .where(eq(expenseReports.id, report.id));
    if (move.status !== access.grant.status) {
      await tx.update(grants).set({ status: move.status, updatedAt: at }).where(eq(grants.id, access.grant.id));
    }
    const [claimed] = await tx
      .select({ cents: sql<number>`coalesce(sum(${expenseLines.amountCents}), 0)::bigint` })
      .from(expenseLines)
      .where(eq(expenseLines.reportId, report.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: access.grant.organisationId,
      action: "expense_report.submitted",
      entityType: "grant",
      entityId: access.grant.id,
      data: {
        reportId: report.id,
        number: report.number,
        isFinal: report.isFinal,
        lines: lines.length,
        claimedCents: Number(claimed.cents),
        before: { reportStatus: report.status, grantStatus: access.grant.status },
        after: { reportStatus: "submitted", grantStatus: move.status },
      },
    });
  });
}

/** Σ accepted of the grant's decided lines other than `exceptLineId`, on one budget line and in all. */
async function acceptedSoFar(tx: Tx, grantId: string, budgetLineId: string, exceptLineId: string) {
  const [row] = await tx
    .select({
      onLine: sql<string>`coalesce(sum(${expenseLines.acceptedCents}) filter (where ${expenseLines.budgetLineId} = ${budgetLineId}), 0)`,
      onGrant: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)`,
    })
    .from(expenseLines)
    .innerJoin(expenseReports, eq(expenseReports.id, expenseLines.reportId))
    .where(and(eq(expenseReports.grantId, grantId), ne(expenseLines.review, "pending"), ne(expenseLines.id, exceptLineId)));
  return { onLine: Number(row.onLine), onGrant: Number(row.onGrant) };
}

/**
 * A promoter decides one line of a submitted report: accepted whole, or cut to a smaller amount
 * with a reason; a decision may be changed until the review is completed. What is accepted
 * keeps, with every other decided line of the grant, within the budget line's allowance (the
 * call's tolerance) and the grant's eligible cost. Throws UNAUTHENTICATED, VALIDATION (amount,
 * reason, limits), NOT_FOUND, FORBIDDEN (not a promoter's representative), INVALID_STATE.
 */
export async function reviewLine(db: Db, actor: Actor | null, input: unknown): Promise<{ acceptedCents: number }> {
  const data = parseInput(reviewLineSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { access, report, line } = await lockLine(tx, who, data.lineId, "promoter");
    if (access.grant.status === "closed" || access.grant.status === "revoked") throw new AppError("INVALID_STATE", "grantFinished");
    const decision: Decision = data.decision === "accept" ? { decision: "accept" } : { decision: "cut", acceptedCents: data.accepted, reason: data.reason };
    const review = unwrap(planLineReview(report.status, line.amountCents, decision), report.status === "submitted" ? "VALIDATION" : "INVALID_STATE");
    const [budgetLine] = await tx.select({ amountCents: proposalBudgetLines.amountCents }).from(proposalBudgetLines).where(eq(proposalBudgetLines.id, line.budgetLineId));
    const soFar = await acceptedSoFar(tx, access.grant.id, line.budgetLineId, line.id);
    const problem = acceptanceProblem(
      {
        allowanceCents: lineAllowanceCents(budgetLine.amountCents, access.call.lineToleranceBp),
        acceptedOnLineCents: soFar.onLine,
        acceptedOnGrantCents: soFar.onGrant,
        eligibleCostCents: access.grant.eligibleCostCents,
      },
      review.acceptedCents,
    );
    if (problem) refuse("VALIDATION", [problem]);
    await tx.update(expenseLines).set({ review: review.review, acceptedCents: review.acceptedCents, cutReason: review.cutReason }).where(eq(expenseLines.id, line.id));
    await tx.update(expenseReports).set({ version: report.version + 1, updatedAt: now() }).where(eq(expenseReports.id, report.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: access.grant.organisationId,
      action: "expense_report.line_reviewed",
      entityType: "grant",
      entityId: access.grant.id,
      data: {
        reportId: report.id,
        number: report.number,
        lineId: line.id,
        supplier: line.supplier,
        invoiceNumber: line.invoiceNumber,
        amountCents: line.amountCents,
        before: { review: line.review, acceptedCents: line.acceptedCents, cutReason: line.cutReason },
        after: review,
      },
    });
    return { acceptedCents: review.acceptedCents };
  });
}

/**
 * A promoter completes the review of a submitted report whose every line is decided: the report
 * is reviewed and the grant's accepted total grows by the report's accepted sum, under the grant
 * row lock. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (lines pending,
 * not submitted, or the limits no longer hold).
 */
export async function completeReview(db: Db, actor: Actor | null, input: unknown): Promise<{ acceptedCents: number }> {
  const { reportId } = parseInput(reportIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { access, report } = await lockReport(tx, who, reportId, "promoter");
    if (access.grant.status === "closed" || access.grant.status === "revoked") throw new AppError("INVALID_STATE", "grantFinished");
    const lines = await tx.select({ review: expenseLines.review }).from(expenseLines).where(eq(expenseLines.reportId, report.id));
    unwrap(planComplete(report.status, lines));
    const [sum] = await tx
      .select({ accepted: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)`, claimed: sql<string>`coalesce(sum(${expenseLines.amountCents}), 0)` })
      .from(expenseLines)
      .where(eq(expenseLines.reportId, report.id));
    const acceptedCents = Number(sum.accepted);
    const grantAccepted = access.grant.acceptedCents + acceptedCents;
    // Each decision was checked under this same lock; this guards the total once more.
    if (grantAccepted > access.grant.eligibleCostCents) {
      refuse("INVALID_STATE", [{ field: "reportId", key: "expenseGrantCostExceeded", values: { maxCents: Math.max(0, access.grant.eligibleCostCents - access.grant.acceptedCents), eligibleCostCents: access.grant.eligibleCostCents } }]);
    }
    const at = now();
    await tx.update(expenseReports).set({ status: "reviewed", reviewedAt: at, reviewedBy: who.userId, version: report.version + 1, updatedAt: at }).where(eq(expenseReports.id, report.id));
    await tx.update(grants).set({ acceptedCents: grantAccepted, updatedAt: at }).where(eq(grants.id, access.grant.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: access.grant.organisationId,
      action: "expense_report.reviewed",
      entityType: "grant",
      entityId: access.grant.id,
      data: {
        reportId: report.id,
        number: report.number,
        isFinal: report.isFinal,
        claimedCents: Number(sum.claimed),
        reportAcceptedCents: acceptedCents,
        before: { reportStatus: report.status, acceptedCents: access.grant.acceptedCents },
        after: { reportStatus: "reviewed", acceptedCents: grantAccepted },
      },
    });
    await notifyExpenseReportReviewed(tx, {
      actorUserId: who.userId,
      reportId: report.id,
      number: report.number,
      grantId: access.grant.id,
      organisationId: access.grant.organisationId,
      proposalId: access.grant.proposalId,
      acceptedCents,
    });
    return { acceptedCents };
  });
}

/** The lines of a report in their order (for tests and the page's queries). */
export function linesOf(db: Db | Tx, reportId: string) {
  return db.select().from(expenseLines).where(eq(expenseLines.reportId, reportId)).orderBy(asc(expenseLines.position));
}
