import { and, eq, sql, type SQL } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { notificationPreferences, notifications } from "@/db/schema";
import { resetClock, setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { createUser, randomUUID, type TestUser } from "@/test/factories";
import {
  decodeInboxCursor,
  encodeInboxCursor,
  INBOX_PAGE_SIZE,
  listNotifications,
  markAllNotificationsRead,
  notificationPreferencesOf,
  openNotification,
  optOut,
  readOptOut,
  saveNotificationPreferences,
} from "./inbox";
import { DEFAULT_CHANNEL } from "./kinds";
import { notifyUsers, unreadCount } from "./notify";
import { optOutToken, OPT_OUT_TTL_MS } from "./opt-out";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterEach(() => resetClock());

/** A notification for these people, at a given time (one dedupe key per call). */
async function notify(userIds: string[], n: number, at?: Date, href = `/proposals/${randomUUID()}`) {
  if (at) setClock(at);
  await notifyUsers(db, userIds, { kind: "results_published", params: { call: `Bando ${n}` }, href, dedupeKey: `test:${randomUUID()}` });
  resetClock();
}

async function rowsOf<T>(query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function idsOf(user: TestUser): Promise<string[]> {
  const rows = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, user.actor.userId));
  return rows.map((r) => r.id);
}

async function channelOf(user: TestUser, kind: string): Promise<string | undefined> {
  const [row] = await db
    .select({ channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, user.actor.userId), eq(notificationPreferences.kind, kind)));
  return row?.channel;
}

describe("the inbox", () => {
  it("lists one's own notifications newest first, 30 a page, keyset through every one exactly once", async () => {
    const me = await createUser(db);
    const other = await createUser(db);
    const start = Date.parse("2026-03-01T09:00:00Z");
    // 65 notifications; every fifth pair shares its instant, so the id breaks the tie.
    for (let i = 0; i < 65; i++) await notify([me.actor.userId], i, new Date(start + Math.floor(i / 2) * 60_000));
    await notify([other.actor.userId], 999);

    const seen: { id: string; at: number }[] = [];
    let before = null;
    const sizes: number[] = [];
    for (let page = 0; page < 5; page++) {
      const result = await listNotifications(db, me.actor, { before });
      sizes.push(result.items.length);
      seen.push(...result.items.map((item) => ({ id: item.id, at: item.createdAt.getTime() })));
      if (!result.next) break;
      // The cursor survives the URL.
      before = decodeInboxCursor(encodeInboxCursor(result.next));
    }
    expect(sizes).toEqual([INBOX_PAGE_SIZE, INBOX_PAGE_SIZE, 5]);
    expect(new Set(seen.map((s) => s.id)).size).toBe(65);
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(await idsOf(me)));
    for (let i = 1; i < seen.length; i++) expect(seen[i].at).toBeLessThanOrEqual(seen[i - 1].at);
    expect(seen[0].at).toBe(start + 32 * 60_000);
  });

  it("a malformed cursor is the first page", () => {
    expect(decodeInboxCursor("not-a-cursor")).toBeNull();
    expect(decodeInboxCursor(`2026-01-01T00:00:00.000Z_${randomUUID()}_x`)).toBeNull();
    expect(decodeInboxCursor(undefined)).toBeNull();
  });

  it("opening marks read only one's own notification, keeps the first reading time, and returns where it leads", async () => {
    const me = await createUser(db);
    const other = await createUser(db);
    await notify([me.actor.userId, other.actor.userId], 1, undefined, "/proposals/abc");
    const [mine] = await idsOf(me);
    const [theirs] = await idsOf(other);
    expect(await unreadCount(db, me.actor.userId)).toBe(1);

    // Someone else's id: not found, and theirs stays unread.
    await expectAppError(openNotification(db, me.actor, { notificationId: theirs }), "NOT_FOUND", "notificationNotFound");
    expect(await unreadCount(db, other.actor.userId)).toBe(1);
    await expectAppError(openNotification(db, me.actor, { notificationId: randomUUID() }), "NOT_FOUND");
    await expectAppError(openNotification(db, me.actor, { notificationId: "1 or 1=1" }), "VALIDATION");
    await expectAppError(openNotification(db, null, { notificationId: mine }), "UNAUTHENTICATED");

    setClock(new Date("2026-04-01T10:00:00Z"));
    expect(await openNotification(db, me.actor, { notificationId: mine })).toEqual({ href: "/proposals/abc" });
    setClock(new Date("2026-04-02T10:00:00Z"));
    await openNotification(db, me.actor, { notificationId: mine });
    const [row] = await db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, mine));
    expect(row.readAt?.toISOString()).toBe("2026-04-01T10:00:00.000Z");
    expect(await unreadCount(db, me.actor.userId)).toBe(0);
    expect(await unreadCount(db, other.actor.userId)).toBe(1);
  });

  it("a stored address that is not a site path leads to the list instead", async () => {
    const me = await createUser(db);
    await notify([me.actor.userId], 1);
    const [id] = await idsOf(me);
    // notifyUsers refuses such an address; a row written another way must not send anyone off site.
    await db.update(notifications).set({ href: "//evil.example/x" }).where(eq(notifications.id, id));
    expect(await openNotification(db, me.actor, { notificationId: id })).toEqual({ href: "/notifications" });
  });

  it("'mark all as read' touches only one's own", async () => {
    const me = await createUser(db);
    const other = await createUser(db);
    for (let i = 0; i < 3; i++) await notify([me.actor.userId, other.actor.userId], i);
    expect(await markAllNotificationsRead(db, me.actor)).toEqual({ count: 3 });
    expect(await unreadCount(db, me.actor.userId)).toBe(0);
    expect(await unreadCount(db, other.actor.userId)).toBe(3);
    expect(await markAllNotificationsRead(db, me.actor)).toEqual({ count: 0 });
    await expectAppError(markAllNotificationsRead(db, null), "UNAUTHENTICATED");
  });
});

