import { and, asc, eq, gt, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  ballots,
  callVoterSnapshots,
  callVoters,
  calls,
  coalitionMembers,
  grants,
  incentiveApplications,
  notificationPreferences,
  notifications,
  onceRuns,
  organisationMembers,
  organisations,
  proposals,
  users,
} from "@/db/schema";
import { representsOrganisation } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { enqueueRenderedMail } from "@/lib/mail/outbox";
import { mailLocale } from "@/lib/mail/templates";
import { utcToRomeLocal } from "@/lib/time";
import { renderDigestMail } from "./digest";
import { notifyUsers, organisationUserIds, type NotificationEvent } from "./notify";

const HOUR_MS = 60 * 60_000;
/** voting_closing: this long before the voting window closes. */
export const VOTING_CLOSING_LEAD_MS = 48 * HOUR_MS;
/** draft_deadline: this long before the call's submission deadline. */
export const DRAFT_DEADLINE_LEAD_MS = 72 * HOUR_MS;
/** incentive_deadline: a deadline (a day) this many days ahead or fewer. */
export const INCENTIVE_DEADLINE_LEAD_DAYS = 14;
/**
 * The digest goes out on the first run at or after this hour, Rome time, once per Rome day
 * (the reminders route runs hourly: about 07:00). A scheduler that runs the reminders only
 * before this hour sends no digest.
 */
export const DIGEST_HOUR_ROME = 7;
/** Things (calls, proposals, deadlines, people) read per query, each then handled in its own transaction. */
export const REMINDER_BATCH = 50;
/** Batches per kind per run: a run is bounded, and the next run takes up what is left. */
export const REMINDER_MAX_BATCHES = 20;
/** Items in one digest at most (the oldest first; the rest wait for the next day's). */
export const DIGEST_MAX_ITEMS = 100;
/** People per insert of notifications. */
const RECIPIENT_CHUNK = 1000;

export type ReminderKind = "voting_opened" | "voting_closing" | "draft_deadline" | "incentive_deadline";

/**
 * Notifications created per kind; `digest` e-mails queued and the notifications they listed;
 * things that failed (retried next run); `unfinished` when the run stopped at its time budget
 * with work left (the next run goes on).
 */
export type ReminderCounts = Record<ReminderKind, number> & { digest: number; digestItems: number; failed: number; unfinished: boolean };

/** One run: the database, its moment, its counts, and when (real time, ms) it stops starting new work. */
type Run = { db: Db; at: Date; counts: ReminderCounts; stopAt: number };

function outOfTime(run: Run): boolean {
  if (Date.now() < run.stopAt) return false;
  run.counts.unfinished = true;
  return true;
}

/** Voter organisations handled per transaction for a call's reminder. */
const ORGANISATION_CHUNK = 200;

/** A key not claimed yet in once_runs (the query's side of the claim). */
function unclaimed(key: SQL): SQL {
  return sql`not exists (select 1 from ${onceRuns} where ${onceRuns.key} = (${key}))`;
}

/** Leaves out what failed earlier in this run, so a failing item does not hold up the rest. */
function notFailed(key: SQL, failed: string[]): SQL | undefined {
  return failed.length ? sql`(${key}) not in ${failed}` : undefined;
}

/**
 * Claims a key in once_runs inside the transaction that does the work: true for the one
 * transaction that inserted it. A concurrent run waits on the key until that one commits,
 * then finds it taken; if the work fails, the claim rolls back with it.
 */
async function claim(tx: Tx, key: string, at: Date): Promise<boolean> {
  const rows = await tx.insert(onceRuns).values({ key, createdAt: at }).onConflictDoNothing().returning({ key: onceRuns.key });
  return rows.length > 0;
}

/**
 * Finds unclaimed things a batch at a time and handles each, then claims it. `atomic`: the
 * claim and the work share one transaction (the digest, whose mail must be queued once).
 * `chunked`: the work commits in several transactions of its own (a call's many voters),
 * then the claim; should a run stop half way, the next one does it again and the
 * notifications' unique (person, dedupe key) skips those already told. Bounded by
 * REMINDER_MAX_BATCHES and the run's time budget. Returns what the handler counted.
 */
