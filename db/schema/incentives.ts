import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { coalitions } from "./coalitions";
import { organisations } from "./organisations";
import { proposals } from "./proposals";
import { users } from "./users";

export const aidRegime = pgEnum("aid_regime", ["de_minimis", "gber", "notified", "not_state_aid"]);
export const programmeProcedure = pgEnum("programme_procedure", ["ranked", "first_come", "automatic"]);
export const programmeLevel = pgEnum("programme_level", ["regional", "national", "eu", "pact"]);

/**
 * An incentive programme (misura): a public funding line firms may apply to. Kept by
 * platform admins (coalitionId null: everyone sees it) or by a coalition's promoters.
 * Empty arrays mean "no restriction".
 */
export const incentiveProgrammes = pgTable(
  "incentive_programmes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    coalitionId: uuid("coalition_id").references(() => coalitions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** E.g. "Regione Piemonte / Finpiemonte", "MIMIT", "Commissione europea". */
    authority: text("authority").notNull(),
    level: programmeLevel("level").notNull(),
    /** E.g. "FESR 2021-27", "PNRR". */
    fund: text("fund").notNull().default(""),
    aidRegime: aidRegime("aid_regime").notNull(),
    /** For GBER: the article, e.g. "17" or "28". */
    gberArticle: text("gber_article"),
    procedure: programmeProcedure("procedure").notNull(),
    /** Maximum aid intensity per size class in basis points (2000 = 20%); 0: that class may not apply. */
    maxIntensityMicroBp: integer("max_intensity_micro_bp").notNull().default(0),
    maxIntensitySmallBp: integer("max_intensity_small_bp").notNull().default(0),
    maxIntensityMediumBp: integer("max_intensity_medium_bp").notNull().default(0),
    maxIntensityLargeBp: integer("max_intensity_large_bp").notNull().default(0),
    /** Maximum intensity for applicants without a size class (public bodies, universities). */
    maxIntensityOtherBp: integer("max_intensity_other_bp").notNull().default(0),
    minEligibleCents: bigint("min_eligible_cents", { mode: "number" }).notNull().default(0),
    /** 0: no maximum. */
    maxEligibleCents: bigint("max_eligible_cents", { mode: "number" }).notNull().default(0),
    /** Maximum aid per application (e.g. a voucher up to €40,000); 0: no maximum. */
    maxAidCents: bigint("max_aid_cents", { mode: "number" }).notNull().default(0),
    /** Organisation kinds that may apply (db/schema/organisations.ts organisation_kind). */
    applicantKinds: text("applicant_kinds").array().notNull().default(sql`'{}'::text[]`),
    /** ATECO sections (letters A–U). */
    atecoSections: text("ateco_sections").array().notNull().default(sql`'{}'::text[]`),
    /** ISTAT region codes ("01" Piemonte) and province codes ("001" Torino). */
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    provinces: text("provinces").array().notNull().default(sql`'{}'::text[]`),
    /** Kinds of ICT solution covered (the proposals' solution types). */
    solutionTypes: text("solution_types").array().notNull().default(sql`'{}'::text[]`),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    /** Null: open until funds run out. */
    closesAt: timestamp("closes_at", { withTimezone: true }),
    /** Set when the authority declares the funds exhausted (a sportello). */
    fundsExhaustedAt: timestamp("funds_exhausted_at", { withTimezone: true }),
    officialUrl: text("official_url").notNull().default(""),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("incentive_programmes_coalition_idx").on(t.coalitionId),
    index("incentive_programmes_closes_idx").on(t.closesAt, t.id),
    check(
      "incentive_programmes_intensity_range",
      sql`${t.maxIntensityMicroBp} between 0 and 10000 and ${t.maxIntensitySmallBp} between 0 and 10000 and ${t.maxIntensityMediumBp} between 0 and 10000 and ${t.maxIntensityLargeBp} between 0 and 10000 and ${t.maxIntensityOtherBp} between 0 and 10000`,
    ),
    check(
      "incentive_programmes_money_bounds",
      sql`${t.minEligibleCents} between 0 and 100000000000 and ${t.maxEligibleCents} between 0 and 100000000000 and ${t.maxAidCents} between 0 and 100000000000`,
    ),
  ],
);

