import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { coalitions } from "./coalitions";

export const votingMethod = pgEnum("voting_method", ["approval", "score"]);
/**
 * How a technical evaluation combines with the vote (lib/evaluation/combine.ts): none (no
 * evaluation), threshold (only proposals reaching the minimum total go to the vote), weighted
 * (w × technical + (1 − w) × vote, both normalised to 0–1) or technical_only (the vote is
 * advisory, shown beside).
 */
export const evaluationMode = pgEnum("evaluation_mode", ["none", "threshold", "weighted", "technical_only"]);
/**
 * The stored lifecycle step. Time-bounded phases (open → review → voting) are
 * derived from the windows and the clock at each request (lib/calls/policy.ts);
 * this column records only the steps people take: draft, published, results, archived.
 */
export const callStatus = pgEnum("call_status", ["draft", "published", "results", "archived"]);

export const calls = pgTable(
  "calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    coalitionId: uuid("coalition_id")
      .notNull()
      .references(() => coalitions.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Markdown, rendered without raw HTML. */
    description: text("description").notNull().default(""),
    themes: text("themes").array().notNull().default(sql`'{}'::text[]`),
    sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
    budgetCents: bigint("budget_cents", { mode: "number" }).notNull().default(0),
    maxRequestCents: bigint("max_request_cents", { mode: "number" }).notNull().default(0),
    /** Minimum co-financing share in basis points (3000 = 30%). */
    minCofinancingBp: integer("min_cofinancing_bp").notNull().default(0),
    minPartners: integer("min_partners").notNull().default(1),
    maxPartners: integer("max_partners").notNull().default(10),
    /** At least one partner must be of one of these kinds (empty: no requirement). */
    requiredPartnerKinds: text("required_partner_kinds").array().notNull().default(sql`'{}'::text[]`),
    /** Kinds allowed to lead a proposal (empty: any). */
    leadKinds: text("lead_kinds").array().notNull().default(sql`'{}'::text[]`),
    /** Size classes of firms allowed (empty: any). */
    sizeClasses: text("size_classes").array().notNull().default(sql`'{}'::text[]`),
    submissionOpensAt: timestamp("submission_opens_at", { withTimezone: true }),
    submissionClosesAt: timestamp("submission_closes_at", { withTimezone: true }),
    votingOpensAt: timestamp("voting_opens_at", { withTimezone: true }),
    votingClosesAt: timestamp("voting_closes_at", { withTimezone: true }),
    votingMethod: votingMethod("voting_method").notNull().default("approval"),
    /** Quorum as a share of the eligible weight, in basis points (5000 = 50%). */
    quorumBp: integer("quorum_bp").notNull().default(5000),
    ballotsPublic: boolean("ballots_public").notNull().default(false),
    /**
     * Whether a proposal may request less than its cost minus its co-financing. Without it the
     * requested contribution is computed (total − co-financing) and never typed.
     */
    allowLowerRequest: boolean("allow_lower_request").notNull().default(false),
    /** Questions (FAQ) are accepted until this moment; null: until submission closes. */
    questionsCloseAt: timestamp("questions_close_at", { withTimezone: true }),
    /** The largest advance a grant may receive before any expense report, in basis points of the grant (0: no advance). */
    advanceMaxBp: integer("advance_max_bp").notNull().default(0),
    /**
     * How far the accepted expenses of one budget line may exceed that line, in basis points of
     * the line (1000 = 10%, moved from other lines: a grant's accepted total never exceeds its cost).
     */
    lineToleranceBp: integer("line_tolerance_bp").notNull().default(1000),
    /** Keys of the coalition protocol's priority themes this call serves (db/schema/protocol.ts). */
    protocolThemes: text("protocol_themes").array().notNull().default(sql`'{}'::text[]`),
    evaluationMode: evaluationMode("evaluation_mode").notNull().default("none"),
    /** The minimum technical total (points) to be fundable; in threshold mode, to go to the vote. */
    evaluationMinTotal: integer("evaluation_min_total").notNull().default(0),
    /** w of the weighted mode, in basis points (4000 = 0.4 technical, 0.6 vote). */
    evaluationWeightBp: integer("evaluation_weight_bp").notNull().default(5000),
    status: callStatus("status").notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    resultsPublishedAt: timestamp("results_published_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("calls_coalition_idx").on(t.coalitionId),
    /**
     * The public list of calls (lib/calls/browse.ts): Italian full-text search over title and
     * description (the query repeats this exact expression so the planner uses the index), and
     * keyset pagination on (submission closes, id) over published calls only, so page 100 costs
     * what page 1 costs. PGlite ships the 'italian' configuration too: no fallback is needed.
     */
    index("calls_search_idx").using("gin", sql`to_tsvector('italian', ${t.title} || ' ' || ${t.description})`),
    index("calls_public_order_idx").on(t.submissionClosesAt, t.id).where(sql`${t.status} <> 'draft'`),
    check("calls_money_non_negative", sql`${t.budgetCents} >= 0 and ${t.maxRequestCents} >= 0`),
    check("calls_money_ceiling", sql`${t.budgetCents} <= 100000000000 and ${t.maxRequestCents} <= 100000000000`),
    check("calls_shares_in_range", sql`${t.minCofinancingBp} between 0 and 10000 and ${t.quorumBp} between 0 and 10000`),
    check("calls_evaluation_in_range", sql`${t.evaluationMinTotal} between 0 and 100000 and ${t.evaluationWeightBp} between 0 and 10000`),
    check("calls_grant_shares_in_range", sql`${t.advanceMaxBp} between 0 and 10000 and ${t.lineToleranceBp} between 0 and 10000`),
  ],
);

export type Call = typeof calls.$inferSelect;
export type CallStatus = (typeof callStatus.enumValues)[number];