describe("preferences", () => {
  it("shows the defaults, saves an upsert of the kinds given in one go, and audits what changed", async () => {
    const me = await createUser(db);
    const other = await createUser(db);
    expect(await notificationPreferencesOf(db, me.actor)).toEqual(DEFAULT_CHANNEL);

    expect(await saveNotificationPreferences(db, me.actor, { call_opened: "immediate", voting_opened: "digest", tranche_released: "immediate" })).toEqual({ changed: 2 });
    let prefs = await notificationPreferencesOf(db, me.actor);
    expect(prefs.call_opened).toBe("immediate");
    expect(prefs.voting_opened).toBe("digest");
    expect(prefs.tranche_released).toBe("immediate");
    expect(prefs.coalition_message).toBe(DEFAULT_CHANNEL.coalition_message);

    // Saving again updates the same rows (the upsert), the rest stay.
    expect(await saveNotificationPreferences(db, me.actor, { call_opened: "in_app" })).toEqual({ changed: 1 });
    prefs = await notificationPreferencesOf(db, me.actor);
    expect(prefs.call_opened).toBe("in_app");
    expect(prefs.voting_opened).toBe("digest");
    const [{ n }] = await rowsOf<{ n: number }>(sql`select count(*)::int as n from notification_preferences where user_id = ${me.actor.userId}`);
    expect(n).toBe(3);

    expect(await auditActionsFor(db, me.actor.userId)).toEqual(["user.signed_up", "notification_preferences.updated", "notification_preferences.updated"]);
    const audit = await rowsOf<{ data: unknown }>(sql`select data from audit_entries where entity_id = ${me.actor.userId} and action = 'notification_preferences.updated' order by seq`);
    expect(audit.map((r) => r.data)).toEqual([
      { changes: { call_opened: { from: "digest", to: "immediate" }, voting_opened: { from: "immediate", to: "digest" } } },
      { changes: { call_opened: { from: "immediate", to: "in_app" } } },
    ]);
    // Nobody else's preferences changed.
    expect(await notificationPreferencesOf(db, other.actor)).toEqual(DEFAULT_CHANNEL);
  });

  it("refuses unknown channels, an empty form and a visitor, and writes nothing", async () => {
    const me = await createUser(db);
    await expectAppError(saveNotificationPreferences(db, me.actor, { call_opened: "sms" }), "VALIDATION");
    await expectAppError(saveNotificationPreferences(db, me.actor, {}), "VALIDATION");
    await expectAppError(saveNotificationPreferences(db, me.actor, { userId: randomUUID(), nonsense: "x" }), "VALIDATION");
    await expectAppError(saveNotificationPreferences(db, null, { call_opened: "in_app" }), "UNAUTHENTICATED");
    expect(await channelOf(me, "call_opened")).toBeUndefined();
    expect(await auditActionsFor(db, me.actor.userId)).toEqual(["user.signed_up"]);
  });
});