export const applicationStatus = pgEnum("incentive_application_status", [
  "planned",
  "preparing",
  "submitted",
  "under_review",
  "granted",
  "rejected",
  "withdrawn",
  "revoked",
  "closed",
]);

/**
 * One organisation's application to a programme (domanda di agevolazione), usually for a
 * proposal. Moves only as lib/incentives/application-machine.ts allows.
 */
export const incentiveApplications = pgTable(
  "incentive_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => incentiveProgrammes.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    proposalId: uuid("proposal_id").references(() => proposals.id),
    title: text("title").notNull(),
    status: applicationStatus("status").notNull().default("planned"),
    eligibleCostCents: bigint("eligible_cost_cents", { mode: "number" }).notNull().default(0),
    requestedCents: bigint("requested_cents", { mode: "number" }).notNull().default(0),
    /** The date the aid is expected to be granted: the de minimis window ends here. */
    plannedGrantDate: date("planned_grant_date", { mode: "string" }),
    protocolNumber: text("protocol_number"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    grantedOn: date("granted_on", { mode: "string" }),
    grantedCents: bigint("granted_cents", { mode: "number" }),
    disbursedCents: bigint("disbursed_cents", { mode: "number" }).notNull().default(0),
    /** Codice Unico di Progetto: 15 characters. */
    cup: text("cup"),
    /** RNA Codice Concessione (COR). */
    cor: text("cor"),
    projectEndsOn: date("project_ends_on", { mode: "string" }),
    finalReportDueOn: date("final_report_due_on", { mode: "string" }),
    statusReason: text("status_reason"),
    /** Optimistic concurrency, as for proposals. */
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("incentive_applications_organisation_idx").on(t.organisationId, t.status),
    index("incentive_applications_programme_idx").on(t.programmeId),
    index("incentive_applications_proposal_idx").on(t.proposalId),
    check(
      "incentive_applications_money_bounds",
      sql`${t.eligibleCostCents} between 0 and 100000000000 and ${t.requestedCents} between 0 and 100000000000 and ${t.disbursedCents} between 0 and 100000000000 and (${t.grantedCents} is null or ${t.grantedCents} between 0 and 100000000000)`,
    ),
    check("incentive_applications_requested_within_cost", sql`${t.requestedCents} <= ${t.eligibleCostCents} or ${t.eligibleCostCents} = 0`),
    check("incentive_applications_granted_within_requested", sql`${t.grantedCents} is null or ${t.grantedCents} <= ${t.requestedCents}`),
    check("incentive_applications_paid_within_granted", sql`${t.disbursedCents} <= coalesce(${t.grantedCents}, 0)`),
    check("incentive_applications_cup_format", sql`${t.cup} is null or ${t.cup} ~ '^[A-Z0-9]{15}$'`),
  ],
);

export const deMinimisSource = pgEnum("de_minimis_source", ["tavolo", "declared"]);

/**
 * The de minimis ledger of one organisation (single undertaking): aid granted through
 * Tavolo under de minimis (written when an application is granted) and aid received
 * elsewhere that the firm declares. Rows are corrected by `withdrawnAt` + a new row, never edited.
 */
export const deMinimisAid = pgTable(
  "de_minimis_aid",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    source: deMinimisSource("source").notNull(),
    applicationId: uuid("application_id").references(() => incentiveApplications.id),
    grantedOn: date("granted_on", { mode: "string" }).notNull(),
    authority: text("authority").notNull(),
    description: text("description").notNull().default(""),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    cor: text("cor"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawalReason: text("withdrawal_reason"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("de_minimis_aid_organisation_idx").on(t.organisationId, t.grantedOn),
    check("de_minimis_aid_amount_bounds", sql`${t.amountCents} between 1 and 100000000000`),
  ],
);

export type IncentiveProgramme = typeof incentiveProgrammes.$inferSelect;
export type IncentiveApplication = typeof incentiveApplications.$inferSelect;
export type ApplicationStatus = (typeof applicationStatus.enumValues)[number];
export type AidRegime = (typeof aidRegime.enumValues)[number];
export type DeMinimisAid = typeof deMinimisAid.$inferSelect;
