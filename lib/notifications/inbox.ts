import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { notificationPreferences, notifications, users } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { cursorDate } from "@/lib/paging/keyset";
import { AppError } from "@/lib/errors";
import { CHANNELS, DEFAULT_CHANNEL, isChannel, isSafeHref, NOTIFICATION_KINDS, type Channel, type NotificationKind } from "./kinds";
import { readOptOutToken } from "./opt-out";
import type { NotificationParams } from "./render";

/** Notifications on one page of /notifications. */
export const INBOX_PAGE_SIZE = 30;

/** Where a notification leads when its stored address is not a site path (it never should be). */
export const INBOX_PATH = "/notifications";

export type InboxCursor = { at: Date; id: string };

export type InboxItem = {
  id: string;
  kind: string;
  params: NotificationParams;
  href: string;
  readAt: Date | null;
  createdAt: Date;
};

export type InboxPage = { items: InboxItem[]; next: InboxCursor | null };

/** "<ISO time>_<uuid>": the last notification shown, the older page starts after it. */
export function encodeInboxCursor(cursor: InboxCursor): string {
  return `${cursor.at.toISOString()}_${cursor.id}`;
}

/** The cursor of a URL, or null when it is missing or malformed (then the first page). */
export function decodeInboxCursor(value: unknown): InboxCursor | null {
  if (typeof value !== "string" || value.length > 100) return null;
  const [iso, id, ...rest] = value.split("_");
  const at = cursorDate(iso);
  if (rest.length > 0 || !at || !z.uuid().safeParse(id).success) return null;
  return { at: at as Date, id: id as string };
}

/**
 * A person's notifications, newest first, 30 a page: keyset on (created_at, id) through
 * notifications_user_created_idx, one row more than shown to know whether older ones exist.
 * Only the person's own rows: the filter is the signed-in person, never an input.
 */
export async function listNotifications(db: Db, actor: Actor | null, options: { before?: InboxCursor | null } = {}): Promise<InboxPage> {
  const me = requireActor(actor);
  const before = options.before;
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      href: notifications.href,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, me.userId),
        before ? or(lt(notifications.createdAt, before.at), and(eq(notifications.createdAt, before.at), lt(notifications.id, before.id))) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(INBOX_PAGE_SIZE + 1);
  const items = rows.slice(0, INBOX_PAGE_SIZE);
  const last = items[items.length - 1];
  return { items, next: rows.length > INBOX_PAGE_SIZE && last ? { at: last.createdAt, id: last.id } : null };
}

const openSchema = z.object({ notificationId: z.uuid() });

/**
 * Opening a notification: it is marked read (the first time) and its address returned, for
 * the person it was written to only; anyone else's id, or an unknown one, is NOT_FOUND.
 * Marking read is the person's own bookkeeping, like signing in, so it is not audited.
 * The address is checked again: a row that somehow holds anything but a site path leads
 * to the list instead of off the site.
 */
