import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitionMembers, coalitions, meetingAgendaItems, meetingInvitees, meetingMinutes, meetings, minutesComments, organisationMembers, type Meeting, type MeetingMinutes } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { notifyUsers, organisationUserIds } from "@/lib/notifications/notify";
import { romeLocalToUtc } from "@/lib/time";
import {
  answerWindowProblem,
  approveProblem,
  attendanceProblem,
  circulateProblem,
  commentProblem,
  COMMENTS_PER_ORGANISATION,
  minutesEditProblem,
  minutesSha256,
} from "./policy";
import {
  answerAttendanceSchema,
  answerCommentSchema,
  callDecisionKinds,
  cancelMeetingSchema,
  circulateMinutesSchema,
  commentMinutesSchema,
  conveneMeetingSchema,
  recordAttendanceSchema,
  saveMinutesSchema,
  meetingIdSchema,
} from "./schemas";

/**
 * Meetings of the table (issue 14, items 3–4): the promoter convenes, the invited
 * organisations answer, the promoter records attendance, drafts the minutes, circulates them
 * for comments, answers the comments and approves them; approved minutes are frozen.
 * Lock order in every write: the meeting row, then its minutes, then the comments.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export function meetingPath(slug: string, meetingId: string): string {
  return `/coalitions/${slug}/meetings/${meetingId}`;
}

/** Locks a meeting for a promoter of its coalition; NOT_FOUND when it does not exist, FORBIDDEN for anyone else (meetings are public). */
async function lockMeetingForPromoter(tx: Tx, actor: Actor, meetingId: string): Promise<{ meeting: Meeting; organisationId: string; slug: string; coalitionName: string }> {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for("update");
  if (!meeting) throw new AppError("NOT_FOUND", "meetingNotFound");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, meeting.coalitionId);
  if (!organisationId) throw new AppError("FORBIDDEN", "forbidden");
  const [coalition] = await tx.select({ slug: coalitions.slug, name: coalitions.name }).from(coalitions).where(eq(coalitions.id, meeting.coalitionId));
  return { meeting, organisationId, slug: coalition.slug, coalitionName: coalition.name };
}

/** The meeting (shared lock) and a check that the actor represents this invited organisation; FORBIDDEN otherwise. */
async function meetingForInviteeRepresentative(tx: Tx, actor: Actor, meetingId: string, organisationId: string): Promise<Meeting> {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for("share");
  if (!meeting) throw new AppError("NOT_FOUND", "meetingNotFound");
  const [row] = await tx
    .select({ organisationId: meetingInvitees.organisationId })
    .from(meetingInvitees)
    .innerJoin(organisationMembers, and(eq(organisationMembers.organisationId, meetingInvitees.organisationId), eq(organisationMembers.userId, actor.userId), representsOrganisation()))
    .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.organisationId, organisationId)));
  if (!row) throw new AppError("FORBIDDEN", "meetingNotInvited", { organisationId: ["meetingNotInvited"] });
  return meeting;
}

