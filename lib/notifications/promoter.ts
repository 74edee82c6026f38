import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditEntries, calls, coalitions, onceRuns, organisationMembers } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { takeRateLimit } from "@/lib/auth/rate-limit";
import { callPhase } from "@/lib/calls/policy";
import { isCoalitionPromoter, promoterOrganisationsRepresentedBy, requireCoalitionPromoter } from "@/lib/coalitions/access";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { romeLocalToUtc, utcToRomeLocal } from "@/lib/time";
import { organisationsNotVoted } from "@/lib/voting/queries";
import { ensureVoterSnapshot } from "@/lib/voting/snapshot";
import { coalitionUserIds, notifyUsers } from "./notify";
import { coalitionMessageSchema, voteReminderSchema } from "./promoter-schemas";

/** How many messages a coalition's members may receive from its promoters in 24 hours. */
export const COALITION_MESSAGES_PER_DAY = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Rome calendar day of an instant: "2026-11-26". */
export function romeDay(at: Date): string {
  return utcToRomeLocal(at).slice(0, 10);
}

/** The instant the next Rome day begins (midnight in Rome, summer or winter time). */
export function nextRomeMidnight(at: Date): Date {
  const [y, m, d] = romeDay(at).split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return romeLocalToUtc(`${next.toISOString().slice(0, 10)}T00:00`);
}

/** The once_runs key that allows one reminder per call and Rome day. */
export function voteReminderKey(callId: string, at: Date): string {
  return `vote_reminder:${callId}:${romeDay(at)}`;
}

export type VoteReminderResult = { organisations: number; recipients: number; mailIds: string[] };

/**
 * A promoter reminds the voters of a call that have not voted yet: each such organisation's
 * representatives are told (kind vote_reminder), naming their own organisation only, so
 * nobody learns who else voted, let alone how. Only while the vote runs (server time),
 * once per call and Rome day: the day's key in once_runs is claimed in the same
 * transaction, so a second attempt that day, even a concurrent one, writes nothing.
 * Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function sendVoteReminder(db: Db, actor: Actor | null, input: unknown): Promise<VoteReminderResult> {
  const { callId } = parseInput(voteReminderSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
    if (!call) throw new AppError("NOT_FOUND", "callNotFound");
    await requireCoalitionPromoter(tx, who, call.coalitionId);
    const at = now();
    if (callPhase(call, at) !== "voting" || !call.votingClosesAt) throw new AppError("INVALID_STATE", "voteReminderVotingNotOpen");

    await ensureVoterSnapshot(tx, call, who.userId);
    const late = await organisationsNotVoted(tx, call.id);
    if (late.length === 0) throw new AppError("INVALID_STATE", "voteReminderNobodyLeft");
    const claimed = await tx.insert(onceRuns).values({ key: voteReminderKey(call.id, at), createdAt: at }).onConflictDoNothing().returning({ key: onceRuns.key });
    if (claimed.length === 0) {
      throw new AppError("INVALID_STATE", "voteReminderAlreadySent", undefined, { values: { at: nextRomeMidnight(at).toISOString() } });
    }

    const day = romeDay(at);
    const recipients = new Set<string>();
    const mailIds: string[] = [];
    const representatives = await representativesByOrganisation(
      tx,
      late.map((o) => o.organisationId),
    );
    for (const org of late) {
      const people = representatives.get(org.organisationId) ?? [];
      // Each organisation's own reminder: a person acting for two late ones hears of both.
      const told = await notifyUsers(
        tx,
        people,
        {
          kind: "vote_reminder",
          params: { call: call.title, organisation: org.name, closesAt: call.votingClosesAt.toISOString() },
          href: `/calls/${call.id}/vote`,
          dedupeKey: `vote_reminder:${call.id}:${day}:${org.organisationId}`,
        },
        { except: who.userId },
      );
      people.filter((p) => p !== who.userId).forEach((p) => recipients.add(p));
      mailIds.push(...told.mailIds);
    }
    await record(tx, {
      actorUserId: who.userId,
      organisationId: (await promoterOrganisationsRepresentedBy(tx, who, call.coalitionId))[0] ?? null,
      action: "call.vote_reminder_sent",
      entityType: "call",
      entityId: call.id,
      data: { organisations: late.length, recipients: recipients.size, day },
    });
    return { organisations: late.length, recipients: recipients.size, mailIds };
  });
}

/** Who acts for each of these organisations (lib/auth/permissions.ts), in one query. */
async function representativesByOrganisation(tx: Tx, organisationIds: string[]): Promise<Map<string, string[]>> {
  const rows = await tx
    .select({ organisationId: organisationMembers.organisationId, userId: organisationMembers.userId })
    .from(organisationMembers)
    .where(and(inArray(organisationMembers.organisationId, organisationIds), representsOrganisation()));
  const byOrg = new Map<string, string[]>();
  for (const r of rows) byOrg.set(r.organisationId, [...(byOrg.get(r.organisationId) ?? []), r.userId]);
  return byOrg;
}

