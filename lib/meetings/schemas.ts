import { z } from "zod";

/** Bounds of the meetings' texts: enough for a real agenda and minutes, short enough to read on a phone. */
export const TITLE_MAX = 200;
export const LOCATION_MAX = 300;
export const URL_MAX = 500;
export const ITEM_DESCRIPTION_MAX = 2000;
export const AGENDA_MAX = 20;
export const SUMMARY_MAX = 20_000;
export const DECISION_MAX = 5000;
export const COMMENT_MAX = 3000;
export const ANSWER_MAX = 3000;
export const REASON_MAX = 500;
export const DAYS_MIN = 1;
export const DAYS_MAX = 30;
export const DAYS_DEFAULT = 7;
/** Invitees a meeting may have: the attendance list is one form. */
export const INVITEES_MAX = 1000;

/** What a decision recorded in the minutes decided in Tavolo (null: nothing in particular). */
export const decisionKinds = ["call_published", "results_approved", "protocol_amended", "other"] as const;
export type DecisionKind = (typeof decisionKinds)[number];
/** The kinds that name a call of the coalition. */
export const callDecisionKinds: readonly DecisionKind[] = ["call_published", "results_approved"];

const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "tooLong");

/** An https link, parsed (never a prefix check): the empty string means none. */
const onlineUrl = z
  .string()
  .trim()
  .max(URL_MAX, "tooLong")
  .refine((v) => {
    if (v === "") return true;
    // new URL() silently drops tabs and line breaks: refuse them (and any space or control)
    // rather than store a link that carries CR/LF into the .ics and the pages.
    if (/[\s\u0000-\u001f\u007f]/.test(v)) return false;
    try {
      const u = new URL(v);
      return u.protocol === "https:" && u.hostname !== "" && u.username === "" && u.password === "";
    } catch {
      return false;
    }
  }, "meetingUrlInvalid");

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const agendaItemSchema = z.object({
  title: text(TITLE_MAX),
  description: optionalText(ITEM_DESCRIPTION_MAX),
});

/**
 * A meeting convened by the promoter: the day and the times as Rome wall-clock ("2026-12-15",
 * "18:00"), a place and/or an https link, 1–20 agenda items. The service turns the times into
 * UTC instants and checks they are in the future.
 */
export const conveneMeetingSchema = z
  .object({
    coalitionId: z.uuid("invalidInput"),
    title: text(TITLE_MAX),
    date: z.string().regex(DATE_RE, "meetingDateInvalid"),
    startTime: z.string().regex(TIME_RE, "meetingTimeInvalid"),
    endTime: z.string().regex(TIME_RE, "meetingTimeInvalid"),
    location: optionalText(LOCATION_MAX),
    onlineUrl,
    agenda: z.array(agendaItemSchema).min(1, "meetingAgendaRequired").max(AGENDA_MAX, "meetingAgendaTooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.location === "" && v.onlineUrl === "") ctx.addIssue({ code: "custom", path: ["location"], message: "meetingPlaceRequired" });
    if (TIME_RE.test(v.startTime) && TIME_RE.test(v.endTime) && v.endTime <= v.startTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "meetingEndBeforeStart" });
  });
export type ConveneMeetingInput = z.input<typeof conveneMeetingSchema>;

export const meetingIdSchema = z.object({ meetingId: z.uuid("invalidInput") });

/** A representative of an invited organisation says whether it will attend. */
export const answerAttendanceSchema = z.object({
  meetingId: z.uuid("invalidInput"),
  organisationId: z.uuid("required"),
  answer: z.enum(["attending", "not_attending"], "required"),
});
export type AnswerAttendanceInput = z.input<typeof answerAttendanceSchema>;

/** The promoter records who attended: the invited organisations that did (the others did not). */
export const recordAttendanceSchema = z.object({
  meetingId: z.uuid("invalidInput"),
  attended: z.array(z.uuid("invalidInput")).max(INVITEES_MAX, "tooLong"),
});
export type RecordAttendanceInput = z.input<typeof recordAttendanceSchema>;

export const decisionInputSchema = z
  .object({
    itemId: z.uuid("invalidInput"),
    decision: optionalText(DECISION_MAX),
    decisionKind: z.union([z.literal(""), z.enum(decisionKinds, "invalidInput")]),
    decisionCallId: z.union([z.literal(""), z.uuid("invalidInput")]),
  })
  .superRefine((v, ctx) => {
    const needsCall = v.decisionKind !== "" && callDecisionKinds.includes(v.decisionKind);
    if (needsCall && v.decisionCallId === "") ctx.addIssue({ code: "custom", path: ["decisionCallId"], message: "minutesCallRequired" });
    if (!needsCall && v.decisionCallId !== "") ctx.addIssue({ code: "custom", path: ["decisionCallId"], message: "minutesCallNotExpected" });
  });

/** The promoter's draft of the minutes: a Markdown summary and a decision per agenda item. */
export const saveMinutesSchema = z.object({
  meetingId: z.uuid("invalidInput"),
  summary: optionalText(SUMMARY_MAX),
  items: z.array(decisionInputSchema).max(AGENDA_MAX, "tooLong"),
});
export type SaveMinutesInput = z.input<typeof saveMinutesSchema>;

/** Circulation to the invited organisations for a comment period of 1–30 days. */
export const circulateMinutesSchema = z.object({
  meetingId: z.uuid("invalidInput"),
  days: z.coerce.number("meetingDaysInvalid").int("meetingDaysInvalid").min(DAYS_MIN, "meetingDaysInvalid").max(DAYS_MAX, "meetingDaysInvalid"),
});
export type CirculateMinutesInput = z.input<typeof circulateMinutesSchema>;

export const commentMinutesSchema = z.object({
  meetingId: z.uuid("invalidInput"),
  organisationId: z.uuid("required"),
  body: text(COMMENT_MAX),
});
export type CommentMinutesInput = z.input<typeof commentMinutesSchema>;

export const answerCommentSchema = z.object({
  commentId: z.uuid("invalidInput"),
  answer: text(ANSWER_MAX),
});
export type AnswerCommentInput = z.input<typeof answerCommentSchema>;

export const cancelMeetingSchema = z.object({
  meetingId: z.uuid("invalidInput"),
  reason: text(REASON_MAX),
});
export type CancelMeetingInput = z.input<typeof cancelMeetingSchema>;
