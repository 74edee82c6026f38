import { and, asc, desc, eq, gt, isNotNull, lte, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions, meetingAgendaItems, meetingInvitees, meetingMinutes, meetings, minutesComments, organisationMembers, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { epochMicros, keysetCounts, keysetPage, keysetRange, keysetRequest, keysetWhere, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { buildIcs } from "./policy";
import { INVITEES_MAX } from "./schemas";

/**
 * Reads of the meetings for pages, permission-aware: what the public sees (date, place,
 * agenda, counts, approved minutes with the organisations that attended), what the people of
 * invited organisations see in addition (the online link, circulated minutes and their
 * comments), and what the promoter sees (answers per organisation, drafts). People's names
 * and e-mails are never selected for anyone.
 */

export type MeetingSection = "upcoming" | "past";

/**
 * A coalition's meetings, one section 50 a page: upcoming (not yet ended, soonest first) or
 * past (latest first). Keyset on (± starts_at to the microsecond, id); total and position
 * are SQL counts of the section.
 */
export async function listMeetingsPage(db: Db, coalitionId: string, section: MeetingSection, options: { after?: KeyCursor<number>; before?: KeyCursor<number>; size?: number } = {}) {
  const size = options.size ?? LIST_PAGE_SIZE;
  const at = now();
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const micros = epochMicros(meetings.startsAt);
  const value = section === "upcoming" ? micros : sql<number>`(-${micros})`.mapWith(Number);
  const key = sql`(${value}, ${meetings.id})`;
  const bound = (c: KeyCursor<number>) => sql`(${c.value}::bigint, ${c.id}::uuid)`;
  const scope = and(eq(meetings.coalitionId, coalitionId), section === "upcoming" ? gt(meetings.endsAt, at) : lte(meetings.endsAt, at));
  const rows = await db
    .select({
      id: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      location: meetings.location,
      online: sql<boolean>`${meetings.onlineUrl} is not null`,
      cancelledAt: meetings.cancelledAt,
      minutesStatus: meetingMinutes.status,
      value,
    })
    .from(meetings)
    .leftJoin(meetingMinutes, eq(meetingMinutes.meetingId, meetings.id))
    .where(and(scope, keysetWhere(key, cursor && bound(cursor), backwards)))
    .orderBy(...(backwards ? [desc(value), desc(meetings.id)] : [asc(value), asc(meetings.id)]))
    .limit(size + 1);
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, (r) => ({ value: r.value, id: r.id }));
  const first = page[0];
  const [counts] = await db
    .select(keysetCounts(key, first && bound({ value: first.value, id: first.id })))
    .from(meetings)
    .where(scope);
  return { meetings: page.map((r) => ({ ...r, approved: r.minutesStatus === "approved" })), ...keysetRange(counts, page.length), next, previous };
}

export type MeetingListItem = Awaited<ReturnType<typeof listMeetingsPage>>["meetings"][number];

/** The invited organisations the viewer belongs to, and whether the viewer represents each. */
async function viewerInvitations(db: Db, viewer: Actor | null, meetingId: string) {
  if (!viewer) return [];
  return db
    .select({
      organisationId: meetingInvitees.organisationId,
      legalName: organisations.legalName,
      answer: meetingInvitees.answer,
      represents: sql<boolean>`${representsOrganisation()}`,
    })
    .from(meetingInvitees)
    .innerJoin(organisationMembers, and(eq(organisationMembers.organisationId, meetingInvitees.organisationId), eq(organisationMembers.userId, viewer.userId)))
    .innerJoin(organisations, eq(organisations.id, meetingInvitees.organisationId))
    .where(eq(meetingInvitees.meetingId, meetingId))
    .orderBy(asc(organisations.legalName));
}

/**
 * One meeting as the viewer may see it, or null when it does not exist in this coalition.
 * `approved` is the public minutes; `draft` (with comments) only for the promoter and, once
 * circulated, for the people of invited organisations; `promoter` only for the promoter.
 */
export async function getMeetingView(db: Db, viewer: Actor | null, slug: string, meetingId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) return null;
  const [row] = await db
    .select({ meeting: meetings, coalition: { id: coalitions.id, slug: coalitions.slug, name: coalitions.name } })
    .from(meetings)
    .innerJoin(coalitions, eq(coalitions.id, meetings.coalitionId))
    .where(and(eq(meetings.id, meetingId), eq(coalitions.slug, slug)));
  if (!row) return null;
  const { meeting: m, coalition } = row;
  const isPromoter = viewer ? await isCoalitionPromoter(db, viewer, coalition.id) : false;
  const mine = await viewerInvitations(db, viewer, m.id);
  const invitedPerson = mine.length > 0 || isPromoter;
  const agenda = await db
    .select({
      id: meetingAgendaItems.id,
      position: meetingAgendaItems.position,
      title: meetingAgendaItems.title,
      description: meetingAgendaItems.description,
      decision: meetingAgendaItems.decision,
      decisionKind: meetingAgendaItems.decisionKind,
      decisionCallId: meetingAgendaItems.decisionCallId,
      callTitle: calls.title,
      callPublic: sql<boolean>`${calls.status} is not null and ${calls.status} <> 'draft'`,
    })
    .from(meetingAgendaItems)
    .leftJoin(calls, eq(calls.id, meetingAgendaItems.decisionCallId))
    .where(eq(meetingAgendaItems.meetingId, m.id))
    .orderBy(asc(meetingAgendaItems.position));
  const [counts] = await db
    .select({
      invited: sql<number>`count(*)::int`.mapWith(Number),
      attending: sql<number>`(count(*) filter (where ${meetingInvitees.answer} = 'attending'))::int`.mapWith(Number),
      notAttending: sql<number>`(count(*) filter (where ${meetingInvitees.answer} = 'not_attending'))::int`.mapWith(Number),
      attended: sql<number>`(count(*) filter (where ${meetingInvitees.attended}))::int`.mapWith(Number),
    })
    .from(meetingInvitees)
    .where(eq(meetingInvitees.meetingId, m.id));
  const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, m.id));

  const decisions = (publicOnly: boolean) =>
    agenda.map((a) => ({
      id: a.id,
      position: a.position,
      title: a.title,
      description: a.description,
      decision: a.decision,
      decisionKind: a.decisionKind,
      call: a.decisionCallId && a.callTitle && (!publicOnly || a.callPublic) ? { id: a.decisionCallId, title: a.callTitle, isPublic: a.callPublic } : null,
    }));

  let approved = null;
  if (minutes?.status === "approved") {
    const attended = await db
      .select({ legalName: organisations.legalName })
      .from(meetingInvitees)
      .innerJoin(organisations, eq(organisations.id, meetingInvitees.organisationId))
      .where(and(eq(meetingInvitees.meetingId, m.id), eq(meetingInvitees.attended, true)))
      .orderBy(asc(organisations.legalName))
      .limit(INVITEES_MAX);
    approved = { summary: minutes.summary, approvedAt: minutes.approvedAt!, textSha256: minutes.textSha256!, circulatedAt: minutes.circulatedAt, attended: attended.map((a) => a.legalName), items: decisions(true) };
  }

  const showDraft = minutes && minutes.status !== "approved" && (isPromoter || (minutes.status === "circulated" && invitedPerson));
  let draft = null;
  if (showDraft) {
    const comments = await db
      .select({
        id: minutesComments.id,
        organisationName: organisations.legalName,
        organisationId: minutesComments.organisationId,
        body: minutesComments.body,
        createdAt: minutesComments.createdAt,
        answer: minutesComments.answer,
        answeredAt: minutesComments.answeredAt,
      })
      .from(minutesComments)
      .innerJoin(organisations, eq(organisations.id, minutesComments.organisationId))
      .where(eq(minutesComments.meetingId, m.id))
      .orderBy(asc(minutesComments.createdAt), asc(minutesComments.id))
      .limit(INVITEES_MAX);
    draft = {
      status: minutes.status,
      summary: minutes.summary,
      updatedAt: minutes.updatedAt,
      circulatedAt: minutes.circulatedAt,
      commentsCloseAt: minutes.commentsCloseAt,
      items: decisions(false),
      comments,
    };
  }

  let promoter = null;
  if (isPromoter) {
    const invitees = await db
      .select({ organisationId: meetingInvitees.organisationId, legalName: organisations.legalName, answer: meetingInvitees.answer, attended: meetingInvitees.attended })
      .from(meetingInvitees)
      .innerJoin(organisations, eq(organisations.id, meetingInvitees.organisationId))
      .where(eq(meetingInvitees.meetingId, m.id))
      .orderBy(asc(organisations.legalName), asc(meetingInvitees.organisationId))
      .limit(INVITEES_MAX);
    const coalitionCalls = await db
      .select({ id: calls.id, title: calls.title })
      .from(calls)
      .where(eq(calls.coalitionId, coalition.id))
      .orderBy(desc(calls.createdAt))
      .limit(200);
    promoter = { invitees, calls: coalitionCalls, hasDraft: Boolean(minutes) };
  }

  return {
    id: m.id,
    coalition,
    title: m.title,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    location: m.location,
    onlineUrl: invitedPerson ? m.onlineUrl : null,
    online: m.onlineUrl !== null,
    cancelledAt: m.cancelledAt,
    cancelReason: m.cancelReason,
    attendanceRecorded: m.attendanceRecordedAt !== null,
    agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, description: a.description })),
    counts,
    minutesStatus: minutes?.status ?? null,
    approved,
    draft,
    promoter,
    viewer: { isPromoter, invitedPerson, represented: mine.filter((i) => i.represents).map(({ organisationId, legalName, answer }) => ({ organisationId, legalName, answer })) },
  };
}