async function inBatches<T extends { key: string }>(
  run: Run,
  find: (failed: string[]) => Promise<T[]>,
  mode: "atomic" | "chunked",
  handle: (item: T, tx: Tx | null) => Promise<number>,
): Promise<number> {
  const { db, at, counts } = run;
  const failed: string[] = [];
  let total = 0;
  for (let batch = 0; batch < REMINDER_MAX_BATCHES; batch++) {
    if (outOfTime(run)) break;
    const items = await find(failed);
    for (const item of items) {
      if (outOfTime(run)) return total;
      try {
        if (mode === "atomic") {
          total += await db.transaction(async (tx) => ((await claim(tx, item.key, at)) ? handle(item, tx) : 0));
        } else {
          const done = await handle(item, null);
          // A call left half done when time ran out is taken up again by the next run.
          if (run.counts.unfinished) return total + done;
          await db.transaction((tx) => claim(tx, item.key, at));
          total += done;
        }
      } catch (error) {
        console.error(`Reminder ${item.key} failed; the next run tries again`, error);
        failed.push(item.key);
        counts.failed += 1;
      }
    }
    if (items.length < REMINDER_BATCH) break;
  }
  return total;
}

/**
 * Tells people of one event, a chunk of people per insert, in the order of their ids (two runs
 * at once insert the same rows in the same order: one waits for the other, neither deadlocks).
 */
async function notifyMany(tx: Tx | Db, userIds: readonly string[], event: NotificationEvent): Promise<number> {
  const ids = [...new Set(userIds)].sort();
  let created = 0;
  for (let i = 0; i < ids.length; i += RECIPIENT_CHUNK) created += (await notifyUsers(tx, ids.slice(i, i + RECIPIENT_CHUNK), event)).created;
  return created;
}

type VoterOrganisation = { id: string; name: string };

/**
 * The organisations that vote in a call, as the voting code decides (lib/voting/queries.ts
 * canVoteInCall): the snapshot's voters not removed once it is taken, before that the
 * coalition's promoters and members with a weight. With `notVotedOnly`, those without any
 * ballot in the call (whether one exists, never what it says).
 */
async function voterOrganisations(tx: Tx | Db, call: { id: string; coalitionId: string }, notVotedOnly: boolean): Promise<VoterOrganisation[]> {
  const [snapshot] = await tx.select({ id: callVoterSnapshots.callId }).from(callVoterSnapshots).where(eq(callVoterSnapshots.callId, call.id));
  const notVoted = notVotedOnly
    ? sql`not exists (select 1 from ${ballots} where ${ballots.callId} = ${call.id} and ${ballots.organisationId} = ${organisations.id})`
    : undefined;
  if (snapshot) {
    return tx
      .select({ id: organisations.id, name: organisations.legalName })
      .from(callVoters)
      .innerJoin(organisations, eq(organisations.id, callVoters.organisationId))
      .where(and(eq(callVoters.callId, call.id), isNull(callVoters.removedAt), notVoted))
      .orderBy(asc(organisations.id));
  }
  return tx
    .select({ id: organisations.id, name: organisations.legalName })
    .from(coalitionMembers)
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .where(and(eq(coalitionMembers.coalitionId, call.coalitionId), inArray(coalitionMembers.role, ["promoter", "member"]), sql`${coalitionMembers.weight} > 0`, notVoted))
    .orderBy(asc(organisations.id));
}

/** Each organisation's representatives (and admins): the people who may vote for it. */
async function representatives(tx: Tx | Db, organisationIds: string[]): Promise<Map<string, string[]>> {
  const byOrganisation = new Map<string, string[]>();
  for (let i = 0; i < organisationIds.length; i += RECIPIENT_CHUNK) {
    const rows = await tx
      .select({ organisationId: organisationMembers.organisationId, userId: organisationMembers.userId })
      .from(organisationMembers)
      .where(and(inArray(organisationMembers.organisationId, organisationIds.slice(i, i + RECIPIENT_CHUNK)), representsOrganisation()));
    for (const row of rows) byOrganisation.set(row.organisationId, [...(byOrganisation.get(row.organisationId) ?? []), row.userId]);
  }
  return byOrganisation;
}

type CallItem = { key: string; id: string; title: string; coalitionId: string; closesAt: Date | null };

