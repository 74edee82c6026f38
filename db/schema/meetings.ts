import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calls } from "./calls";
import { coalitions } from "./coalitions";
import { organisations } from "./organisations";
import { users } from "./users";

/**
 * Meetings of the table (sedute del tavolo): convened by the coalition's promoter, with an
 * agenda; the member organisations at convening are invited; each answers whether it will
 * attend; the promoter records who attended; then the minutes (verbale).
 */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    coalitionId: uuid("coalition_id")
      .notNull()
      .references(() => coalitions.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** A place, an online link (https only), or both. */
    location: text("location"),
    onlineUrl: text("online_url"),
    /** The .ics SEQUENCE: raised by every change of time or place. */
    sequence: integer("sequence").notNull().default(0),
    convenedBy: uuid("convened_by")
      .notNull()
      .references(() => users.id),
    convenedAt: timestamp("convened_at", { withTimezone: true }).notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelReason: text("cancel_reason"),
    /** When the promoter recorded the attendance (null: not yet). */
    attendanceRecordedAt: timestamp("attendance_recorded_at", { withTimezone: true }),
  },
  (t) => [index("meetings_coalition_idx").on(t.coalitionId, t.startsAt, t.id), check("meetings_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`)],
);

/**
 * One item of a meeting's agenda, and the decision the minutes record for it. A decision may
 * name what it decided in Tavolo (decision_kind, e.g. "call_published", "results_approved", and
 * the call), so that decision's page links to the approved minutes.
 */
export const meetingAgendaItems = pgTable(
  "meeting_agenda_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    decision: text("decision").notNull().default(""),
    decisionKind: text("decision_kind"),
    decisionCallId: uuid("decision_call_id").references(() => calls.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("meeting_agenda_items_position_unique").on(t.meetingId, t.position), index("meeting_agenda_items_call_idx").on(t.decisionCallId)],
);

export const attendanceAnswer = pgEnum("attendance_answer", ["attending", "not_attending"]);

/** An invited organisation: its answer (by one of its representatives) and whether it attended. */
export const meetingInvitees = pgTable(
  "meeting_invitees",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    answer: attendanceAnswer("answer"),
    answeredBy: uuid("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    attended: boolean("attended"),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.organisationId] }), index("meeting_invitees_organisation_idx").on(t.organisationId)],
);

export const minutesStatus = pgEnum("minutes_status", ["draft", "circulated", "approved"]);

/**
 * The minutes (verbale) of a meeting: drafted by the promoter, circulated to the members for a
 * comment period, approved. Approved minutes are frozen: text_sha256 is the SHA-256 of their
 * canonical text (lib/meetings), and the agenda items' decisions no longer change.
 */
export const meetingMinutes = pgTable(
  "meeting_minutes",
  {
    meetingId: uuid("meeting_id")
      .primaryKey()
      .references(() => meetings.id, { onDelete: "cascade" }),
    status: minutesStatus("status").notNull().default("draft"),
    /** Markdown: the general account of the meeting (decisions are per agenda item). */
    summary: text("summary").notNull().default(""),
    draftedBy: uuid("drafted_by")
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    circulatedAt: timestamp("circulated_at", { withTimezone: true }),
    commentsCloseAt: timestamp("comments_close_at", { withTimezone: true }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    approvedBy: uuid("approved_by").references(() => users.id),
    textSha256: text("text_sha256"),
  },
  (t) => [
    check("meeting_minutes_circulated_has_period", sql`${t.status} = 'draft' or (${t.circulatedAt} is not null and ${t.commentsCloseAt} is not null)`),
    check("meeting_minutes_approved_frozen", sql`${t.status} <> 'approved' or (${t.approvedAt} is not null and ${t.textSha256} is not null)`),
  ],
);

/** A member's comment on circulated minutes, and the promoter's answer. Visible to the coalition's members, never public. */
export const minutesComments = pgTable(
  "minutes_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    answer: text("answer"),
    answeredBy: uuid("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [index("minutes_comments_meeting_idx").on(t.meetingId, t.createdAt, t.id)],
);

export type Meeting = typeof meetings.$inferSelect;
export type MeetingAgendaItem = typeof meetingAgendaItems.$inferSelect;
export type MeetingInvitee = typeof meetingInvitees.$inferSelect;
export type MeetingMinutes = typeof meetingMinutes.$inferSelect;
export type MinutesComment = typeof minutesComments.$inferSelect;
