import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calls } from "./calls";
import { documents } from "./documents";
import { organisations } from "./organisations";
import { proposalBudgetLines, proposals } from "./proposals";
import { users } from "./users";

/** DESIGN: `granted → in_progress → reported → closed`, or `revoked` (lib/incentives/grant-machine.ts). */
export const grantStatus = pgEnum("grant_status", ["granted", "in_progress", "reported", "closed", "revoked"]);

/**
 * A grant of the pact's own programme (concessione): one per partner of a proposal the call's
 * results fund, its share of the allocation split by the partners' budget parts. The promoter
 * (the pact's responsible body) records the concession act, CUP, COR and deadlines.
 *
 * Money: `grantedCents` never changes after creation; `revokedCents` is what a revocation took
 * back (whole: all of it); `paidCents` is the sum of the tranches and `acceptedCents` the sum of
 * the accepted expense lines, both kept in the same transaction as the rows they sum, under a
 * row lock on the grant (tests prove they equal the SQL sums). Paid never exceeds granted.
 */
export const grants = pgTable(
  "grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** The results version that funded it. */
    resultsVersion: integer("results_version").notNull(),
    status: grantStatus("status").notNull().default("granted"),
    /** The partner's budget part (the sum of its lines) when the grant was made. */
    eligibleCostCents: bigint("eligible_cost_cents", { mode: "number" }).notNull(),
    grantedCents: bigint("granted_cents", { mode: "number" }).notNull(),
    revokedCents: bigint("revoked_cents", { mode: "number" }).notNull().default(0),
    paidCents: bigint("paid_cents", { mode: "number" }).notNull().default(0),
    acceptedCents: bigint("accepted_cents", { mode: "number" }).notNull().default(0),
    /** The concession act (e.g. "Determinazione n. 45/2026") and its date. */
    actNumber: text("act_number"),
    actDate: date("act_date", { mode: "string" }),
    /** Codice Unico di Progetto: 15 characters (lib/incentives/cup.ts). */
    cup: text("cup"),
    /** RNA Codice Concessione (COR). */
    cor: text("cor"),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    finalReportDueOn: date("final_report_due_on", { mode: "string" }),
    revocationReason: text("revocation_reason"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Optimistic concurrency for the concession form. */
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("grants_proposal_organisation_unique").on(t.proposalId, t.organisationId),
    index("grants_organisation_idx").on(t.organisationId, t.status),
    index("grants_call_idx").on(t.callId),
    check(
      "grants_money_bounds",
      sql`${t.eligibleCostCents} between 0 and 100000000000 and ${t.grantedCents} between 0 and 100000000000 and ${t.revokedCents} between 0 and ${t.grantedCents} and ${t.paidCents} between 0 and ${t.grantedCents} and ${t.acceptedCents} between 0 and ${t.eligibleCostCents}`,
    ),
    check("grants_granted_within_cost", sql`${t.grantedCents} <= ${t.eligibleCostCents}`),
    check("grants_cup_format", sql`${t.cup} is null or ${t.cup} ~ '^[A-Z0-9]{15}$'`),
    check("grants_revocation_has_reason", sql`${t.revokedCents} = 0 or ${t.revocationReason} is not null`),
  ],
);

/** DESIGN: `draft → submitted → reviewed` (lib/incentives/expense-machine.ts). */
export const expenseReportStatus = pgEnum("expense_report_status", ["draft", "submitted", "reviewed"]);

/** An expense report (SAL, stato avanzamento lavori) a partner files against its grant. */
export const expenseReports = pgTable(
  "expense_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    grantId: uuid("grant_id")
      .notNull()
      .references(() => grants.id),
    /** 1, 2, … per grant: "SAL n. 2". */
    number: integer("number").notNull(),
    /** The final report (rendicontazione finale): once reviewed, the balance can be paid. */
    isFinal: boolean("is_final").notNull().default(false),
    status: expenseReportStatus("status").notNull().default("draft"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: uuid("submitted_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("expense_reports_grant_number_unique").on(t.grantId, t.number)],
);

/** The promoter's decision on one expense: pending until reviewed, then accepted whole or cut (in part or to zero) with a reason. */
export const expenseLineReview = pgEnum("expense_line_review", ["pending", "accepted", "cut"]);

export const expenseLines = pgTable(
  "expense_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => expenseReports.id, { onDelete: "cascade" }),
    /** One of the grant's organisation's own budget lines in the proposal. */
    budgetLineId: uuid("budget_line_id")
      .notNull()
      .references(() => proposalBudgetLines.id),
    supplier: text("supplier").notNull(),
    invoiceNumber: text("invoice_number").notNull(),
    invoiceDate: date("invoice_date", { mode: "string" }).notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    /** The invoice (documents kind 'invoice'); required before the report is submitted. */
    documentId: uuid("document_id").references(() => documents.id),
    review: expenseLineReview("review").notNull().default("pending"),
    acceptedCents: bigint("accepted_cents", { mode: "number" }),
    cutReason: text("cut_reason"),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("expense_lines_report_idx").on(t.reportId),
    index("expense_lines_budget_line_idx").on(t.budgetLineId),
    check("expense_lines_amount_bounds", sql`${t.amountCents} between 1 and 100000000000`),
    check(
      "expense_lines_review_consistent",
      sql`(${t.review} = 'pending' and ${t.acceptedCents} is null) or (${t.review} = 'accepted' and ${t.acceptedCents} = ${t.amountCents}) or (${t.review} = 'cut' and ${t.acceptedCents} between 0 and ${t.amountCents} - 1 and ${t.cutReason} is not null)`,
    ),
  ],
);

/** Advance (anticipo, with a guarantee), interim tranches (acconti) against accepted expenses, final balance (saldo). */
export const trancheKind = pgEnum("tranche_kind", ["advance", "interim", "balance"]);

/** A payment of a grant. Rows are only ever inserted. */
export const tranches = pgTable(
  "tranches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    grantId: uuid("grant_id")
      .notNull()
      .references(() => grants.id),
    kind: trancheKind("kind").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    /** The reviewed report an interim tranche or the balance pays against. */
    reportId: uuid("report_id").references(() => expenseReports.id),
    /** For an advance: the guarantee given (e.g. "Fideiussione bancaria n. 123, Banca …"). */
    guarantee: text("guarantee"),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tranches_grant_idx").on(t.grantId),
    uniqueIndex("tranches_one_advance").on(t.grantId).where(sql`${t.kind} = 'advance'`),
    uniqueIndex("tranches_one_balance").on(t.grantId).where(sql`${t.kind} = 'balance'`),
    check("tranches_amount_bounds", sql`${t.amountCents} between 1 and 100000000000`),
    check("tranches_advance_guarantee", sql`${t.kind} <> 'advance' or ${t.guarantee} is not null`),
  ],
);

export type Grant = typeof grants.$inferSelect;
export type GrantStatus = (typeof grantStatus.enumValues)[number];
export type ExpenseReport = typeof expenseReports.$inferSelect;
export type ExpenseReportStatus = (typeof expenseReportStatus.enumValues)[number];
export type ExpenseLine = typeof expenseLines.$inferSelect;
export type ExpenseLineReview = (typeof expenseLineReview.enumValues)[number];
export type Tranche = typeof tranches.$inferSelect;
export type TrancheKind = (typeof trancheKind.enumValues)[number];