/** Calls whose vote is open at `at` and whose results are not out, not yet claimed under this key prefix. */
function openVoteCalls(db: Db, at: Date, prefix: "voting_opened" | "voting_closing") {
  const key = sql<string>`${prefix + ":"} || ${calls.id}::text`;
  return (failed: string[]): Promise<CallItem[]> =>
    db
      .select({ key, id: calls.id, title: calls.title, coalitionId: calls.coalitionId, closesAt: calls.votingClosesAt })
      .from(calls)
      .where(
        and(
          eq(calls.status, "published"),
          isNull(calls.resultsPublishedAt),
          lte(calls.votingOpensAt, at),
          gt(calls.votingClosesAt, at),
          // voting_closing: only in the last 48 hours.
          prefix === "voting_closing" ? lte(calls.votingClosesAt, new Date(at.getTime() + VOTING_CLOSING_LEAD_MS)) : undefined,
          unclaimed(key),
          notFailed(key, failed),
        ),
      )
      .orderBy(asc(calls.votingClosesAt), asc(calls.id))
      .limit(REMINDER_BATCH);
}

/** voting_opened: the representatives of every voter organisation, once per call (a chunk of organisations per transaction). */
async function votingOpened(run: Run): Promise<number> {
  return inBatches(run, openVoteCalls(run.db, run.at, "voting_opened"), "chunked", async (call) => {
    const voters = await voterOrganisations(run.db, call, false);
    const event: NotificationEvent = {
      kind: "voting_opened",
      params: { call: call.title, closesAt: call.closesAt!.toISOString() },
      href: `/calls/${call.id}/vote`,
      dedupeKey: call.key,
    };
    let created = 0;
    for (let i = 0; i < voters.length && !outOfTime(run); i += ORGANISATION_CHUNK) {
      const chunk = voters.slice(i, i + ORGANISATION_CHUNK).map((o) => o.id);
      created += await run.db.transaction(async (tx) => notifyMany(tx, [...(await representatives(tx, chunk)).values()].flat(), event));
    }
    return created;
  });
}

/**
 * voting_closing: 48 hours before the close, the representatives of each voter organisation
 * that has cast no ballot yet, once per call; each is told the organisation's name (someone
 * who represents two such organisations is told once).
 */
async function votingClosing(run: Run): Promise<number> {
  return inBatches(run, openVoteCalls(run.db, run.at, "voting_closing"), "chunked", async (call) => {
    const pending = await voterOrganisations(run.db, call, true);
    let created = 0;
    for (let i = 0; i < pending.length && !outOfTime(run); i += ORGANISATION_CHUNK) {
      const chunk = pending.slice(i, i + ORGANISATION_CHUNK);
      created += await run.db.transaction(async (tx) => {
        const reps = await representatives(
          tx,
          chunk.map((o) => o.id),
        );
        let n = 0;
        for (const organisation of chunk) {
          const people = reps.get(organisation.id) ?? [];
          if (people.length === 0) continue;
          n += await notifyMany(tx, people, {
            kind: "voting_closing",
            params: { call: call.title, organisation: organisation.name, closesAt: call.closesAt!.toISOString() },
            href: `/calls/${call.id}/vote`,
            dedupeKey: call.key,
          });
        }
        return n;
      });
    }
    return created;
  });
}

/** draft_deadline: 72 hours before a call's submission deadline, the people of each draft's lead organisation, once per proposal. */
async function draftDeadline(run: Run): Promise<number> {
  const { db, at } = run;
  const key = sql<string>`'draft_deadline:' || ${proposals.id}::text`;
  const find = (failed: string[]) =>
    db
      .select({
        key,
        id: proposals.id,
        title: proposals.title,
        leadOrganisationId: proposals.leadOrganisationId,
        call: calls.title,
        closesAt: calls.submissionClosesAt,
      })
      .from(calls)
      .innerJoin(proposals, and(eq(proposals.callId, calls.id), eq(proposals.status, "draft")))
      .where(
        and(
          eq(calls.status, "published"),
          gt(calls.submissionClosesAt, at),
          lte(calls.submissionClosesAt, new Date(at.getTime() + DRAFT_DEADLINE_LEAD_MS)),
          unclaimed(key),
          notFailed(key, failed),
        ),
      )
      .orderBy(asc(calls.submissionClosesAt), asc(proposals.id))
      .limit(REMINDER_BATCH);
  return inBatches(run, find, "atomic", async (proposal, tx) =>
    notifyMany(tx!, await organisationUserIds(tx!, [proposal.leadOrganisationId]), {
      kind: "draft_deadline",
      params: { proposal: proposal.title, call: proposal.call, deadlineAt: proposal.closesAt!.toISOString() },
      href: `/proposals/${proposal.id}/edit`,
      dedupeKey: proposal.key,
    }),
  );
}

