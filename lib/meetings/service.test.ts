import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { meetingAgendaItems, meetingInvitees, meetingMinutes, meetings, minutesComments, notifications } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { createTestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { createScenario, T0, type Scenario } from "@/test/proposals";
import { COMMENTS_PER_ORGANISATION } from "./policy";
import { renderMinutesPdf } from "./pdf";
import { approvedMinutesSource, decisionsForCall, getMeetingView, listMeetingsPage, meetingIcs } from "./queries";
import { answerAttendance, answerComment, approveMinutes, cancelMeeting, circulateMinutes, commentMinutes, conveneMeeting, recordAttendance, saveMinutes } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

// T0 is 10 Jan 2026 09:00 UTC; the meeting is on 20 Jan 2026, 17:30–19:00 Rome (UTC+1).
const STARTS = new Date("2026-01-20T16:30:00Z");
const ENDS = new Date("2026-01-20T18:00:00Z");
const AFTER = new Date("2026-01-20T18:30:00Z");
const DAY = 24 * 60 * 60 * 1000;

function conveneInput(s: Scenario, overrides: Record<string, unknown> = {}) {
  return {
    coalitionId: s.coalition.coalitionId,
    title: "Seduta ordinaria; gennaio, 2026",
    date: "2026-01-20",
    startTime: "17:30",
    endTime: "19:00",
    location: "Sala consiliare, Piazza di Città 1, Ivrea",
    onlineUrl: "https://meet.example.org/tavolo",
    agenda: [
      { title: "Approvazione del bando", description: "Testo del bando\nsu due righe" },
      { title: "Varie ed eventuali", description: "" },
    ],
    ...overrides,
  };
}

async function convened(s?: Scenario) {
  const sc = s ?? (await createScenario(db));
  const { meetingId } = await conveneMeeting(db, sc.coalition.promoter.admin.actor, conveneInput(sc));
  const items = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(meetingAgendaItems.position);
  return { s: sc, meetingId, items };
}

/** A meeting held, attendance recorded, minutes drafted and circulated for 7 days. */
async function circulated() {
  const m = await convened();
  const promoter = m.s.coalition.promoter.admin.actor;
  setClock(AFTER);
  await recordAttendance(db, promoter, { meetingId: m.meetingId, attended: [m.s.coalition.promoter.organisationId, m.s.lead.organisationId] });
  await saveMinutes(db, promoter, {
    meetingId: m.meetingId,
    summary: "La seduta si apre alle 17:35.",
    items: [
      { itemId: m.items[0].id, decision: "Il tavolo approva la pubblicazione del bando.", decisionKind: "call_published", decisionCallId: m.s.callId },
      { itemId: m.items[1].id, decision: "Nessuna.", decisionKind: "", decisionCallId: "" },
    ],
  });
  await circulateMinutes(db, promoter, { meetingId: m.meetingId, days: 7 });
  return m;
}

describe("conveneMeeting", () => {
  it("invites every organisation of the coalition, notifies their representatives but not the actor, audits", async () => {
    const s = await createScenario(db);
    const plain = await addMember(db, s.firm, "member");
    const named = await addMember(db, s.firm, "member", { representative: true });
    const { meetingId } = await conveneMeeting(db, s.coalition.promoter.admin.actor, conveneInput(s));
    const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(meeting).toMatchObject({ startsAt: STARTS, endsAt: ENDS, sequence: 0, onlineUrl: "https://meet.example.org/tavolo", convenedAt: T0 });
    const invited = await db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    expect(invited.map((i) => i.organisationId).sort()).toEqual(
      [s.coalition.promoter.organisationId, s.lead.organisationId, s.firm.organisationId, s.university.organisationId, s.observer.organisationId].sort(),
    );
    const told = await db.select().from(notifications).where(eq(notifications.dedupeKey, `meeting_convened:${meetingId}`));
    const toldIds = told.map((n) => n.userId);
    expect(toldIds).toContain(s.firm.admin.actor.userId);
    expect(toldIds).toContain(named.actor.userId);
    expect(toldIds).not.toContain(plain.actor.userId);
    expect(toldIds).not.toContain(s.coalition.promoter.admin.actor.userId);
    expect(told[0]).toMatchObject({ kind: "meeting_convened", href: `/coalitions/${s.coalition.slug}/meetings/${meetingId}` });
    expect(await auditActionsFor(db, meetingId)).toEqual(["meeting.convened"]);
  });

  it("refuses members, plain members of the promoter, outsiders and anonymous; bad input and past times", async () => {
    const s = await createScenario(db);
    const input = conveneInput(s);
    await expectAppError(conveneMeeting(db, s.firm.admin.actor, input), "FORBIDDEN");
    const plain = await addMember(db, s.coalition.promoter, "member");
    await expectAppError(conveneMeeting(db, plain.actor, input), "FORBIDDEN");
    await expectAppError(conveneMeeting(db, (await createUser(db)).actor, input), "FORBIDDEN");
    await expectAppError(conveneMeeting(db, null, input), "UNAUTHENTICATED");
    const actor = s.coalition.promoter.admin.actor;
    const past = await expectAppError(conveneMeeting(db, actor, conveneInput(s, { date: "2026-01-09" })), "VALIDATION");
    expect(past.fieldErrors).toEqual({ date: ["meetingInPast"] });
    const http = await expectAppError(conveneMeeting(db, actor, conveneInput(s, { onlineUrl: "http://meet.example.org" })), "VALIDATION");
    expect(http.fieldErrors).toEqual({ onlineUrl: ["meetingUrlInvalid"] });
    await expectAppError(conveneMeeting(db, actor, conveneInput(s, { onlineUrl: "javascript:alert(1)" })), "VALIDATION");
    const nowhere = await expectAppError(conveneMeeting(db, actor, conveneInput(s, { location: "", onlineUrl: "" })), "VALIDATION");
    expect(nowhere.fieldErrors).toEqual({ location: ["meetingPlaceRequired"] });
    await expectAppError(conveneMeeting(db, actor, conveneInput(s, { endTime: "17:00" })), "VALIDATION");
    await expectAppError(conveneMeeting(db, actor, conveneInput(s, { agenda: [] })), "VALIDATION");
    await expectAppError(conveneMeeting(db, actor, conveneInput(s, { agenda: Array.from({ length: 21 }, (_, i) => ({ title: `Punto ${i}`, description: "" })) })), "VALIDATION");
    await expectAppError(conveneMeeting(db, actor, conveneInput(s, { title: "x".repeat(201) })), "VALIDATION");
    await expectAppError(conveneMeeting(db, actor, conveneInput(s, { date: "2026-02-30" })), "VALIDATION");
  });
});

describe("attendance", () => {
  it("representatives of invited organisations answer and may change until the start; others may not", async () => {
    const { s, meetingId } = await convened();
    await answerAttendance(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, answer: "attending" });
    await answerAttendance(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, answer: "not_attending" });
    const [row] = await db.select().from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.organisationId, s.firm.organisationId)));
    expect(row).toMatchObject({ answer: "not_attending", answeredBy: s.firm.admin.actor.userId });
    const plain = await addMember(db, s.firm, "member");
    await expectAppError(answerAttendance(db, plain.actor, { meetingId, organisationId: s.firm.organisationId, answer: "attending" }), "FORBIDDEN", "meetingNotInvited");
    // Someone of another member cannot answer for the firm.
    await expectAppError(answerAttendance(db, s.lead.admin.actor, { meetingId, organisationId: s.firm.organisationId, answer: "attending" }), "FORBIDDEN");
    const outsider = await createOrganisation(db, { verified: true });
    await expectAppError(answerAttendance(db, outsider.admin.actor, { meetingId, organisationId: outsider.organisationId, answer: "attending" }), "FORBIDDEN");
    await expectAppError(answerAttendance(db, null, { meetingId, organisationId: s.firm.organisationId, answer: "attending" }), "UNAUTHENTICATED");
    setClock(STARTS);
    await expectAppError(answerAttendance(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, answer: "attending" }), "INVALID_STATE", "meetingStarted");
    expect(await auditActionsFor(db, meetingId)).toEqual(["meeting.convened", "meeting.attendance_answered", "meeting.attendance_answered"]);
  });

  it("only the promoter records attendance, after the start, of invited organisations", async () => {
    const { s, meetingId } = await convened();
    const promoter = s.coalition.promoter.admin.actor;
    await expectAppError(recordAttendance(db, promoter, { meetingId, attended: [s.lead.organisationId] }), "INVALID_STATE", "meetingNotStarted");
    setClock(AFTER);
    await expectAppError(recordAttendance(db, s.lead.admin.actor, { meetingId, attended: [s.lead.organisationId] }), "FORBIDDEN");
    const outsider = await createOrganisation(db, { verified: true });
    await expectAppError(recordAttendance(db, promoter, { meetingId, attended: [outsider.organisationId] }), "VALIDATION");
    await recordAttendance(db, promoter, { meetingId, attended: [s.lead.organisationId, s.firm.organisationId] });
    const rows = await db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    expect(rows.filter((r) => r.attended).map((r) => r.organisationId).sort()).toEqual([s.lead.organisationId, s.firm.organisationId].sort());
    expect(rows.filter((r) => r.attended === false)).toHaveLength(3);
  });

  it("a cancelled meeting raises its sequence, tells the invitees and takes no more answers", async () => {
    const { s, meetingId } = await convened();
    await expectAppError(cancelMeeting(db, s.firm.admin.actor, { meetingId, reason: "Indisponibilità della sala" }), "FORBIDDEN");
    await cancelMeeting(db, s.coalition.promoter.admin.actor, { meetingId, reason: "Indisponibilità della sala" });
    const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(m).toMatchObject({ sequence: 1, cancelReason: "Indisponibilità della sala" });
    expect(await db.select().from(notifications).where(eq(notifications.dedupeKey, `meeting_cancelled:${meetingId}`))).not.toHaveLength(0);
    await expectAppError(answerAttendance(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, answer: "attending" }), "INVALID_STATE", "meetingCancelled");
    const ics = await meetingIcs(db, null, meetingId, "https://tavolo.example");
    expect(ics?.text).toContain("STATUS:CANCELLED\r\n");
    expect(ics?.text).toContain("SEQUENCE:1\r\n");
  });
});

