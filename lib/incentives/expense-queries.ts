import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { documents, expenseLines, expenseReports, organisations, proposalBudgetLines, proposals, type ExpenseReport } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { lineAllowanceCents, maxAcceptableCents } from "./expense-limits";
import { planCreateReport } from "./expense-machine";
import { MAX_LINES_PER_REPORT } from "./expenses";
import { requireGrantReader, type GrantAccess } from "./grant-permissions";

/**
 * Reads of the expense reports for the pages /grants/[id]/reports and …/[number], scoped to the
 * viewer: the grant's readers (grant-permissions.ts) see its reports; drafts only the grant
 * organisation's members (nobody sees a draft that is not theirs). Sums are SQL aggregates.
 */

/** A grant has few reports (one per SAL); the list is bounded all the same. */
export const MAX_REPORTS_LISTED = 100;

async function readable(db: Db, actor: Actor, grantId: string): Promise<GrantAccess> {
  return requireGrantReader(db, actor, grantId);
}

async function grantHeader(db: Db, access: GrantAccess) {
  const [row] = await db
    .select({ proposalTitle: proposals.title, proposalReference: proposals.reference, organisationName: organisations.legalName })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, access.grant.organisationId))
    .where(eq(proposals.id, access.grant.proposalId));
  const g = access.grant;
  return {
    id: g.id,
    status: g.status,
    organisationId: g.organisationId,
    organisationName: row.organisationName,
    proposalTitle: row.proposalTitle,
    proposalReference: row.proposalReference,
    callTitle: access.call.title,
    cup: g.cup,
    eligibleCostCents: g.eligibleCostCents,
    grantedCents: g.grantedCents,
    acceptedCents: g.acceptedCents,
    paidCents: g.paidCents,
    lineToleranceBp: access.call.lineToleranceBp,
  };
}

/** The drafts the viewer may see: all for the organisation's members, none for the others. */
const seesDrafts = (access: GrantAccess) => access.membership !== null;

export type ReportListItem = {
  id: string;
  number: number;
  isFinal: boolean;
  status: ExpenseReport["status"];
  submittedAt: Date | null;
  reviewedAt: Date | null;
  lines: number;
  claimedCents: number;
  acceptedCents: number;
};