/** The Rome calendar day of an instant ("2026-12-01"), and that day plus some days. */
function romeDay(at: Date): string {
  return utcToRomeLocal(at).slice(0, 10);
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

type DeadlineItem = { key: string; id: string; organisationId: string; title: string; due: string | null };

/**
 * incentive_deadline: 14 days ahead (and until the day itself), the people of the beneficiary
 * organisation, once per thing, deadline and date (a deadline moved to a new date is
 * reminded again). Pact grants not yet reported, closed or revoked: the final report and the
 * end of the project; incentive applications granted: the same two.
 */
async function incentiveDeadline(run: Run): Promise<number> {
  const { db, at } = run;
  const today = romeDay(at);
  const horizon = addDays(today, INCENTIVE_DEADLINE_LEAD_DAYS);
  const sources = [
    { what: "final_report", object: "grant" as const, column: grants.finalReportDueOn },
    { what: "project_end", object: "grant" as const, column: grants.endsOn },
    { what: "final_report", object: "application" as const, column: incentiveApplications.finalReportDueOn },
    { what: "project_end", object: "application" as const, column: incentiveApplications.projectEndsOn },
  ];
  let created = 0;
  for (const source of sources) {
    const find = (failed: string[]): Promise<DeadlineItem[]> => {
      if (source.object === "grant") {
        const key = sql<string>`${"incentive_deadline:grant:"} || ${grants.id}::text || ${`:${source.what}:`} || ${source.column}::text`;
        return db
          .select({ key, id: grants.id, organisationId: grants.organisationId, title: proposals.title, due: source.column })
          .from(grants)
          .innerJoin(proposals, eq(proposals.id, grants.proposalId))
          .where(
            and(inArray(grants.status, ["granted", "in_progress"]), gte(source.column, today), lte(source.column, horizon), unclaimed(key), notFailed(key, failed)),
          )
          .orderBy(asc(source.column), asc(grants.id))
          .limit(REMINDER_BATCH);
      }
      const key = sql<string>`${"incentive_deadline:application:"} || ${incentiveApplications.id}::text || ${`:${source.what}:`} || ${source.column}::text`;
      return db
        .select({ key, id: incentiveApplications.id, organisationId: incentiveApplications.organisationId, title: incentiveApplications.title, due: source.column })
        .from(incentiveApplications)
        .where(and(eq(incentiveApplications.status, "granted"), gte(source.column, today), lte(source.column, horizon), unclaimed(key), notFailed(key, failed)))
        .orderBy(asc(source.column), asc(incentiveApplications.id))
        .limit(REMINDER_BATCH);
    };
    created += await inBatches(run, find, "atomic", async (item, tx) =>
      notifyMany(tx!, await organisationUserIds(tx!, [item.organisationId]), {
        kind: "incentive_deadline",
        // dueAt is a day ("2026-12-01"): shown as that day (render.ts).
        params: { title: item.title, what: source.what, dueAt: item.due! },
        href: source.object === "grant" ? `/grants/${item.id}` : `/funding/applications/${item.id}`,
        dedupeKey: item.key,
      }),
    );
  }
  return created;
}

/**
 * The daily digest: once per Rome day, from DIGEST_HOUR_ROME, each person with notifications
 * waiting for it (email_state 'digest', created up to `at`) gets one e-mail listing them,
 * and they are marked 'digested' in the same transaction as the mail is queued. Kinds the
 * person has since moved to in-app only are left out (marked 'none'); so is everything of a
 * person whose address is not confirmed.
 */
async function digests(run: Run): Promise<number> {
  const { db, at, counts } = run;
  const wall = utcToRomeLocal(at);
  if (Number(wall.slice(11, 13)) < DIGEST_HOUR_ROME) return 0;
  const day = wall.slice(0, 10);
  const key = sql<string>`${"digest:"} || ${notifications.userId}::text || ${`:${day}`}`;
  const find = (failed: string[]) =>
    db
      .selectDistinct({ key, userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.emailState, "digest"), lte(notifications.createdAt, at), unclaimed(key), notFailed(key, failed)))
      .orderBy(asc(notifications.userId))
      .limit(REMINDER_BATCH);
  return inBatches(run, find, "atomic", async ({ userId }, maybeTx) => {
    const tx = maybeTx!;
    const rows = await tx
      .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, href: notifications.href })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.emailState, "digest"), lte(notifications.createdAt, at)))
      .orderBy(asc(notifications.createdAt), asc(notifications.id))
      .limit(DIGEST_MAX_ITEMS);
    if (rows.length === 0) return 0;
    const [person] = await tx
      .select({ email: users.email, name: users.name, locale: users.locale, verified: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, userId));
    const inAppOnly = new Set(
      (
        await tx
          .select({ kind: notificationPreferences.kind })
          .from(notificationPreferences)
          .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.channel, "in_app")))
      ).map((p) => p.kind),
    );
    const listed = person?.verified ? rows.filter((r) => !inAppOnly.has(r.kind)) : [];
    const left = rows.filter((r) => !listed.includes(r));
    if (left.length) {
      await tx
        .update(notifications)
        .set({ emailState: "none" })
        .where(
          inArray(
            notifications.id,
            left.map((r) => r.id),
          ),
        );
    }
    if (listed.length === 0 || !person) return 0;
    const locale = mailLocale(person.locale);
    const mail = renderDigestMail({ userId, name: person.name, locale, items: listed });
    await enqueueRenderedMail(tx, { to: person.email, userId, kind: "notification:digest", locale, ...mail });
    await tx
      .update(notifications)
      .set({ emailState: "digested" })
      .where(
        inArray(
          notifications.id,
          listed.map((r) => r.id),
        ),
      );
    counts.digestItems += listed.length;
    return 1;
  });
}