async function minutesOf(tx: Tx, meetingId: string, lock = true): Promise<MeetingMinutes | null> {
  const query = tx.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

async function inviteeRepresentatives(tx: Tx, meetingId: string): Promise<string[]> {
  const invited = await tx.select({ organisationId: meetingInvitees.organisationId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
  return organisationUserIds(
    tx,
    invited.map((i) => i.organisationId),
    { representativesOnly: true },
  );
}

/**
 * The promoter convenes a meeting: every organisation of the coalition at this moment is
 * invited and its representatives are told (in the app, and by e-mail per their preference).
 * Throws UNAUTHENTICATED, VALIDATION (incl. a time not in the future), NOT_FOUND, FORBIDDEN.
 */
export async function conveneMeeting(db: Db, actor: Actor | null, input: unknown): Promise<{ meetingId: string }> {
  const data = parseInput(conveneMeetingSchema, input);
  const who = requireActor(actor);
  let startsAt: Date, endsAt: Date;
  try {
    startsAt = romeLocalToUtc(`${data.date}T${data.startTime}`);
    endsAt = romeLocalToUtc(`${data.date}T${data.endTime}`);
  } catch {
    throw new AppError("VALIDATION", "invalidInput", { date: ["meetingDateInvalid"] });
  }
  const at = now();
  if (startsAt.getTime() <= at.getTime()) throw new AppError("VALIDATION", "invalidInput", { date: ["meetingInPast"] });
  if (startsAt.getTime() - at.getTime() > 3 * 365 * DAY_MS) throw new AppError("VALIDATION", "invalidInput", { date: ["meetingTooFar"] });
  if (endsAt.getTime() <= startsAt.getTime()) throw new AppError("VALIDATION", "invalidInput", { endTime: ["meetingEndBeforeStart"] });
  return db.transaction(async (tx) => {
    const [coalition] = await tx.select({ id: coalitions.id, slug: coalitions.slug, name: coalitions.name }).from(coalitions).where(eq(coalitions.id, data.coalitionId)).for("share");
    if (!coalition) throw new AppError("NOT_FOUND", "coalitionNotFound");
    const [organisationId] = await promoterOrganisationsRepresentedBy(tx, who, coalition.id);
    if (!organisationId) throw new AppError("FORBIDDEN", "forbidden");
    const [meeting] = await tx
      .insert(meetings)
      .values({
        coalitionId: coalition.id,
        title: data.title,
        startsAt,
        endsAt,
        location: data.location || null,
        onlineUrl: data.onlineUrl || null,
        convenedBy: who.userId,
        convenedAt: at,
      })
      .returning({ id: meetings.id });
    await tx.insert(meetingAgendaItems).values(data.agenda.map((item, i) => ({ meetingId: meeting.id, position: i + 1, title: item.title, description: item.description })));
    const members = await tx.select({ organisationId: coalitionMembers.organisationId }).from(coalitionMembers).where(eq(coalitionMembers.coalitionId, coalition.id));
    if (members.length > 0) await tx.insert(meetingInvitees).values(members.map((m) => ({ meetingId: meeting.id, organisationId: m.organisationId })));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "meeting.convened",
      entityType: "meeting",
      entityId: meeting.id,
      data: { coalitionId: coalition.id, title: data.title, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), location: data.location || null, online: data.onlineUrl !== "", agendaItems: data.agenda.length, invited: members.length },
    });
    await notifyUsers(
      tx,
      await organisationUserIds(
        tx,
        members.map((m) => m.organisationId),
        { representativesOnly: true },
      ),
      { kind: "meeting_convened", params: { coalition: coalition.name, title: data.title, startsAt: startsAt.toISOString() }, href: meetingPath(coalition.slug, meeting.id), dedupeKey: `meeting_convened:${meeting.id}` },
      { except: who.userId },
    );
    return { meetingId: meeting.id };
  });
}

/**
 * The promoter cancels a meeting not yet started, with a reason: the .ics SEQUENCE goes up
 * and the invitees' representatives are told. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN, INVALID_STATE (already cancelled or started).
 */
export async function cancelMeeting(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(cancelMeetingSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { meeting, organisationId, slug, coalitionName } = await lockMeetingForPromoter(tx, who, data.meetingId);
    const problem = answerWindowProblem(meeting, now());
    if (problem) throw new AppError("INVALID_STATE", problem);
    await tx
      .update(meetings)
      .set({ cancelledAt: now(), cancelReason: data.reason, sequence: sql`${meetings.sequence} + 1` })
      .where(eq(meetings.id, meeting.id));
    await record(tx, { actorUserId: who.userId, organisationId, action: "meeting.cancelled", entityType: "meeting", entityId: meeting.id, data: { coalitionId: meeting.coalitionId, reason: data.reason } });
    await notifyUsers(
      tx,
      await inviteeRepresentatives(tx, meeting.id),
      { kind: "meeting_cancelled", params: { coalition: coalitionName, title: meeting.title, startsAt: meeting.startsAt.toISOString(), reason: data.reason }, href: meetingPath(slug, meeting.id), dedupeKey: `meeting_cancelled:${meeting.id}` },
      { except: who.userId },
    );
  });
}