describe("minutes", () => {
  it("drafting needs the start and the promoter; a decision names a call of this coalition only", async () => {
    const { s, meetingId, items } = await convened();
    const promoter = s.coalition.promoter.admin.actor;
    const input = { meetingId, summary: "Resoconto", items: [{ itemId: items[0].id, decision: "Approvato", decisionKind: "call_published", decisionCallId: s.callId }] };
    await expectAppError(saveMinutes(db, promoter, input), "INVALID_STATE", "meetingNotStarted");
    expect(await approvedMinutesSource(db, meetingId)).toBeNull();
    setClock(AFTER);
    await expectAppError(saveMinutes(db, s.firm.admin.actor, input), "FORBIDDEN");
    await expectAppError(saveMinutes(db, null, input), "UNAUTHENTICATED");
    const other = await createScenario(db);
    setClock(AFTER);
    await expectAppError(saveMinutes(db, promoter, { ...input, items: [{ ...input.items[0], decisionCallId: other.callId }] }), "VALIDATION", "minutesCallNotOfCoalition");
    await expectAppError(saveMinutes(db, promoter, { ...input, items: [{ ...input.items[0], decisionCallId: "" }] }), "VALIDATION");
    await expectAppError(saveMinutes(db, promoter, { ...input, items: [{ ...input.items[0], decisionKind: "other" }] }), "VALIDATION");
    await expectAppError(saveMinutes(db, promoter, { ...input, items: [{ ...input.items[0], itemId: other.callId }] }), "VALIDATION");
    await saveMinutes(db, promoter, input);
    // Circulating needs the attendance first.
    await expectAppError(circulateMinutes(db, promoter, { meetingId, days: 7 }), "INVALID_STATE", "minutesAttendanceFirst");
    await expectAppError(circulateMinutes(db, promoter, { meetingId, days: 31 }), "VALIDATION");
    const [item] = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.id, items[0].id));
    expect(item).toMatchObject({ decision: "Approvato", decisionKind: "call_published", decisionCallId: s.callId });
  });

  it("the comment period: members comment while open, not after; outsiders and plain members never; a bounded number per organisation", async () => {
    const { s, meetingId } = await circulated();
    const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
    expect(minutes).toMatchObject({ status: "circulated", circulatedAt: AFTER, commentsCloseAt: new Date(AFTER.getTime() + 7 * DAY) });
    expect(await db.select().from(notifications).where(eq(notifications.dedupeKey, `minutes_circulated:${meetingId}`))).not.toHaveLength(0);
    const { commentId } = await commentMinutes(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, body: "Al punto 1 manca il riferimento alla delibera." });
    const plain = await addMember(db, s.firm, "member");
    await expectAppError(commentMinutes(db, plain.actor, { meetingId, organisationId: s.firm.organisationId, body: "Commento" }), "FORBIDDEN");
    const outsider = await createOrganisation(db, { verified: true });
    await expectAppError(commentMinutes(db, outsider.admin.actor, { meetingId, organisationId: outsider.organisationId, body: "Commento" }), "FORBIDDEN");
    await expectAppError(commentMinutes(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, body: "x".repeat(3001) }), "VALIDATION");
    for (let i = 1; i < COMMENTS_PER_ORGANISATION; i++) await commentMinutes(db, s.university.admin.actor, { meetingId, organisationId: s.university.organisationId, body: `Commento ${i}` });
    await commentMinutes(db, s.university.admin.actor, { meetingId, organisationId: s.university.organisationId, body: "Ultimo" });
    await expectAppError(commentMinutes(db, s.university.admin.actor, { meetingId, organisationId: s.university.organisationId, body: "Uno di troppo" }), "RATE_LIMITED");
    await expectAppError(answerComment(db, s.firm.admin.actor, { commentId, answer: "Risposta" }), "FORBIDDEN");
    setClock(new Date(AFTER.getTime() + 7 * DAY));
    await expectAppError(commentMinutes(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, body: "Tardi" }), "INVALID_STATE", "minutesCommentsClosed");
    expect(await auditActionsFor(db, commentId)).toEqual(["meeting.minutes_commented"]);
  });

  it("approval: not before the period closes, not with an unanswered comment; then frozen with the hash of the canonical text", async () => {
    const { s, meetingId, items } = await circulated();
    const promoter = s.coalition.promoter.admin.actor;
    const { commentId } = await commentMinutes(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, body: "Correggere l'orario di apertura." });
    await expectAppError(approveMinutes(db, promoter, { meetingId }), "INVALID_STATE", "minutesCommentsOpen");
    setClock(new Date(AFTER.getTime() + 8 * DAY));
    await expectAppError(approveMinutes(db, promoter, { meetingId }), "INVALID_STATE", "minutesCommentsUnanswered");
    await expectAppError(approveMinutes(db, s.firm.admin.actor, { meetingId }), "FORBIDDEN");
    await answerComment(db, promoter, { commentId, answer: "Corretto: la seduta si apre alle 17:35." });
    const { textSha256 } = await approveMinutes(db, promoter, { meetingId });
    expect(textSha256).toMatch(/^[0-9a-f]{64}$/);
    const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
    expect(minutes).toMatchObject({ status: "approved", textSha256, approvedBy: promoter.userId });
    // Frozen: no edit path is left.
    await expectAppError(saveMinutes(db, promoter, { meetingId, summary: "Altro", items: [] }), "INVALID_STATE", "minutesFrozen");
    await expectAppError(recordAttendance(db, promoter, { meetingId, attended: [] }), "INVALID_STATE", "minutesFrozen");
    await expectAppError(answerComment(db, promoter, { commentId, answer: "Altro" }), "INVALID_STATE", "minutesFrozen");
    await expectAppError(approveMinutes(db, promoter, { meetingId }), "INVALID_STATE", "minutesFrozen");
    await expectAppError(circulateMinutes(db, promoter, { meetingId, days: 7 }), "INVALID_STATE", "minutesFrozen");
    const [comment] = await db.select().from(minutesComments).where(eq(minutesComments.id, commentId));
    expect(comment.answeredBy).toBe(promoter.userId);
    expect(await auditActionsFor(db, meetingId)).toEqual([
      "meeting.convened",
      "meeting.attendance_recorded",
      "meeting.minutes_saved",
      "meeting.minutes_circulated",
      "meeting.minutes_approved",
    ]);
    // The PDF: public once approved, the same bytes every time.
    const source = await approvedMinutesSource(db, meetingId);
    const first = await renderMinutesPdf(source!, "it");
    const second = await renderMinutesPdf((await approvedMinutesSource(db, meetingId))!, "it");
    expect(Buffer.from(first.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    expect(second.etag).toBe(first.etag);
    expect((await renderMinutesPdf(source!, "en")).fileName).toMatch(/^minutes-/);
    // The decision links back from the call.
    const decisions = await decisionsForCall(db, s.callId);
    expect(decisions).toEqual([expect.objectContaining({ meetingId, slug: s.coalition.slug, kind: "call_published", itemId: items[0].id })]);
  });

  it("the public view hides names, e-mails, comments and the online link; members see their answer form and the link", async () => {
    const { s, meetingId } = await circulated();
    const promoter = s.coalition.promoter.admin.actor;
    const { commentId } = await commentMinutes(db, s.firm.admin.actor, { meetingId, organisationId: s.firm.organisationId, body: "Commento riservato ai membri" });
    const during = await getMeetingView(db, null, s.coalition.slug, meetingId);
    expect(during?.draft).toBeNull();
    expect(JSON.stringify(during)).not.toContain("Commento riservato");
    const member = await getMeetingView(db, s.firm.admin.actor, s.coalition.slug, meetingId);
    expect(member?.draft?.comments.map((c) => c.body)).toEqual(["Commento riservato ai membri"]);
    expect(member?.onlineUrl).toBe("https://meet.example.org/tavolo");
    setClock(new Date(AFTER.getTime() + 8 * DAY));
    await answerComment(db, promoter, { commentId, answer: "Grazie" });
    await approveMinutes(db, promoter, { meetingId });
    const view = await getMeetingView(db, null, s.coalition.slug, meetingId);
    expect(view?.approved?.summary).toBe("La seduta si apre alle 17:35.");
    expect(view?.approved?.attended.sort()).toEqual([s.coalition.promoter.input.legalName, s.lead.input.legalName].sort());
    expect(view?.onlineUrl).toBeNull();
    const text = JSON.stringify(view);
    for (const secret of ["Commento riservato", "Grazie", s.firm.admin.actor.email, s.firm.admin.actor.name, promoter.email, promoter.name, "meet.example.org"]) expect(text).not.toContain(secret);
    expect(await getMeetingView(db, null, "another-slug", meetingId)).toBeNull();
  });
});