export async function openNotification(db: Db, actor: Actor | null, input: unknown): Promise<{ href: string }> {
  const me = requireActor(actor);
  const { notificationId } = parseInput(openSchema, input);
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now()})` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, me.userId)))
    .returning({ href: notifications.href });
  if (!row) throw new AppError("NOT_FOUND", "notificationNotFound");
  return { href: isSafeHref(row.href) ? row.href : INBOX_PATH };
}

/** "Mark all as read": the person's unread notifications, theirs only. Returns how many. */
export async function markAllNotificationsRead(db: Db, actor: Actor | null): Promise<{ count: number }> {
  const me = requireActor(actor);
  const rows = await db
    .update(notifications)
    .set({ readAt: now() })
    .where(and(eq(notifications.userId, me.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { count: rows.length };
}

/** Every kind with the channel the person gets it by: their choice, else the kind's default. */
export async function notificationPreferencesOf(db: Db, actor: Actor | null): Promise<Record<NotificationKind, Channel>> {
  const me = requireActor(actor);
  const rows = await db
    .select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, me.userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.channel]));
  const out = {} as Record<NotificationKind, Channel>;
  for (const kind of NOTIFICATION_KINDS) {
    const channel = chosen.get(kind);
    out[kind] = isChannel(channel) ? channel : DEFAULT_CHANNEL[kind];
  }
  return out;
}

/** The preferences form: one channel per kind (any kind left out keeps what it has). */
const channelSchema = z.enum(CHANNELS).optional();
const preferencesSchema = z
  .object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, channelSchema])) as Record<NotificationKind, typeof channelSchema>)
  .refine((value) => Object.values(value).some((v) => v !== undefined), { message: "invalidInput" });

/**
 * Saves the person's channels for the kinds given, in one transaction: an upsert of the kinds
 * whose stored row differs into notification_preferences, and one audit entry with the
 * channels that changed (none when nothing changed).
 */
export async function saveNotificationPreferences(db: Db, actor: Actor | null, input: unknown): Promise<{ changed: number }> {
  const me = requireActor(actor);
  const chosen = parseInput(preferencesSchema, input);
  const entries = NOTIFICATION_KINDS.flatMap((kind) => (chosen[kind] ? [[kind, chosen[kind]] as const] : []));
  return db.transaction(async (tx) => {
    const current = await tx
      .select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
      .from(notificationPreferences)
      .where(and(eq(notificationPreferences.userId, me.userId), inArray(notificationPreferences.kind, entries.map(([kind]) => kind))));
    const before = new Map(current.map((r) => [r.kind, r.channel]));
    const changes: Record<string, { from: string; to: Channel }> = {};
    for (const [kind, channel] of entries) {
      const was = before.get(kind) ?? DEFAULT_CHANNEL[kind];
      if (was !== channel) changes[kind] = { from: was, to: channel };
    }
    // Only what differs from the stored rows is written, and only a change is audited: the form
    // is open before the address is confirmed, and posting it again must not grow the audit trail.
    const toWrite = entries.filter(([kind, channel]) => before.get(kind) !== channel);
    const at = now();
    if (toWrite.length > 0) {
      await tx
        .insert(notificationPreferences)
        .values(toWrite.map(([kind, channel]) => ({ userId: me.userId, kind, channel, updatedAt: at })))
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.kind],
          set: { channel: sql`excluded.channel`, updatedAt: sql`excluded.updated_at` },
        });
    }
    if (Object.keys(changes).length === 0) return { changed: 0 };
    await record(tx, {
      actorUserId: me.userId,
      action: "notification_preferences.updated",
      entityType: "user",
      entityId: me.userId,
      data: { changes },
    });
    return { changed: Object.keys(changes).length };
  });
}

const optOutSchema = z.object({ token: z.string().min(1).max(300) });

/**
 * What an opt-out link would stop, for its page: the person and kind it names, or null when
 * it is forged, expired or names a person who no longer exists. Also whether it is done.
 */
export async function readOptOut(db: Db, token: unknown): Promise<{ kind: NotificationKind; channel: Channel } | null> {
  const parsed = optOutSchema.safeParse({ token });
  if (!parsed.success) return null;
  const named = readOptOutToken(parsed.data.token);
  if (!named) return null;
  const [row] = await db
    .select({ id: users.id, channel: notificationPreferences.channel })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, named.kind)))
    .where(eq(users.id, named.userId));
  if (!row) return null;
  return { kind: named.kind, channel: isChannel(row.channel) ? row.channel : DEFAULT_CHANNEL[named.kind] };
}

/**
 * One-click opt-out from an e-mail (the page's button and RFC 8058's POST): the signed,
 * expiring token names one person and one kind, and this sets only that kind to in-app
 * for only that person, audited as theirs; a kind already in-app is left as it is and
 * nothing is written. No session: the token is the whole authority, and it can do nothing
 * else. A forged, expired or unknown token is NOT_FOUND.
 */
export async function optOut(db: Db, input: unknown): Promise<{ kind: NotificationKind }> {
  const { token } = parseInput(optOutSchema, input);
  const named = readOptOutToken(token);
  if (!named) throw new AppError("NOT_FOUND", "optOutLinkInvalid");
  return db.transaction(async (tx) => {
    const [person] = await tx.select({ id: users.id }).from(users).where(eq(users.id, named.userId));
    if (!person) throw new AppError("NOT_FOUND", "optOutLinkInvalid");
    const [current] = await tx
      .select({ channel: notificationPreferences.channel })
      .from(notificationPreferences)
      .where(and(eq(notificationPreferences.userId, named.userId), eq(notificationPreferences.kind, named.kind)));
    const was = current?.channel ?? DEFAULT_CHANNEL[named.kind];
    // Already stopped: nothing to write. The link works for 60 days and its POST route has no
    // session or rate limit, so a replay must not add an audit entry (each takes the chain's lock).
    if (was === "in_app") return { kind: named.kind };
    await tx
      .insert(notificationPreferences)
      .values({ userId: named.userId, kind: named.kind, channel: "in_app", updatedAt: now() })
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { channel: "in_app", updatedAt: now() },
      });
    await record(tx, {
      actorUserId: named.userId,
      action: "notification_preferences.opted_out",
      entityType: "user",
      entityId: named.userId,
      data: { kind: named.kind, from: was, to: "in_app", via: "email_link" },
    });
    return { kind: named.kind };
  });
}

/**
 * A form's view of an action that redirects on success and returns its typed refusal
 * otherwise (callers and the authorization spec read the result; a plain form ignores it,
 * and the page it stays on shows the list as it is).
 */
export function asFormAction(action: (input: FormData) => Promise<unknown>): (formData: FormData) => Promise<void> {
  return action as (formData: FormData) => Promise<void>;
}
