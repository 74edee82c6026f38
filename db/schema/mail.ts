import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Every e-mail Tavolo sends, written in the same transaction as the event that causes it
 * and sent after commit (lib/mail/outbox.ts). A failed send is retried later, with the
 * number of attempts, the time of the next one and the last error kept here. With no
 * SMTP server configured the mail stays here, shown by the local outbox page.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The person it is for, when it is for a registered person. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    toAddress: text("to_address").notNull(),
    /** What it is about: password_reset, email_verification… */
    kind: text("kind").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post on notification mail (RFC 8058). */
    headers: jsonb("headers").$type<Record<string, string>>(),
    /** pending (waiting, or being retried), sent, failed (gave up after the last attempt). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When a sender may take it next; also a lease while one is sending it. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("email_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("email_outbox_created_idx").on(t.createdAt, t.id),
    index("email_outbox_to_idx").on(sql`lower(${t.toAddress})`, t.createdAt),
  ],
);

/**
 * One-time links sent by e-mail (password reset, address verification). Only the SHA-256
 * of the token is stored; the token names the address it was sent to, expires, and is
 * used at most once.
 */
export const emailTokens = pgTable(
  "email_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("email_tokens_hash_unique").on(t.tokenHash), index("email_tokens_user_idx").on(t.userId, t.purpose)],
);

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