export type VoteReminderStatus = {
  /** Sent today (Rome): another can be sent from `nextAt`. */
  sentToday: boolean;
  nextAt: Date;
  /** The latest reminder for the call, if any: when and to how many organisations. */
  last: { at: Date; organisations: number } | null;
};

/** What the count page says about reminders: for the promoters of the call's coalition only (null for anyone else). */
export async function getVoteReminderStatus(db: Db, viewer: Actor, callId: string): Promise<VoteReminderStatus | null> {
  const [call] = await db.select({ coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, callId));
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const at = now();
  const [today] = await db.select({ key: onceRuns.key }).from(onceRuns).where(eq(onceRuns.key, voteReminderKey(callId, at)));
  const [last] = await db
    .select({ at: auditEntries.occurredAt, data: auditEntries.data })
    .from(auditEntries)
    .where(and(eq(auditEntries.entityType, "call"), eq(auditEntries.entityId, callId), eq(auditEntries.action, "call.vote_reminder_sent")))
    .orderBy(desc(auditEntries.seq))
    .limit(1);
  return {
    sentToday: Boolean(today),
    nextAt: nextRomeMidnight(at),
    last: last ? { at: last.at, organisations: Number(last.data.organisations ?? 0) } : null,
  };
}

export type CoalitionMessageResult = { recipients: number; mailIds: string[] };

/**
 * A promoter writes to every person of the coalition's member organisations (promoters,
 * members and observers; not to themselves), kind coalition_message, leading to the
 * coalition's page. At most COALITION_MESSAGES_PER_DAY per coalition in any 24 hours
 * (rate_limit_hits, counted under a lock in the same transaction). The audit entry keeps
 * the subject, the text and how many were told. Throws UNAUTHENTICATED, VALIDATION,
 * NOT_FOUND, FORBIDDEN, RATE_LIMITED.
 */
export async function sendCoalitionMessage(db: Db, actor: Actor | null, input: unknown): Promise<CoalitionMessageResult> {
  const { coalitionId, subject, message } = parseInput(coalitionMessageSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    await requireCoalitionPromoter(tx, who, coalitionId);
    const [coalition] = await tx.select({ id: coalitions.id, name: coalitions.name, slug: coalitions.slug }).from(coalitions).where(eq(coalitions.id, coalitionId));
    const allowed = await takeRateLimit(tx, { bucket: "coalition_message", key: coalition.id, windowMs: DAY_MS, max: COALITION_MESSAGES_PER_DAY });
    if (!allowed) throw new AppError("RATE_LIMITED", "coalitionMessageRateLimited", undefined, { values: { max: COALITION_MESSAGES_PER_DAY } });

    const messageId = randomUUID();
    const people = (await coalitionUserIds(tx, coalition.id)).filter((id) => id !== who.userId);
    const told = await notifyUsers(tx, people, {
      kind: "coalition_message",
      params: { coalition: coalition.name, subject, message },
      href: `/coalitions/${coalition.slug}`,
      dedupeKey: `coalition_message:${messageId}`,
    });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: (await promoterOrganisationsRepresentedBy(tx, who, coalition.id))[0] ?? null,
      action: "coalition.message_sent",
      entityType: "coalition",
      entityId: coalition.id,
      data: { messageId, subject, message, recipients: people.length },
    });
    return { recipients: people.length, mailIds: told.mailIds };
  });
}