/**
 * A representative of an invited organisation says whether it will attend; it may change
 * the answer until the meeting starts. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN (not a representative of an invited organisation), INVALID_STATE (started, cancelled).
 */
export async function answerAttendance(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(answerAttendanceSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const meeting = await meetingForInviteeRepresentative(tx, who, data.meetingId, data.organisationId);
    const at = now();
    const problem = answerWindowProblem(meeting, at);
    if (problem) throw new AppError("INVALID_STATE", problem);
    await tx
      .update(meetingInvitees)
      .set({ answer: data.answer, answeredBy: who.userId, answeredAt: at })
      .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.organisationId, data.organisationId)));
    await record(tx, { actorUserId: who.userId, organisationId: data.organisationId, action: "meeting.attendance_answered", entityType: "meeting", entityId: meeting.id, data: { answer: data.answer } });
  });
}

/**
 * After the start, the promoter records which invited organisations attended (all others
 * did not); it may correct this until the minutes are approved. Throws UNAUTHENTICATED,
 * VALIDATION (an organisation not invited), NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function recordAttendance(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(recordAttendanceSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { meeting, organisationId } = await lockMeetingForPromoter(tx, who, data.meetingId);
    const minutes = await minutesOf(tx, meeting.id);
    const problem = attendanceProblem(meeting, minutes, now());
    if (problem) throw new AppError("INVALID_STATE", problem);
    const attended = [...new Set(data.attended)];
    const invited = await tx.select({ organisationId: meetingInvitees.organisationId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id));
    const invitedIds = new Set(invited.map((i) => i.organisationId));
    if (attended.some((id) => !invitedIds.has(id))) throw new AppError("VALIDATION", "meetingNotInvited", { attended: ["meetingNotInvited"] });
    await tx
      .update(meetingInvitees)
      .set({ attended: attended.length ? sql`${meetingInvitees.organisationId} in (${sql.join(attended.map((id) => sql`${id}::uuid`), sql`, `)})` : false })
      .where(eq(meetingInvitees.meetingId, meeting.id));
    await tx.update(meetings).set({ attendanceRecordedAt: now() }).where(eq(meetings.id, meeting.id));
    await record(tx, { actorUserId: who.userId, organisationId, action: "meeting.attendance_recorded", entityType: "meeting", entityId: meeting.id, data: { attended: [...attended].sort(), invited: invited.length } });
  });
}

/**
 * The promoter saves the minutes' draft (created on the first save): the summary and a
 * decision per agenda item, which may name what it decided (a call of this coalition for
 * the call kinds). Allowed after the start while not approved (also during circulation, to
 * take in the comments). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN,
 * INVALID_STATE (not started, frozen).
 */
