import { sql } from "drizzle-orm";
import { check, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";

export const coalitionRole = pgEnum("coalition_role", ["promoter", "member", "observer"]);

export const coalitions = pgTable(
  "coalitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** ISTAT codes of the municipalities the pact covers. */
    territory: text("territory").array().notNull().default(sql`'{}'::text[]`),
    promoterOrganisationId: uuid("promoter_organisation_id")
      .notNull()
      .references(() => organisations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("coalitions_slug_unique").on(t.slug)],
);

export const coalitionMembers = pgTable(
  "coalition_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    coalitionId: uuid("coalition_id")
      .notNull()
      .references(() => coalitions.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: coalitionRole("role").notNull(),
    weight: integer("weight").notNull().default(1),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("coalition_members_unique").on(t.coalitionId, t.organisationId),
    check("coalition_members_weight_non_negative", sql`${t.weight} >= 0`),
  ],
);

export type CoalitionRole = (typeof coalitionRole.enumValues)[number];

export const coalitionJoinDirection = pgEnum("coalition_join_direction", ["request", "invitation"]);
export const coalitionJoinStatus = pgEnum("coalition_join_status", ["pending", "accepted", "declined", "withdrawn"]);

/**
 * Admission is top-down: an organisation asks to join (request) or a promoter
 * invites it (invitation); the other side accepts or declines.
 */
export const coalitionJoinRequests = pgTable(
  "coalition_join_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    coalitionId: uuid("coalition_id")
      .notNull()
      .references(() => coalitions.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    direction: coalitionJoinDirection("direction").notNull(),
    status: coalitionJoinStatus("status").notNull().default("pending"),
    motivation: text("motivation").notNull().default(""),
    /** Role and weight offered with an invitation, or given on acceptance. */
    role: coalitionRole("role").notNull().default("member"),
    weight: integer("weight").notNull().default(1),
    createdBy: uuid("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionReason: text("decision_reason"),
  },
  (t) => [
    uniqueIndex("coalition_join_requests_one_pending")
      .on(t.coalitionId, t.organisationId)
      .where(sql`${t.status} = 'pending'`),
  ],
);
