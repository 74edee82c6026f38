import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { users } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { addHit, lockHits, recentHits, takeRateLimit } from "@/lib/auth/rate-limit";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { isLocale, type Locale } from "@/lib/i18n/config";
import { appUrl } from "./config";
import { enqueueMail } from "./outbox";
import { forgotPasswordSchema, resetPasswordSchema, verifyEmailSchema } from "./schemas";
import { issueToken } from "./tokens";
import { consumeToken } from "./tokens";

/** Reset requests: per client address (refused beyond), and per address asked for (silently no more mail beyond). */
export const RESET_LIMITS = { windowMs: 15 * 60_000, maxPerClient: 10, perEmailWindowMs: 60 * 60_000, maxPerEmail: 3 } as const;
/** Verification links sent again from the account page, per person. */
export const RESEND_LIMITS = { windowMs: 60 * 60_000, max: 3 } as const;

export type MailContext = { clientAddress: string | null; locale: Locale };

/** Queues the verification e-mail of a person just registered (called in the sign-up's transaction). */
export async function queueVerificationMail(tx: Tx, user: { id: string; email: string; name: string }, locale: Locale): Promise<string> {
  const token = await issueToken(tx, user, "email_verification");
  return enqueueMail(tx, {
    to: user.email,
    userId: user.id,
    kind: "email_verification",
    locale,
    values: { name: user.name, link: `${appUrl()}/verify-email?token=${token}` },
  });
}

/**
 * "Forgot password?": mails a one-time link (one hour) to the address if an account has it.
 * The answer is the same either way — nothing returned, the same work done up to the
 * lookup — so it tells nobody which addresses are registered. Requests are limited per
 * client address (RATE_LIMITED, like sign-in) and, silently, per address asked for, so
 * nobody can flood someone's mailbox. Returns the outbox ids to send after commit.
 */
export async function requestPasswordReset(db: Db, input: unknown, context: MailContext): Promise<string[]> {
  const { email: raw } = parseInput(forgotPasswordSchema, input);
  const email = raw.toLowerCase();
  return db.transaction(async (tx) => {
    if (context.clientAddress) {
      const limit = { bucket: "password_reset", key: context.clientAddress, max: RESET_LIMITS.maxPerClient, windowMs: RESET_LIMITS.windowMs };
      if (!(await takeRateLimit(tx, limit))) throw new AppError("RATE_LIMITED", "passwordResetRateLimited");
    }
    const perEmail = { bucket: "password_reset_email", key: email, windowMs: RESET_LIMITS.perEmailWindowMs };
    await lockHits(tx, perEmail);
    if ((await recentHits(tx, perEmail)) >= RESET_LIMITS.maxPerEmail) return [];
    await addHit(tx, perEmail);
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user) return [];
    const token = await issueToken(tx, user, "password_reset");
    const id = await enqueueMail(tx, {
      to: user.email,
      userId: user.id,
      kind: "password_reset",
      // The person's own language (users.locale), not that of whoever asked.
      locale: isLocale(user.locale) ? user.locale : context.locale,
      values: { name: user.name, link: `${appUrl()}/reset-password?token=${token}` },
    });
    await record(tx, { actorUserId: null, action: "user.password_reset_requested", entityType: "user", entityId: user.id });
    return [id];
  });
}

/**
 * Sets a new password with a reset link: the token must be open (unused, unexpired, for the
 * person's current address); it and every other reset link of the person stop working,
 * and every session issued before ends (the session version is raised). Following the
 * link proved the address, so it also counts as verified. Throws VALIDATION (any bad link
 * reads the same: emailLinkInvalid).
 */
export async function resetPassword(db: Db, input: unknown): Promise<void> {
  const data = parseInput(resetPasswordSchema, input);
  const passwordHash = await hashPassword(data.newPassword);
  await db.transaction(async (tx) => {
    const owner = await consumeToken(tx, data.token, "password_reset");
    if (!owner) throw new AppError("VALIDATION", "emailLinkInvalid");
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now()})` })
      .where(eq(users.id, owner.userId));
    await record(tx, { actorUserId: owner.userId, action: "user.password_reset", entityType: "user", entityId: owner.userId });
  });
}

/** Marks the address verified with the link sent to it. Throws VALIDATION (emailLinkInvalid). */
export async function verifyEmail(db: Db, input: unknown): Promise<void> {
  const { token } = parseInput(verifyEmailSchema, input);
  await db.transaction(async (tx) => {
    const owner = await consumeToken(tx, token, "email_verification");
    if (!owner) throw new AppError("VALIDATION", "emailLinkInvalid");
    const [row] = await tx
      .update(users)
      .set({ emailVerifiedAt: now() })
      .where(sql`${users.id} = ${owner.userId} and ${users.emailVerifiedAt} is null`)
      .returning({ id: users.id });
    if (row) await record(tx, { actorUserId: owner.userId, action: "user.email_verified", entityType: "user", entityId: owner.userId, data: { email: owner.email } });
  });
}

/**
 * The account page's "send the link again": a new verification link to the signed-in
 * person's address, unless it is verified already (then nothing), at most
 * RESEND_LIMITS.max an hour. Throws UNAUTHENTICATED, RATE_LIMITED. Returns the outbox ids.
 */
export async function resendVerification(db: Db, actor: Actor | null, context: Pick<MailContext, "locale">): Promise<string[]> {
  const me = requireActor(actor);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name, verifiedAt: users.emailVerifiedAt, locale: users.locale })
      .from(users)
      .where(eq(users.id, me.userId));
    if (!user) throw new AppError("UNAUTHENTICATED", "signInRequired");
    if (user.verifiedAt) return [];
    const limit = { bucket: "verification_resend", key: user.id, max: RESEND_LIMITS.max, windowMs: RESEND_LIMITS.windowMs };
    if (!(await takeRateLimit(tx, limit))) throw new AppError("RATE_LIMITED", "verificationRateLimited");
    return [await queueVerificationMail(tx, user, isLocale(user.locale) ? user.locale : context.locale)];
  });
}

/** Whether the person's address is verified (for the account page). */
export async function emailVerifiedAt(db: Db, userId: string): Promise<Date | null> {
  const [row] = await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  return row?.at ?? null;
}