export async function saveMinutes(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(saveMinutesSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { meeting, organisationId } = await lockMeetingForPromoter(tx, who, data.meetingId);
    const minutes = await minutesOf(tx, meeting.id);
    const problem = minutesEditProblem(meeting, minutes, now());
    if (problem) throw new AppError("INVALID_STATE", problem);
    const items = await tx.select({ id: meetingAgendaItems.id }).from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meeting.id));
    const itemIds = new Set(items.map((i) => i.id));
    const seen = new Set<string>();
    for (const item of data.items) {
      if (!itemIds.has(item.itemId) || seen.has(item.itemId)) throw new AppError("VALIDATION", "invalidInput", { items: ["invalidInput"] });
      seen.add(item.itemId);
    }
    const callIds = [...new Set(data.items.map((i) => i.decisionCallId).filter((id) => id !== ""))];
    if (callIds.length) {
      const found = await tx.select({ id: calls.id }).from(calls).where(and(inArray(calls.id, callIds), eq(calls.coalitionId, meeting.coalitionId)));
      if (found.length !== callIds.length) throw new AppError("VALIDATION", "minutesCallNotOfCoalition", { items: ["minutesCallNotOfCoalition"] });
    }
    const at = now();
    if (minutes) await tx.update(meetingMinutes).set({ summary: data.summary, updatedAt: at }).where(eq(meetingMinutes.meetingId, meeting.id));
    else await tx.insert(meetingMinutes).values({ meetingId: meeting.id, summary: data.summary, draftedBy: who.userId, updatedAt: at });
    for (const item of data.items) {
      const kind = item.decisionKind === "" ? null : item.decisionKind;
      await tx
        .update(meetingAgendaItems)
        .set({ decision: item.decision, decisionKind: kind, decisionCallId: kind && callDecisionKinds.includes(kind) ? item.decisionCallId : null })
        .where(eq(meetingAgendaItems.id, item.itemId));
    }
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "meeting.minutes_saved",
      entityType: "meeting",
      entityId: meeting.id,
      data: { status: minutes?.status ?? "draft", summaryLength: data.summary.length, decisions: data.items.map((i) => ({ itemId: i.itemId, kind: i.decisionKind || null, callId: i.decisionCallId || null })) },
    });
  });
}

/**
 * The promoter circulates the draft to the invited organisations for a comment period of
 * `days` days; their representatives are told. Throws UNAUTHENTICATED, VALIDATION,
 * NOT_FOUND, FORBIDDEN, INVALID_STATE (no draft, attendance not recorded, no summary, already circulated).
 */
export async function circulateMinutes(db: Db, actor: Actor | null, input: unknown): Promise<{ commentsCloseAt: Date }> {
  const data = parseInput(circulateMinutesSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { meeting, organisationId, slug, coalitionName } = await lockMeetingForPromoter(tx, who, data.meetingId);
    const minutes = await minutesOf(tx, meeting.id);
    const problem = minutesEditProblem(meeting, minutes, now()) ?? circulateProblem(minutes, meeting.attendanceRecordedAt !== null);
    if (problem) throw new AppError("INVALID_STATE", problem);
    const at = now();
    const commentsCloseAt = new Date(at.getTime() + data.days * DAY_MS);
    await tx.update(meetingMinutes).set({ status: "circulated", circulatedAt: at, commentsCloseAt, updatedAt: at }).where(eq(meetingMinutes.meetingId, meeting.id));
    await record(tx, { actorUserId: who.userId, organisationId, action: "meeting.minutes_circulated", entityType: "meeting", entityId: meeting.id, data: { days: data.days, commentsCloseAt: commentsCloseAt.toISOString() } });
    await notifyUsers(
      tx,
      await inviteeRepresentatives(tx, meeting.id),
      { kind: "minutes_circulated", params: { coalition: coalitionName, title: meeting.title, closesAt: commentsCloseAt.toISOString() }, href: meetingPath(slug, meeting.id), dedupeKey: `minutes_circulated:${meeting.id}` },
      { except: who.userId },
    );
    return { commentsCloseAt };
  });
}

/**
 * A representative of an invited organisation comments on circulated minutes while the
 * period is open (at most COMMENTS_PER_ORGANISATION per organisation and meeting). Throws
 * UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE, RATE_LIMITED.
 */
