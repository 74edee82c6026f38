import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calls } from "./calls";
import { organisations } from "./organisations";
import { proposals } from "./proposals";
import { users } from "./users";

/**
 * One organisation's ballot on one proposal (DESIGN rule 2): the unique index is the
 * rule, and a change is an upsert on it. Values: approval 1 yes / -1 no / 0 abstain;
 * score 0–5. Only sha256(token:proposalId:value) of the voter's receipt is kept.
 */
export const ballots = pgTable(
  "ballots",
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
    castBy: uuid("cast_by")
      .notNull()
      .references(() => users.id),
    value: integer("value").notNull(),
    receiptHash: text("receipt_hash").notNull(),
    /** 1 at the first cast, +1 at each change: the order in which changes committed. */
    revision: integer("revision").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ballots_one_per_organisation").on(t.proposalId, t.organisationId),
    index("ballots_call_idx").on(t.callId, t.organisationId),
    check("ballots_value_range", sql`${t.value} between -1 and 5`),
  ],
);

/** Marks that a call's voters were snapshotted, and when (the first touch after the vote opened). */
export const callVoterSnapshots = pgTable("call_voter_snapshots", {
  callId: uuid("call_id")
    .primaryKey()
    .references(() => calls.id),
  takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
});

/** The voting members of the call's coalition and their weights as the voting window opened (DESIGN rule 2). */
export const callVoters = pgTable(
  "call_voters",
  {
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    weight: integer("weight").notNull(),
    /** Set when the organisation is removed from the coalition for cause during the vote: it no longer votes or counts. */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    removalReason: text("removal_reason"),
  },
  (t) => [primaryKey({ columns: [t.callId, t.organisationId] }), check("call_voters_weight_positive", sql`${t.weight} > 0`)],
);

export type RankedEntry = {
  proposalId: string;
  reference: string | null;
  title: string;
  leadName: string;
  requestedCents: number;
  submittedAt: string | null;
  /** The value as an exact fraction: approval → net weighted yes (den 1); score → weighted mean. */
  valueNum: number;
  valueDen: number;
  ballots: number;
  rank: number;
  /** below_threshold: under the call's minimum technical total (issue 14), never funded. */
  outcome: "allocated" | "skipped" | "not_allocated" | "below_threshold";
  allocatedCents: number;
  /** Only when the call's appraisal combines with the vote (lib/evaluation/combine.ts); older versions have none. */
  evaluation?: EntryEvaluation;
};

/** A ranked proposal's appraisal: exact fractions as decimal strings (JSON-safe, no floats). */
export type EntryEvaluation = {
  /** The committee's consolidated total and the sum of the criteria's maximum points. */
  technicalPoints: number;
  technicalMax: number;
  /** The vote normalised to 0–1. */
  voteNum: string;
  voteDen: string;
  /** The score the proposal is ranked by, 0–1: threshold → the vote; weighted → the combination; technical_only → technical. */
  finalNum: string;
  finalDen: string;
};

/**
 * A published count of a call. Version 1 is the publication; each correction is a new
 * version with its reason. Rows are only ever inserted.
 */
export const callResults = pgTable(
  "call_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id),
    version: integer("version").notNull(),
    reason: text("reason"),
    votingMethod: text("voting_method").notNull(),
    eligibleWeight: bigint("eligible_weight", { mode: "number" }).notNull(),
    turnoutWeight: bigint("turnout_weight", { mode: "number" }).notNull(),
    quorumBp: integer("quorum_bp").notNull(),
    quorumReached: boolean("quorum_reached").notNull(),
    budgetCents: bigint("budget_cents", { mode: "number" }).notNull(),
    allocatedCents: bigint("allocated_cents", { mode: "number" }).notNull(),
    skippedCents: bigint("skipped_cents", { mode: "number" }).notNull(),
    ranking: jsonb("ranking").$type<RankedEntry[]>().notNull(),
    /** sha256 of every counted ballot's receipt hash (call_result_receipts), sorted, joined by "\n": computed once, when the version is written. */
    fingerprint: text("fingerprint").notNull(),
    ballotCount: integer("ballot_count").notNull(),
    publishedBy: uuid("published_by")
      .notNull()
      .references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("call_results_version_unique").on(t.callId, t.version), check("call_results_reason_after_first", sql`${t.version} = 1 or ${t.reason} is not null`)],
);

/**
 * The receipt hashes of the ballots counted in one results version, one row each, in the
 * order of the fingerprint (`position`, from 0: the hashes sorted bytewise). Written once with
 * the version (one INSERT … SELECT); a receipt check is a lookup on the hash's index, and the
 * full list is streamed by position (app/api/calls/[callId]/receipts.txt).
 */
export const callResultReceipts = pgTable(
  "call_result_receipts",
  {
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id),
    version: integer("version").notNull(),
    position: integer("position").notNull(),
    receiptHash: text("receipt_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.version, t.position] }), index("call_result_receipts_hash_idx").on(t.receiptHash)],
);

/**
 * The running totals of each proposal's counted ballots: Σ weight × value, Σ weight and the
 * number of ballots of voters still in the vote (call_voters.removed_at null). Kept by
 * statement-level triggers on ballots and call_voters (migration 0016), in the transaction of
 * each change, so the tally reads one row per proposal instead of aggregating every ballot: its
 * cost and plan no longer depend on the number of ballots nor on the table's statistics.
 */
export const ballotTotals = pgTable(
  "ballot_totals",
  {
    proposalId: uuid("proposal_id")
      .primaryKey()
      .references(() => proposals.id, { onDelete: "cascade" }),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    num: bigint("num", { mode: "number" }).notNull().default(0),
    den: bigint("den", { mode: "number" }).notNull().default(0),
    ballots: integer("ballots").notNull().default(0),
  },
  (t) => [index("ballot_totals_call_idx").on(t.callId)],
);

/**
 * The count of a call whose vote has closed, as the promoters' count page shows it before
 * publication (lib/voting/count-snapshot.ts): computed once and read back while `basis` — a
 * digest of everything that can still change a closed vote's count (voters removed, the
 * counted proposals, the call's budget and rules, the totals) — is unchanged. Ballots cannot
 * change once the vote has closed, so the page no longer recounts on every view.
 */
export const callCountSnapshots = pgTable("call_count_snapshots", {
  callId: uuid("call_id")
    .primaryKey()
    .references(() => calls.id, { onDelete: "cascade" }),
  basis: text("basis").notNull(),
  count: jsonb("count").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
});

export type Ballot = typeof ballots.$inferSelect;
export type CallResult = typeof callResults.$inferSelect;
