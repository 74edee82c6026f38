import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calls } from "./calls";
import { organisations } from "./organisations";
import { users } from "./users";

export const proposalStatus = pgEnum("proposal_status", [
  "draft",
  "submitted",
  "admissible",
  "inadmissible",
  "selected",
  "not_selected",
  "withdrawn",
]);

export const partnerStatus = pgEnum("partner_status", ["requested", "invited", "accepted", "declined", "removed"]);

export const budgetCategory = pgEnum("budget_category", ["personnel", "equipment", "software", "services", "training", "other"]);

export type Indicator = { name: string; baseline: string; target: string; unit: string };
export type Milestone = { title: string; month: number };

export const proposals = pgTable(
  "proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id),
    leadOrganisationId: uuid("lead_organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Given at submission, e.g. CAN-2026-0007. */
    reference: text("reference"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    problem: text("problem").notNull().default(""),
    solutionType: text("solution_type"),
    objectives: text("objectives").notNull().default(""),
    indicators: jsonb("indicators").$type<Indicator[]>().notNull().default([]),
    milestones: jsonb("milestones").$type<Milestone[]>().notNull().default([]),
    durationMonths: integer("duration_months"),
    sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
    /** Kinds of partner the lead is looking for, shown to those browsing. */
    lookingForKinds: text("looking_for_kinds").array().notNull().default(sql`'{}'::text[]`),
    requestedCents: bigint("requested_cents", { mode: "number" }).notNull().default(0),
    status: proposalStatus("status").notNull().default("draft"),
    statusReason: text("status_reason"),
    /** Optimistic concurrency: every save must name the version it started from. */
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("proposals_reference_unique").on(t.reference),
    index("proposals_call_idx").on(t.callId, t.status),
    check("proposals_requested_non_negative", sql`${t.requestedCents} >= 0`),
    // The ceiling of lib/money.ts MAX_AMOUNT_CENTS (€1 billion), also in the database.
    check("proposals_requested_ceiling", sql`${t.requestedCents} <= 100000000000`),
  ],
);

export const proposalPartners = pgTable(
  "proposal_partners",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** The lead is a partner too, always accepted. */
    isLead: boolean("is_lead").notNull().default(false),
    status: partnerStatus("status").notNull(),
    roleDescription: text("role_description").notNull().default(""),
    message: text("message").notNull().default(""),
    contribution: text("contribution").notNull().default(""),
    cofinancingCents: bigint("cofinancing_cents", { mode: "number" }).notNull().default(0),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("proposal_partners_unique").on(t.proposalId, t.organisationId),
    check("proposal_partners_cofinancing_non_negative", sql`${t.cofinancingCents} >= 0`),
    check("proposal_partners_cofinancing_ceiling", sql`${t.cofinancingCents} <= 100000000000`),
  ],
);

export const proposalBudgetLines = pgTable(
  "proposal_budget_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    category: budgetCategory("category").notNull(),
    description: text("description").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    index("proposal_budget_lines_proposal_idx").on(t.proposalId),
    check("proposal_budget_lines_amount_positive", sql`${t.amountCents} > 0`),
    check("proposal_budget_lines_amount_ceiling", sql`${t.amountCents} <= 100000000000`),
  ],
);

/** One counter per reference prefix and year: CAN-2026-0001, CAN-2026-0002… */
export const proposalReferenceCounters = pgTable("proposal_reference_counters", {
  key: text("key").primaryKey(),
  last: integer("last").notNull().default(0),
});

export type Proposal = typeof proposals.$inferSelect;
export type ProposalStatus = (typeof proposalStatus.enumValues)[number];
export type PartnerStatus = (typeof partnerStatus.enumValues)[number];
export type BudgetCategory = (typeof budgetCategory.enumValues)[number];