describe("queries", () => {
  it("the .ics: UTC times, SEQUENCE, RFC 5545 escaping, CRLF, folded lines; the link only to invitees' people", async () => {
    const { s, meetingId } = await convened();
    const pub = await meetingIcs(db, null, meetingId, "https://tavolo.example");
    const text = pub!.text;
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain(`UID:meeting-${meetingId}@tavolo\r\n`);
    expect(text).toContain("SEQUENCE:0\r\n");
    expect(text).toContain("DTSTART:20260120T163000Z\r\n");
    expect(text).toContain("DTEND:20260120T180000Z\r\n");
    expect(text).toContain("SUMMARY:Seduta ordinaria\\; gennaio\\, 2026\r\n");
    expect(text.replace(/\r\n /g, "")).toContain("LOCATION:Sala consiliare\\, Piazza di Città 1\\, Ivrea");
    expect(text.replace(/\r\n /g, "")).toContain("Testo del bando\\nsu due righe");
    expect(text).not.toContain("meet.example.org");
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const member = await meetingIcs(db, s.firm.admin.actor, meetingId, "https://tavolo.example");
    expect(member!.text.replace(/\r\n /g, "")).toContain("https://meet.example.org/tavolo");
    expect(await meetingIcs(db, null, s.callId, "https://tavolo.example")).toBeNull();
  });

  it("lists upcoming and past meetings of a coalition, paginated by keyset", async () => {
    setClock(T0);
    const coalition = await createTestCoalition(db);
    const actor = coalition.promoter.admin.actor;
    for (let d = 11; d <= 15; d++) {
      await conveneMeeting(db, actor, { coalitionId: coalition.coalitionId, title: `Seduta del ${d}`, date: `2026-01-${d}`, startTime: "10:00", endTime: "11:00", location: "Ivrea", onlineUrl: "", agenda: [{ title: "Punto", description: "" }] });
    }
    setClock(new Date("2026-01-13T12:00:00Z"));
    const upcoming = await listMeetingsPage(db, coalition.coalitionId, "upcoming", { size: 10 });
    expect(upcoming.meetings.map((m) => m.title)).toEqual(["Seduta del 14", "Seduta del 15"]);
    const past1 = await listMeetingsPage(db, coalition.coalitionId, "past", { size: 2 });
    expect(past1.meetings.map((m) => m.title)).toEqual(["Seduta del 13", "Seduta del 12"]);
    expect(past1.total).toBe(3);
    const { decodeKeyCursor } = await import("@/lib/paging/keyset");
    const past2 = await listMeetingsPage(db, coalition.coalitionId, "past", { size: 2, after: decodeKeyCursor(past1.next, "number") });
    expect(past2.meetings.map((m) => m.title)).toEqual(["Seduta del 11"]);
    expect(past2.from).toBe(3);
  });
});
