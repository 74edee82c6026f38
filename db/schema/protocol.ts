import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { coalitions } from "./coalitions";
import { organisations } from "./organisations";
import { users } from "./users";

/** One priority theme of a protocol: a stable key calls refer to (calls.protocol_themes) and its label. */
export type ProtocolTheme = { key: string; label: string; description?: string };

/**
 * The coalition's protocol of understanding (protocollo d'intesa), one row per version. A
 * version is written as a draft by the promoter's representatives, then published; from then on
 * it is frozen (text, themes, hash). The current protocol is the published version with the
 * highest number; an amendment is a new version, and members adhere to it again.
 * text_sha256 is the SHA-256 of the exact text members adhere to (lib/protocol documents its
 * canonical form); set at publication.
 */
export const coalitionProtocolVersions = pgTable(
  "coalition_protocol_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    coalitionId: uuid("coalition_id")
      .notNull()
      .references(() => coalitions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    /** Markdown (objectives, territory, financing needs), rendered without raw HTML. */
    body: text("body").notNull().default(""),
    themes: jsonb("themes").$type<ProtocolTheme[]>().notNull().default(sql`'[]'::jsonb`),
    /** Why this version amends the previous one (null for version 1). */
    amendmentNote: text("amendment_note"),
    textSha256: text("text_sha256"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("coalition_protocol_versions_unique").on(t.coalitionId, t.version),
    /** At most one draft per coalition. */
    uniqueIndex("coalition_protocol_versions_one_draft").on(t.coalitionId).where(sql`${t.publishedAt} is null`),
    check("coalition_protocol_versions_published_hashed", sql`${t.publishedAt} is null or ${t.textSha256} is not null`),
    check("coalition_protocol_versions_version_positive", sql`${t.version} >= 1`),
  ],
);

/** An organisation's adhesion to one published protocol version: who, when, and the hash of the exact text. */
export const protocolAdhesions = pgTable(
  "protocol_adhesions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    protocolVersionId: uuid("protocol_version_id")
      .notNull()
      .references(() => coalitionProtocolVersions.id, { onDelete: "cascade" }),
    coalitionId: uuid("coalition_id")
      .notNull()
      .references(() => coalitions.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    adheredBy: uuid("adhered_by")
      .notNull()
      .references(() => users.id),
    adheredAt: timestamp("adhered_at", { withTimezone: true }).notNull(),
    textSha256: text("text_sha256").notNull(),
  },
  (t) => [
    uniqueIndex("protocol_adhesions_unique").on(t.protocolVersionId, t.organisationId),
    index("protocol_adhesions_organisation_idx").on(t.organisationId),
  ],
);

export type ProtocolVersion = typeof coalitionProtocolVersions.$inferSelect;
export type ProtocolAdhesion = typeof protocolAdhesions.$inferSelect;