export type MeetingView = NonNullable<Awaited<ReturnType<typeof getMeetingView>>>;

/**
 * The .ics of a meeting (public): the online link only for people of invited organisations
 * and the promoter. Null for an unknown meeting.
 */
export async function meetingIcs(db: Db, viewer: Actor | null, meetingId: string, origin: string): Promise<{ text: string; fileName: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) return null;
  const [row] = await db
    .select({ meeting: meetings, slug: coalitions.slug, coalitionName: coalitions.name })
    .from(meetings)
    .innerJoin(coalitions, eq(coalitions.id, meetings.coalitionId))
    .where(eq(meetings.id, meetingId));
  if (!row) return null;
  const { meeting: m } = row;
  const mayJoinOnline = viewer ? (await viewerInvitations(db, viewer, m.id)).length > 0 || (await isCoalitionPromoter(db, viewer, m.coalitionId)) : false;
  const agenda = await db.select({ position: meetingAgendaItems.position, title: meetingAgendaItems.title, description: meetingAgendaItems.description }).from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, m.id)).orderBy(asc(meetingAgendaItems.position));
  const page = `${origin}/coalitions/${row.slug}/meetings/${m.id}`;
  const link = mayJoinOnline && m.onlineUrl ? m.onlineUrl : null;
  const description = [
    row.coalitionName,
    "",
    ...agenda.map((a) => `${a.position}. ${a.title}${a.description ? `\n${a.description}` : ""}`),
    "",
    ...(link ? [link] : []),
    page,
  ].join("\n");
  const text = buildIcs({
    uid: `meeting-${m.id}@tavolo`,
    sequence: m.sequence,
    stamp: m.convenedAt,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    summary: m.title,
    description,
    location: [m.location, link].filter(Boolean).join(" — ") || null,
    url: page,
    cancelled: m.cancelledAt !== null,
  });
  return { text, fileName: `seduta-${m.id.slice(0, 8)}.ics` };
}

