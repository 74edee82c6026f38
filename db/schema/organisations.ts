import { sql } from "drizzle-orm";
import { boolean, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const organisationKind = pgEnum("organisation_kind", [
  "public_body",
  "university",
  "research_centre",
  "chamber_of_commerce",
  "business_association",
  "bank",
  "consultancy",
  "firm",
]);
export const sizeClass = pgEnum("size_class", ["micro", "small", "medium", "large"]);
export const organisationStatus = pgEnum("organisation_status", ["pending", "verified", "rejected"]);
export const organisationRole = pgEnum("organisation_role", ["admin", "member"]);

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: organisationKind("kind").notNull(),
    legalName: text("legal_name").notNull(),
    partitaIva: text("partita_iva"),
    codiceFiscale: text("codice_fiscale"),
    codiceIpa: text("codice_ipa"),
    atecoCode: text("ateco_code"),
    sizeClass: sizeClass("size_class"),
    municipalityCode: text("municipality_code").notNull(),
    status: organisationStatus("status").notNull().default("pending"),
    rejectionReason: text("rejection_reason"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisations_partita_iva_unique").on(t.partitaIva),
    uniqueIndex("organisations_codice_fiscale_unique").on(t.codiceFiscale),
    index("organisations_status_idx").on(t.status),
    check("organisations_has_tax_id", sql`${t.partitaIva} is not null or ${t.codiceFiscale} is not null`),
    check("organisations_firm_has_size", sql`${t.kind} <> 'firm' or ${t.sizeClass} is not null`),
    check("organisations_public_body_has_ipa", sql`${t.kind} <> 'public_body' or ${t.codiceIpa} is not null`),
  ],
);

export const organisationMembers = pgTable(
  "organisation_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: organisationRole("role").notNull(),
    /** Acts for the organisation in coalitions (votes, join requests, promoter work). Admins always do. */
    isRepresentative: boolean("is_representative").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisation_members_unique").on(t.organisationId, t.userId),
    index("organisation_members_user_idx").on(t.userId),
  ],
);

export const organisationInvitations = pgTable(
  "organisation_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: organisationRole("role").notNull(),
    /** SHA-256 of the token in the link: the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by")
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("organisation_invitations_token_unique").on(t.tokenHash)],
);

export type Organisation = typeof organisations.$inferSelect;
export type OrganisationKind = (typeof organisationKind.enumValues)[number];
export type SizeClass = (typeof sizeClass.enumValues)[number];
export type OrganisationRole = (typeof organisationRole.enumValues)[number];
