import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitionMembers, notificationPreferences, notifications, organisationMembers, users } from "@/db/schema";
import { now } from "@/lib/clock";
import { mailLocale } from "@/lib/mail/templates";
import { enqueueRenderedMails, type RenderedOutboxMail } from "@/lib/mail/outbox";
import { DEFAULT_CHANNEL, isChannel, isSafeHref, type Channel, type NotificationKind } from "./kinds";
import { renderNotificationMail } from "./mail";
import type { NotificationParams } from "./render";

/** One event as people are told of it. */
export type NotificationEvent = {
  kind: NotificationKind;
  /** Values of its message; …Cents are amounts, …At ISO dates (see render.ts). Plain data only. */
  params: NotificationParams;
  /** A path on this site ("/proposals/…"), never a full URL. */
  href: string;
  /**
   * What makes it this notification: the event ("partner_request:<id>:accepted") or the
   * reminder and its day ("voting_closing:<callId>"). Telling the same person the same key
   * twice does nothing.
   */
  dedupeKey: string;
};

export type NotifyResult = { created: number; mailIds: string[] };

/**
 * Tells these people of an event, inside the event's own transaction: one notification each
 * (once per dedupe key), and per each person's preference for the kind an e-mail in the
 * outbox now (immediate), a place in tomorrow's digest (digest), or nothing more (in_app).
 * Mail goes only to confirmed addresses. The person who acted (`except`) is not told of
 * their own act. Returns the outbox ids so the caller may send them after commit.
 */
export async function notifyUsers(tx: Tx | Db, userIds: readonly string[], event: NotificationEvent, options: { except?: string | null } = {}): Promise<NotifyResult> {
  if (!isSafeHref(event.href)) throw new Error(`notification href must be a site path: ${event.href}`);
  const ids = [...new Set(userIds)].filter((id) => id !== options.except);
  const at = now();
  const result: NotifyResult = { created: 0, mailIds: [] };
  // In batches: one insert of a whole large coalition would pass PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < ids.length; i += NOTIFY_BATCH) {
    const part = await notifyBatch(tx, ids.slice(i, i + NOTIFY_BATCH), event, at);
    result.created += part.created;
    result.mailIds.push(...part.mailIds);
  }
  return result;
}

/** People told in one insert (6 parameters a row). */
const NOTIFY_BATCH = 1000;

async function notifyBatch(tx: Tx | Db, ids: string[], event: NotificationEvent, at: Date): Promise<NotifyResult> {
  const inserted = await tx
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: event.kind, params: event.params, href: event.href, dedupeKey: event.dedupeKey, createdAt: at })))
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id, userId: notifications.userId });
  if (inserted.length === 0) return { created: 0, mailIds: [] };

  const people = await tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, verified: users.emailVerifiedAt, channel: notificationPreferences.channel })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, event.kind)))
    .where(inArray(users.id, inserted.map((row) => row.userId)));
  const byUser = new Map(people.map((p) => [p.id, p]));
  const mails: RenderedOutboxMail[] = [];
  const queued: string[] = [];
  const digest: string[] = [];
  for (const row of inserted) {
    const person = byUser.get(row.userId);
    if (!person || !person.verified) continue;
    const channel: Channel = isChannel(person.channel) ? person.channel : DEFAULT_CHANNEL[event.kind];
    if (channel === "immediate") {
      const locale = mailLocale(person.locale);
      const mail = renderNotificationMail({ kind: event.kind, params: event.params, href: event.href, userId: person.id, name: person.name, locale });
      mails.push({ to: person.email, userId: person.id, kind: `notification:${event.kind}`, locale, ...mail });
      queued.push(row.id);
    } else if (channel === "digest") {
      digest.push(row.id);
    }
  }
  // One insert for the batch's mail (one per person took seconds per thousand people).
  const mailIds = await enqueueRenderedMails(tx, mails);
  if (queued.length) await tx.update(notifications).set({ emailState: "queued" }).where(inArray(notifications.id, queued));
  if (digest.length) await tx.update(notifications).set({ emailState: "digest" }).where(inArray(notifications.id, digest));
  return { created: inserted.length, mailIds };
}

/**
 * The people of these organisations; with `representativesOnly`, only those who may act for
 * it (representatives and admins, the rule of lib/auth/permissions.ts).
 */
export async function organisationUserIds(tx: Tx | Db, organisationIds: readonly string[], options: { representativesOnly?: boolean } = {}): Promise<string[]> {
  const ids = [...new Set(organisationIds)];
  if (ids.length === 0) return [];
  const rows = await tx
    .selectDistinct({ userId: organisationMembers.userId })
    .from(organisationMembers)
    .where(
      and(
        inArray(organisationMembers.organisationId, ids),
        options.representativesOnly ? or(eq(organisationMembers.isRepresentative, true), eq(organisationMembers.role, "admin")) : undefined,
      ),
    );
  return rows.map((r) => r.userId);
}

/** The people of a coalition's member organisations (by role: promoter, member, observer; all when not given). */
export async function coalitionUserIds(
  tx: Tx | Db,
  coalitionId: string,
  options: { roles?: ("promoter" | "member" | "observer")[]; representativesOnly?: boolean } = {},
): Promise<string[]> {
  // One join, not a list of organisation ids: a large coalition's list would pass PostgreSQL's bind parameters.
  const rows = await tx
    .selectDistinct({ userId: organisationMembers.userId })
    .from(coalitionMembers)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
    .where(
      and(
        eq(coalitionMembers.coalitionId, coalitionId),
        options.roles?.length ? inArray(coalitionMembers.role, options.roles) : undefined,
        options.representativesOnly ? or(eq(organisationMembers.isRepresentative, true), eq(organisationMembers.role, "admin")) : undefined,
      ),
    );
  return rows.map((r) => r.userId);
}

/** Notifies the people of organisations (see organisationUserIds). */
export async function notifyOrganisations(
  tx: Tx | Db,
  organisationIds: readonly string[],
  event: NotificationEvent,
  options: { representativesOnly?: boolean; except?: string | null } = {},
): Promise<NotifyResult> {
  return notifyUsers(tx, await organisationUserIds(tx, organisationIds, options), event, options);
}

/** How many unread notifications a person has (the bell), counted up to `cap` (the index on unread rows). */
export async function unreadCount(db: Tx | Db, userId: string, cap = 100): Promise<number> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .limit(cap);
  return rows.length;
}
