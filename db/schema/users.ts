import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isPlatformAdmin: boolean("is_platform_admin").notNull().default(false),
    /** Raised by sign-out, a password change or "end all sessions": tokens carrying an older version are refused. */
    sessionVersion: integer("session_version").notNull().default(0),
    /** When the person proved the address theirs by following the link sent to it (lib/mail). */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /** The language of the e-mails and notifications sent to the person: it or en. */
    locale: text("locale").notNull().default("it"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

/** One row per failed sign-in; counted per e-mail and per address over a sliding window. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("sign_in_failures_email_idx").on(t.email, t.createdAt),
    index("sign_in_failures_ip_idx").on(t.ipAddress, t.createdAt),
  ],
);

/**
 * Generic sliding-window counters for rate limits other than sign-in (sign-up per address,
 * later password resets): one row per hit, counted per (bucket, key) over a window.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limit_hits_key_idx").on(t.bucket, t.key, t.createdAt)],
);

export type User = typeof users.$inferSelect;