/** The approved minutes' decisions that name this call (for "decided in the meeting of …" on the call's pages). */
export async function decisionsForCall(db: Db, callId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(callId)) return [];
  return db
    .select({ meetingId: meetings.id, startsAt: meetings.startsAt, slug: coalitions.slug, kind: meetingAgendaItems.decisionKind, itemId: meetingAgendaItems.id })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .innerJoin(coalitions, eq(coalitions.id, meetings.coalitionId))
    .innerJoin(meetingMinutes, and(eq(meetingMinutes.meetingId, meetings.id), eq(meetingMinutes.status, "approved")))
    .where(and(eq(meetingAgendaItems.decisionCallId, callId), isNotNull(meetingAgendaItems.decisionKind), eq(meetings.coalitionId, sql`(select coalition_id from calls where id = ${callId})`)))
    .orderBy(asc(meetings.startsAt), asc(meetingAgendaItems.position))
    .limit(20);
}

/** What the minutes' PDF shows: approved minutes only (public), null otherwise. */
export async function approvedMinutesSource(db: Db, meetingId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) return null;
  const [row] = await db
    .select({ meeting: meetings, coalitionName: coalitions.name, minutes: meetingMinutes })
    .from(meetings)
    .innerJoin(coalitions, eq(coalitions.id, meetings.coalitionId))
    .innerJoin(meetingMinutes, and(eq(meetingMinutes.meetingId, meetings.id), eq(meetingMinutes.status, "approved")))
    .where(eq(meetings.id, meetingId));
  if (!row) return null;
  const items = await db
    .select({ position: meetingAgendaItems.position, title: meetingAgendaItems.title, description: meetingAgendaItems.description, decision: meetingAgendaItems.decision, decisionKind: meetingAgendaItems.decisionKind, callTitle: calls.title })
    .from(meetingAgendaItems)
    .leftJoin(calls, and(eq(calls.id, meetingAgendaItems.decisionCallId), ne(calls.status, "draft")))
    .where(eq(meetingAgendaItems.meetingId, meetingId))
    .orderBy(asc(meetingAgendaItems.position));
  const attended = await db
    .select({ legalName: organisations.legalName })
    .from(meetingInvitees)
    .innerJoin(organisations, eq(organisations.id, meetingInvitees.organisationId))
    .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.attended, true)))
    .orderBy(asc(organisations.legalName))
    .limit(INVITEES_MAX);
  const [{ invited }] = await db.select({ invited: sql<number>`count(*)::int`.mapWith(Number) }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
  return {
    meeting: { id: row.meeting.id, title: row.meeting.title, startsAt: row.meeting.startsAt, endsAt: row.meeting.endsAt, location: row.meeting.location, coalitionName: row.coalitionName },
    minutes: { summary: row.minutes.summary, approvedAt: row.minutes.approvedAt!, textSha256: row.minutes.textSha256!, circulatedAt: row.minutes.circulatedAt },
    items,
    attended: attended.map((a) => a.legalName),
    invited,
  };
}

export type ApprovedMinutesSource = NonNullable<Awaited<ReturnType<typeof approvedMinutesSource>>>;

