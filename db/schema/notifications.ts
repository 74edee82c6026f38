import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * What Tavolo tells a person (issue 12): one row per person per event, written in the same
 * transaction as the event (lib/notifications/notify.ts). The words are not stored: the
 * kind and its values are rendered in the reader's language when shown or mailed.
 * (user_id, dedupe_key) is unique, so an event or a reminder run twice tells nobody twice.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** One of NOTIFICATION_KINDS (lib/notifications/kinds.ts). */
    kind: text("kind").notNull(),
    /** The values its message needs (titles, names, dates as ISO strings), plain strings and numbers. */
    params: jsonb("params").$type<Record<string, string | number>>().notNull().default({}),
    /** Where it leads: a path on this site, always starting with a single "/". */
    href: text("href").notNull(),
    /** What makes it this notification and not another: the event, or the reminder and its day. */
    dedupeKey: text("dedupe_key").notNull(),
    /** none (in-app only), queued (an e-mail was written to the outbox), digest (waits for the daily digest), digested. */
    emailState: text("email_state").notNull().default("none"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("notifications_user_dedupe_unique").on(t.userId, t.dedupeKey),
    index("notifications_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    index("notifications_digest_idx").on(t.userId, t.createdAt).where(sql`${t.emailState} = 'digest'`),
  ],
);

/**
 * How a person wants each kind: in_app (the bell only), immediate (an e-mail each time) or
 * digest (one e-mail a day listing them). No row means the kind's default.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    channel: text("channel").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * Things done at most once: a reminder run for a call on a day, a promoter's reminder to
 * non-voters on a day, a person's digest on a day. Inserting the key claims it; a second
 * insert of the same key does nothing, so a cron run twice sends nothing twice.
 */
export const onceRuns = pgTable("once_runs", {
  key: text("key").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export type NotificationRow = typeof notifications.$inferSelect;
