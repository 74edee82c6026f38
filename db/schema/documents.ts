import { sql } from "drizzle-orm";
import { boolean, check, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calls } from "./calls";
import { organisations } from "./organisations";
import { proposals } from "./proposals";
import { users } from "./users";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * File contents, once per SHA-256 (deduplicated). Only lib/documents/storage.ts reads or
 * writes this table, so an object store can replace it later without touching the rest.
 * Rows are never updated; a blob no document references may be removed.
 */
export const fileBlobs = pgTable(
  "file_blobs",
  {
    /** Lower-case hex SHA-256 of `content`. */
    sha256: text("sha256").primaryKey(),
    sizeBytes: integer("size_bytes").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("file_blobs_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    // 4 MB: Vercel's request body limit, and the form says so.
    check("file_blobs_size_bound", sql`${t.sizeBytes} between 1 and 4194304`),
  ],
);

export const documentKind = pgEnum("document_kind", [
  /** Public, on a call: */
  "call_text",
  "call_annex",
  "call_template",
  /** Private, on a proposal (one per requirement, per partner for partner-scope requirements): */
  "proposal_attachment",
  /** Private, on an expense report (incentives issue): */
  "invoice",
]);

/**
 * A kept file: what it is, where it belongs, who uploaded it. Versions of one document share
 * a `seriesId`; a replacement inserts a new row (version + 1) and stamps the old one with
 * `replacedAt` — the old version stays readable. Deletion (drafts only) sets `deletedAt`.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id").notNull(),
    version: integer("version").notNull().default(1),
    kind: documentKind("kind").notNull(),
    callId: uuid("call_id").references(() => calls.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id").references(() => proposals.id, { onDelete: "cascade" }),
    /** For proposal attachments: the partner the file belongs to. */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    /** For proposal attachments: the requirement it answers. */
    requirementId: uuid("requirement_id").references(() => callAttachmentRequirements.id),
    title: text("title").notNull(),
    /** Sanitised for storage and display (lib/documents). */
    fileName: text("file_name").notNull(),
    /** Decided from the content (magic bytes), never from the name. */
    mediaType: text("media_type").notNull(),
    /** A CAdES (.p7m) envelope or a PAdES signature was found. */
    signed: boolean("signed").notNull().default(false),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256")
      .notNull()
      .references(() => fileBlobs.sha256),
    /** Why a published document was replaced (an audited correction). */
    replacementReason: text("replacement_reason"),
    replacedAt: timestamp("replaced_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("documents_series_version_unique").on(t.seriesId, t.version),
    index("documents_call_idx").on(t.callId),
    index("documents_proposal_idx").on(t.proposalId),
    index("documents_sha256_idx").on(t.sha256),
    check("documents_has_owner", sql`${t.callId} is not null or ${t.proposalId} is not null or ${t.kind} = 'invoice'`),
  ],
);

export const attachmentScope = pgEnum("attachment_scope", ["proposal", "partner"]);

/**
 * An attachment a call requires: once per proposal (technical annex, de minimis
 * self-declaration) or once per accepted partner (letter of intent, chamber of commerce
 * certificate). Part of a published call's frozen rules.
 */
export const callAttachmentRequirements = pgTable(
  "call_attachment_requirements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    scope: attachmentScope("scope").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Allowed kinds, from lib/documents' list (e.g. "pdf", "p7m", "odt", "docx"); empty: any accepted kind. */
    allowedTypes: text("allowed_types").array().notNull().default(sql`'{}'::text[]`),
    signatureRequired: boolean("signature_required").notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("call_attachment_requirements_call_idx").on(t.callId)],
);

/**
 * Clarifications (FAQ) of a call. Who asked is kept for the promoter's follow-up only and is
 * never shown or exported; a question becomes public only with its answer.
 */
export const callQuestions = pgTable(
  "call_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    askedBy: uuid("asked_by").references(() => users.id),
    askedByOrganisationId: uuid("asked_by_organisation_id").references(() => organisations.id),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull().defaultNow(),
    /** The promoter may edit the wording before publishing (to remove identifying details). */
    publicQuestion: text("public_question"),
    answer: text("answer"),
    answeredBy: uuid("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** Order on the public page: 1, 2, 3… given at publication. */
    number: integer("number"),
  },
  (t) => [
    index("call_questions_call_idx").on(t.callId, t.publishedAt),
    uniqueIndex("call_questions_number_unique").on(t.callId, t.number),
    check("call_questions_published_has_answer", sql`${t.publishedAt} is null or ${t.answer} is not null`),
  ],
);

/**
 * What a proposal was when it was submitted: the canonical form of the submitted data
 * (lib/documents/canonical.ts documents it) and its SHA-256, printed on the submission
 * receipt. One row per submission (a withdrawn and resubmitted proposal has several).
 */
export const proposalSubmissions = pgTable(
  "proposal_submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    /** The proposal's version at submission. */
    proposalVersion: integer("proposal_version").notNull(),
    reference: text("reference").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => users.id),
    /** The canonical JSON text whose SHA-256 is `sha256`. */
    canonical: text("canonical").notNull(),
    sha256: text("sha256").notNull(),
    /** The attachments at submission: [{ title, fileName, sha256, organisationId }]. */
    attachments: jsonb("attachments").$type<SubmittedAttachment[]>().notNull().default([]),
  },
  (t) => [index("proposal_submissions_proposal_idx").on(t.proposalId, t.submittedAt)],
);

export type SubmittedAttachment = { title: string; fileName: string; sha256: string; organisationId: string; signed: boolean };
export type FileBlob = typeof fileBlobs.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type DocumentKind = (typeof documentKind.enumValues)[number];
export type CallAttachmentRequirement = typeof callAttachmentRequirements.$inferSelect;
export type AttachmentScope = (typeof attachmentScope.enumValues)[number];
export type CallQuestion = typeof callQuestions.$inferSelect;
export type ProposalSubmission = typeof proposalSubmissions.$inferSelect;