describe("one-click opt-out", () => {
  it("sets only that kind to in-app, for only that person, and is audited as theirs", async () => {
    const me = await createUser(db);
    const other = await createUser(db);
    await saveNotificationPreferences(db, me.actor, { call_opened: "digest", voting_opened: "immediate" });
    await saveNotificationPreferences(db, other.actor, { voting_opened: "immediate" });
    const token = optOutToken(me.actor.userId, "voting_opened");

    expect(await readOptOut(db, token)).toEqual({ kind: "voting_opened", channel: "immediate" });
    expect(await optOut(db, { token })).toEqual({ kind: "voting_opened" });
    expect(await readOptOut(db, token)).toEqual({ kind: "voting_opened", channel: "in_app" });

    const mine = await notificationPreferencesOf(db, me.actor);
    expect(mine.voting_opened).toBe("in_app");
    expect(mine.call_opened).toBe("digest");
    expect(Object.entries(mine).filter(([, channel]) => channel === "in_app").map(([kind]) => kind)).toEqual(["voting_opened"]);
    expect((await notificationPreferencesOf(db, other.actor)).voting_opened).toBe("immediate");

    // Twice is harmless: the second writes nothing (lib/notifications/attack.test.ts).
    expect(await optOut(db, { token })).toEqual({ kind: "voting_opened" });
    const actions = await auditActionsFor(db, me.actor.userId);
    expect(actions.filter((a) => a === "notification_preferences.opted_out")).toHaveLength(1);
    const [entry] = await rowsOf<{ actor_user_id: string; data: unknown }>(
      sql`select actor_user_id, data from audit_entries where entity_id = ${me.actor.userId} and action = 'notification_preferences.opted_out' order by seq limit 1`,
    );
    expect(entry).toEqual({ actor_user_id: me.actor.userId, data: { kind: "voting_opened", from: "immediate", to: "in_app", via: "email_link" } });

    // A kind with no choice yet gets a row too.
    await optOut(db, { token: optOutToken(me.actor.userId, "tranche_released") });
    expect(await channelOf(me, "tranche_released")).toBe("in_app");
  });

  it("refuses a forged, altered, expired or unknown person's token and changes nothing", async () => {
    const me = await createUser(db);
    const good = optOutToken(me.actor.userId, "call_opened");
    const [payload, signature] = good.split(".");
    const forgedPayload = Buffer.from(`${me.actor.userId}.coalition_message.${Math.floor(Date.now() / 1000) + 3600}`).toString("base64url");
    const expired = optOutToken(me.actor.userId, "call_opened", new Date(Date.now() - OPT_OUT_TTL_MS - 60_000));
    const nobody = optOutToken(randomUUID(), "call_opened");
    for (const token of [`${forgedPayload}.${signature}`, `${payload}.${signature.slice(0, -2)}xx`, `${payload}.${signature}.extra`, expired, nobody, "", "x".repeat(400)]) {
      expect(await readOptOut(db, token), token.slice(0, 40)).toBeNull();
      await expect(optOut(db, { token })).rejects.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|VALIDATION)$/) });
    }
    expect(await channelOf(me, "call_opened")).toBeUndefined();
    expect(await channelOf(me, "coalition_message")).toBeUndefined();
    expect(await auditActionsFor(db, me.actor.userId)).toEqual(["user.signed_up"]);
  });

  it("a token expires after its 60 days", async () => {
    const me = await createUser(db);
    setClock(new Date("2026-01-01T00:00:00Z"));
    const token = optOutToken(me.actor.userId, "results_published");
    setClock(new Date("2026-03-01T00:00:00Z"));
    expect(await readOptOut(db, token)).not.toBeNull();
    setClock(new Date("2026-03-03T00:00:00Z"));
    expect(await readOptOut(db, token)).toBeNull();
    await expectAppError(optOut(db, { token }), "NOT_FOUND", "optOutLinkInvalid");
  });
});