/** The grant's reports with their claimed and accepted sums, and what the viewer may do. Throws NOT_FOUND. */
export async function listReports(db: Db, actor: Actor, grantId: string) {
  const access = await readable(db, actor, grantId);
  const rows = await db
    .select({
      id: expenseReports.id,
      number: expenseReports.number,
      isFinal: expenseReports.isFinal,
      status: expenseReports.status,
      submittedAt: expenseReports.submittedAt,
      reviewedAt: expenseReports.reviewedAt,
      lines: sql<number>`count(${expenseLines.id})::int`,
      claimedCents: sql<string>`coalesce(sum(${expenseLines.amountCents}), 0)`,
      acceptedCents: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)`,
    })
    .from(expenseReports)
    .leftJoin(expenseLines, eq(expenseLines.reportId, expenseReports.id))
    .where(and(eq(expenseReports.grantId, access.grant.id), seesDrafts(access) ? undefined : ne(expenseReports.status, "draft")))
    .groupBy(expenseReports.id)
    .orderBy(desc(expenseReports.number))
    .limit(MAX_REPORTS_LISTED);
  const reports: ReportListItem[] = rows.map((r) => ({ ...r, claimedCents: Number(r.claimedCents), acceptedCents: Number(r.acceptedCents) }));
  // What a new report would meet: the machine on every report (also those the viewer does not see).
  const all = await db
    .select({ number: expenseReports.number, status: expenseReports.status, isFinal: expenseReports.isFinal })
    .from(expenseReports)
    .where(eq(expenseReports.grantId, access.grant.id));
  const createPlan = planCreateReport({ grantStatus: access.grant.status, reports: all }, false);
  return {
    grant: await grantHeader(db, access),
    reports,
    canFile: access.isRepresentative,
    canReview: access.isPromoter,
    /** Why a representative cannot open a report now (null when they can). */
    createBlockedBy: createPlan.ok ? null : createPlan.problems[0].key,
    finalFiled: all.some((r) => r.isFinal),
  };
}

/**
 * One report (by its number) with its lines, their invoices, the budget lines of the grant's
 * organisation with what this report claims and accepts on each, what other reports accepted,
 * the allowance and, for a reviewer, the most each line may still accept. Throws NOT_FOUND.
 */
export async function getReportView(db: Db, actor: Actor, grantId: string, number: number) {
  const access = await readable(db, actor, grantId);
  if (!Number.isSafeInteger(number) || number < 1) throw new AppError("NOT_FOUND", "expenseReportNotFound");
  const [report] = await db.select().from(expenseReports).where(and(eq(expenseReports.grantId, access.grant.id), eq(expenseReports.number, number)));
  if (!report || (report.status === "draft" && !seesDrafts(access))) throw new AppError("NOT_FOUND", "expenseReportNotFound");

  const [lines, budgetRows, otherRows] = await Promise.all([
    db
      .select({
        id: expenseLines.id,
        budgetLineId: expenseLines.budgetLineId,
        supplier: expenseLines.supplier,
        invoiceNumber: expenseLines.invoiceNumber,
        invoiceDate: expenseLines.invoiceDate,
        amountCents: expenseLines.amountCents,
        review: expenseLines.review,
        acceptedCents: expenseLines.acceptedCents,
        cutReason: expenseLines.cutReason,
        documentId: expenseLines.documentId,
        fileName: documents.fileName,
      })
      .from(expenseLines)
      .leftJoin(documents, eq(documents.id, expenseLines.documentId))
      .where(eq(expenseLines.reportId, report.id))
      .orderBy(asc(expenseLines.position))
      .limit(MAX_LINES_PER_REPORT),
    db
      .select({
        budgetLineId: proposalBudgetLines.id,
        category: proposalBudgetLines.category,
        description: proposalBudgetLines.description,
        lineCents: proposalBudgetLines.amountCents,
        claimedCents: sql<string>`coalesce(sum(${expenseLines.amountCents}), 0)`,
        acceptedCents: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)`,
      })
      .from(proposalBudgetLines)
      .leftJoin(expenseLines, and(eq(expenseLines.budgetLineId, proposalBudgetLines.id), eq(expenseLines.reportId, report.id)))
      .where(and(eq(proposalBudgetLines.proposalId, access.grant.proposalId), eq(proposalBudgetLines.organisationId, access.grant.organisationId)))
      .groupBy(proposalBudgetLines.id)
      .orderBy(asc(proposalBudgetLines.position), asc(proposalBudgetLines.id)),
    // Accepted on each budget line by the decided lines of the grant's other reports.
    db
      .select({ budgetLineId: expenseLines.budgetLineId, acceptedCents: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)` })
      .from(expenseLines)
      .innerJoin(expenseReports, eq(expenseReports.id, expenseLines.reportId))
      .where(and(eq(expenseReports.grantId, access.grant.id), ne(expenseReports.id, report.id), ne(expenseLines.review, "pending")))
      .groupBy(expenseLines.budgetLineId),
  ]);
  const other = new Map(otherRows.map((r) => [r.budgetLineId, Number(r.acceptedCents)]));
  const toleranceBp = access.call.lineToleranceBp;
  const budget = budgetRows.map((b) => {
    const allowanceCents = lineAllowanceCents(b.lineCents, toleranceBp);
    const acceptedOtherCents = other.get(b.budgetLineId) ?? 0;
    const acceptedCents = Number(b.acceptedCents);
    return {
      ...b,
      claimedCents: Number(b.claimedCents),
      acceptedCents,
      acceptedOtherCents,
      allowanceCents,
      remainingCents: Math.max(0, allowanceCents - acceptedOtherCents - acceptedCents),
    };
  });
  const acceptedOnGrant = [...other.values()].reduce((a, b) => a + b, 0) + budget.reduce((a, b) => a + b.acceptedCents, 0);
  const byId = new Map(budget.map((b) => [b.budgetLineId, b]));
  const withLimits = lines.map((l) => {
    const b = byId.get(l.budgetLineId);
    const own = l.acceptedCents ?? 0;
    const maxCents = b
      ? maxAcceptableCents({
          allowanceCents: b.allowanceCents,
          acceptedOnLineCents: b.acceptedOtherCents + b.acceptedCents - own,
          acceptedOnGrantCents: acceptedOnGrant - own,
          eligibleCostCents: access.grant.eligibleCostCents,
        })
      : 0;
    return { ...l, budgetLine: b?.description ?? "", maxAcceptableCents: maxCents };
  });

  const totals = {
    claimedCents: lines.reduce((a, l) => a + l.amountCents, 0),
    acceptedCents: lines.reduce((a, l) => a + (l.acceptedCents ?? 0), 0),
    pending: lines.filter((l) => l.review === "pending").length,
  };
  const grantOpen = access.grant.status === "granted" || access.grant.status === "in_progress";
  return {
    grant: await grantHeader(db, access),
    report: { id: report.id, number: report.number, isFinal: report.isFinal, status: report.status, submittedAt: report.submittedAt, reviewedAt: report.reviewedAt },
    lines: withLimits,
    budget,
    totals,
    canEdit: access.isRepresentative && report.status === "draft" && grantOpen,
    canReview: access.isPromoter && report.status === "submitted" && access.grant.status !== "closed" && access.grant.status !== "revoked",
    maxLines: MAX_LINES_PER_REPORT,
  };
}