/** Digest claims are per day: older than this they can claim nothing again. */
export const DIGEST_CLAIMS_KEPT_MS = 3 * 24 * HOUR_MS;

/**
 * Forgets digest claims of days long past (a bounded batch per run), so once_runs does not
 * grow by a row per person per day. Other keys (per call, proposal or deadline) are kept.
 */
async function forgetOldDigestClaims(db: Db, at: Date): Promise<void> {
  const before = new Date(at.getTime() - DIGEST_CLAIMS_KEPT_MS);
  await db.execute(
    sql`delete from ${onceRuns} where ${onceRuns.key} in (select ${onceRuns.key} from ${onceRuns} where ${onceRuns.key} like 'digest:%' and ${onceRuns.createdAt} < ${before} limit 1000)`,
  );
}

/**
 * The scheduled reminders (issue 12), run hourly by /api/cron/reminders or `npm run
 * reminders`: voting opened, voting closing (48 h), draft deadline (72 h), incentive
 * deadlines (14 days), and the daily digest. Idempotent: every reminder claims a once_runs
 * key in the transaction that writes it, and notifications are unique per (person, dedupe
 * key), so running it twice — one after the other or at once — tells nobody twice. Bounded:
 * batches of REMINDER_BATCH, at most REMINDER_MAX_BATCHES per kind, and no new work once
 * `budgetMs` (real time) has passed; what is left waits for the next run. Times are compared
 * in UTC; the digest's day is Rome's.
 */
export async function runReminders(db: Db, at: Date = now(), options: { budgetMs?: number } = {}): Promise<ReminderCounts> {
  const counts: ReminderCounts = { voting_opened: 0, voting_closing: 0, draft_deadline: 0, incentive_deadline: 0, digest: 0, digestItems: 0, failed: 0, unfinished: false };
  const run: Run = { db, at, counts, stopAt: Date.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY) };
  counts.voting_opened = await votingOpened(run);
  counts.voting_closing = await votingClosing(run);
  counts.draft_deadline = await draftDeadline(run);
  counts.incentive_deadline = await incentiveDeadline(run);
  counts.digest = await digests(run);
  await forgetOldDigestClaims(db, at);
  return counts;
}