export async function commentMinutes(db: Db, actor: Actor | null, input: unknown): Promise<{ commentId: string }> {
  const data = parseInput(commentMinutesSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const meeting = await meetingForInviteeRepresentative(tx, who, data.meetingId, data.organisationId);
    // The minutes' row lock orders this comment against an approval in progress.
    const minutes = await minutesOf(tx, meeting.id);
    const at = now();
    const problem = commentProblem(minutes, at);
    if (problem) throw new AppError("INVALID_STATE", problem);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(minutesComments)
      .where(and(eq(minutesComments.meetingId, meeting.id), eq(minutesComments.organisationId, data.organisationId)));
    if (Number(n) >= COMMENTS_PER_ORGANISATION) throw new AppError("RATE_LIMITED", "minutesTooManyComments");
    const [row] = await tx
      .insert(minutesComments)
      .values({ meetingId: meeting.id, organisationId: data.organisationId, authorId: who.userId, body: data.body, createdAt: at })
      .returning({ id: minutesComments.id });
    await record(tx, { actorUserId: who.userId, organisationId: data.organisationId, action: "meeting.minutes_commented", entityType: "minutes_comment", entityId: row.id, data: { meetingId: meeting.id } });
    return { commentId: row.id };
  });
}

/**
 * The promoter answers a comment (or corrects the answer) until the minutes are approved.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (approved).
 */
export async function answerComment(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(answerCommentSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const [found] = await tx.select({ meetingId: minutesComments.meetingId }).from(minutesComments).where(eq(minutesComments.id, data.commentId));
    if (!found) throw new AppError("NOT_FOUND", "commentNotFound");
    const { meeting, organisationId } = await lockMeetingForPromoter(tx, who, found.meetingId);
    const minutes = await minutesOf(tx, meeting.id);
    if (minutes?.status === "approved") throw new AppError("INVALID_STATE", "minutesFrozen");
    await tx.update(minutesComments).set({ answer: data.answer, answeredBy: who.userId, answeredAt: now() }).where(eq(minutesComments.id, data.commentId));
    await record(tx, { actorUserId: who.userId, organisationId, action: "meeting.minutes_comment_answered", entityType: "minutes_comment", entityId: data.commentId, data: { meetingId: meeting.id } });
  });
}

/**
 * The promoter approves circulated minutes once the comment period is over and every comment
 * is answered: an irreversible act. The minutes are frozen with the SHA-256 of their canonical
 * text (policy.ts minutesCanonicalText). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN, INVALID_STATE (not circulated, period open, unanswered comments, already approved).
 */
export async function approveMinutes(db: Db, actor: Actor | null, input: unknown): Promise<{ textSha256: string }> {
  const { meetingId } = parseInput(meetingIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { meeting, organisationId } = await lockMeetingForPromoter(tx, who, meetingId);
    const minutes = await minutesOf(tx, meeting.id);
    const [{ unanswered }] = await tx
      .select({ unanswered: sql<number>`count(*)::int` })
      .from(minutesComments)
      .where(and(eq(minutesComments.meetingId, meeting.id), isNull(minutesComments.answer)));
    const at = now();
    const problem = approveProblem(minutes, Number(unanswered), at);
    if (problem) throw new AppError("INVALID_STATE", problem);
    const textSha256 = await minutesHashOf(tx, meeting, minutes!.summary);
    await tx.update(meetingMinutes).set({ status: "approved", approvedAt: at, approvedBy: who.userId, textSha256, updatedAt: at }).where(eq(meetingMinutes.meetingId, meeting.id));
    await record(tx, { actorUserId: who.userId, organisationId, action: "meeting.minutes_approved", entityType: "meeting", entityId: meeting.id, data: { coalitionId: meeting.coalitionId, textSha256 } });
    return { textSha256 };
  });
}

/** The SHA-256 of the minutes' canonical text from the rows as they are now. */
export async function minutesHashOf(tx: Tx | Db, meeting: Meeting, summary: string): Promise<string> {
  const items = await tx.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meeting.id)).orderBy(asc(meetingAgendaItems.position));
  const attended = await tx
    .select({ organisationId: meetingInvitees.organisationId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.attended, true)));
  return minutesSha256({
    meetingId: meeting.id,
    coalitionId: meeting.coalitionId,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    location: meeting.location,
    attended: attended.map((a) => a.organisationId),
    summary,
    items,
  });
}
