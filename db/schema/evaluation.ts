import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calls } from "./calls";
import { organisations } from "./organisations";
import { proposals } from "./proposals";
import { users } from "./users";

/**
 * Technical evaluation (istruttoria tecnica). A call may define criteria (rules of the call:
 * written while it is a draft, frozen at publication with the others) and how the appraisal
 * combines with the vote (calls.evaluation_mode, evaluation_min_total, evaluation_weight_bp).
 */
export const callCriteria = pgTable(
  "call_criteria",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    maxPoints: integer("max_points").notNull(),
  },
  (t) => [uniqueIndex("call_criteria_position_unique").on(t.callId, t.position), check("call_criteria_points_range", sql`${t.maxPoints} between 1 and 1000`)],
);

export const evaluatorRole = pgEnum("evaluator_role", ["chair", "member"]);

/**
 * The evaluation committee of a call, appointed by the promoter's representatives: people of
 * member organisations (user_id and organisation_id set at appointment), or outside experts
 * invited by link (external name and e-mail, a token whose SHA-256 is kept; user_id is set
 * when they accept it signed in). One chair per call. A removed evaluator keeps the rows for
 * the record (removed_at) and no longer counts.
 */
export const callEvaluators = pgTable(
  "call_evaluators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    role: evaluatorRole("role").notNull().default("member"),
    userId: uuid("user_id").references(() => users.id),
    /** The member organisation the evaluator belongs to (null for an outside expert). */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    externalName: text("external_name"),
    externalEmail: text("external_email"),
    inviteTokenHash: text("invite_token_hash"),
    inviteExpiresAt: timestamp("invite_expires_at", { withTimezone: true }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    appointedBy: uuid("appointed_by")
      .notNull()
      .references(() => users.id),
    appointedAt: timestamp("appointed_at", { withTimezone: true }).notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("call_evaluators_user_unique").on(t.callId, t.userId).where(sql`${t.userId} is not null and ${t.removedAt} is null`),
    uniqueIndex("call_evaluators_one_chair").on(t.callId).where(sql`${t.role} = 'chair' and ${t.removedAt} is null`),
    uniqueIndex("call_evaluators_token_unique").on(t.inviteTokenHash),
    index("call_evaluators_user_idx").on(t.userId),
    check("call_evaluators_who", sql`${t.userId} is not null or (${t.externalName} is not null and ${t.externalEmail} is not null)`),
  ],
);

export const exclusionReason = pgEnum("evaluation_exclusion", ["declared", "lead", "partner"]);

/**
 * One evaluator's work on one proposal: the declaration of no conflict of interest (or of a
 * conflict, which excludes them), the automatic exclusion when their organisation leads or
 * joins the proposal, and the moment they submitted their scores (then frozen).
 */
export const evaluationReviews = pgTable(
  "evaluation_reviews",
  {
    evaluatorId: uuid("evaluator_id")
      .notNull()
      .references(() => callEvaluators.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    /** true: declared a conflict; false: declared none; null: not declared yet. */
    conflict: boolean("conflict"),
    declaredAt: timestamp("declared_at", { withTimezone: true }),
    excluded: exclusionReason("excluded"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.evaluatorId, t.proposalId] }),
    index("evaluation_reviews_call_idx").on(t.callId, t.proposalId),
    check("evaluation_reviews_submitted_declared", sql`${t.submittedAt} is null or (${t.conflict} = false and ${t.excluded} is null)`),
  ],
);

/** One evaluator's score for one criterion of one proposal, with its written justification. */
export const evaluationScores = pgTable(
  "evaluation_scores",
  {
    evaluatorId: uuid("evaluator_id")
      .notNull()
      .references(() => callEvaluators.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    criterionId: uuid("criterion_id")
      .notNull()
      .references(() => callCriteria.id, { onDelete: "cascade" }),
    points: integer("points").notNull(),
    justification: text("justification").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.evaluatorId, t.proposalId, t.criterionId] }), check("evaluation_scores_points_non_negative", sql`${t.points} >= 0`)],
);

/** The committee's consolidated score per criterion of a proposal, recorded by the chair, with its justification. */
export const evaluationConsolidatedScores = pgTable(
  "evaluation_consolidated_scores",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    criterionId: uuid("criterion_id")
      .notNull()
      .references(() => callCriteria.id, { onDelete: "cascade" }),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    points: integer("points").notNull(),
    justification: text("justification").notNull(),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.criterionId] }), index("evaluation_consolidated_call_idx").on(t.callId), check("evaluation_consolidated_points_non_negative", sql`${t.points} >= 0`)],
);

/**
 * The committee's appraisal of a call as a whole: approved by the chair once every proposal
 * has its consolidated scores; from then on frozen (scores, consolidation), and the report
 * (verbale di valutazione) is the PDF whose SHA-256 is kept here.
 */
export const callEvaluations = pgTable("call_evaluations", {
  callId: uuid("call_id")
    .primaryKey()
    .references(() => calls.id, { onDelete: "cascade" }),
  approvedAt: timestamp("approved_at", { withTimezone: true }).notNull(),
  approvedBy: uuid("approved_by")
    .notNull()
    .references(() => users.id),
  reportSha256: text("report_sha256"),
});

export type CallCriterion = typeof callCriteria.$inferSelect;
export type CallEvaluator = typeof callEvaluators.$inferSelect;
export type EvaluationReview = typeof evaluationReviews.$inferSelect;
export type EvaluationScore = typeof evaluationScores.$inferSelect;
export type EvaluationConsolidatedScore = typeof evaluationConsolidatedScores.$inferSelect;
export type CallEvaluation = typeof callEvaluations.$inferSelect;
