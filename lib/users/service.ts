import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { users } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { addHit, lockHits, recentHits, takeRateLimit } from "@/lib/auth/rate-limit";
import { PASSWORD_CHANGE_LIMITS, SIGN_UP_LIMITS } from "@/lib/auth/sign-in-policy";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { defaultLocale, type Locale } from "@/lib/i18n/config";
import { queueVerificationMail } from "@/lib/mail/accounts";
import { changePasswordSchema, signUpSchema } from "./schemas";

/** Inserts a person unless the e-mail is taken (in any case); the new id, or null. */
async function insertUser(tx: Tx, values: { email: string; name: string; passwordHash: string; locale?: Locale }): Promise<string | null> {
  const [user] = await tx.insert(users).values(values).onConflictDoNothing().returning({ id: users.id });
  if (!user) return null;
  await record(tx, { actorUserId: user.id, action: "user.signed_up", entityType: "user", entityId: user.id, data: { name: values.name } });
  return user.id;
}

/**
 * Registers a person. The answer is the same whether the e-mail is new or already
 * registered, so sign-up tells nobody which addresses have an account: the password is
 * hashed either way (similar timing), an existing account is left untouched, and only
 * a real creation is audited. With a client address, at most SIGN_UP_LIMITS.maxPerAddress
 * sign-ups per window are accepted from it (seed and scripts pass none). A new person is
 * sent a link that verifies the address: until they open it the account can only read
 * (lib/action.ts). The request's language becomes the person's (users.locale).
 * Throws VALIDATION, RATE_LIMITED.
 */
export async function signUp(
  db: Db,
  input: unknown,
  context: { clientAddress: string | null; locale?: Locale } = { clientAddress: null },
): Promise<void> {
  const data = parseInput(signUpSchema, input);
  const email = data.email.toLowerCase();
  const passwordHash = await hashPassword(data.password);
  await db.transaction(async (tx) => {
    if (context.clientAddress) {
      const limit = { bucket: "sign_up", key: context.clientAddress, max: SIGN_UP_LIMITS.maxPerAddress, windowMs: SIGN_UP_LIMITS.windowMs };
      if (!(await takeRateLimit(tx, limit))) throw new AppError("RATE_LIMITED", "signUpRateLimited");
    }
    // The language of the request becomes the person's: their e-mails and notifications use it.
    const locale = context.locale ?? defaultLocale;
    const id = await insertUser(tx, { email, name: data.name, passwordHash, locale });
    // The link that verifies the address, in the same transaction (lib/mail); sent after commit.
    if (id) await queueVerificationMail(tx, { id, email, name: data.name }, locale);
  });
}

/**
 * Makes an existing person a platform admin, or creates one with the given password.
 * Used by the seed and by `npm run admin:create`. Throws VALIDATION, CONFLICT (the
 * e-mail was registered meanwhile: run it again).
 */
export async function ensurePlatformAdmin(
  db: Db,
  input: { email: string; name?: string; password?: string },
): Promise<{ userId: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  if (existing) {
    if (existing.isPlatformAdmin) return { userId: existing.id, created: false };
    await db.transaction(async (tx) => {
      await tx.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, existing.id));
      await record(tx, { actorUserId: null, action: "user.platform_admin_granted", entityType: "user", entityId: existing.id });
    });
    return { userId: existing.id, created: false };
  }
  if (!input.password) throw new AppError("VALIDATION", "passwordTooShort", { password: ["passwordTooShort"] });
  const data = parseInput(signUpSchema, { name: input.name ?? email, email, password: input.password });
  const passwordHash = await hashPassword(data.password);
  const userId = await db.transaction(async (tx) => {
    const id = await insertUser(tx, { email, name: data.name, passwordHash });
    if (!id) throw new AppError("CONFLICT", "emailTaken");
    // The operator named the address: a new admin acts from the start (an unconfirmed
    // address could only read). An existing person keeps their own state and confirms it themselves.
    await tx.update(users).set({ isPlatformAdmin: true, emailVerifiedAt: now() }).where(eq(users.id, id));
    await record(tx, { actorUserId: null, action: "user.platform_admin_granted", entityType: "user", entityId: id });
    return id;
  });
  return { userId, created: true };
}

/**
 * Changes the signed-in person's password after checking the current one, and ends
 * every session issued before (this browser gets a fresh one by signing in again with
 * the new password). Wrong current passwords are limited per person, so a borrowed
 * browser cannot be used to guess it. Throws UNAUTHENTICATED, VALIDATION, RATE_LIMITED.
 */
export async function changePassword(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const me = requireActor(actor);
  const data = parseInput(changePasswordSchema, input);
  const passwordHash = await hashPassword(data.newPassword);
  const counter = { bucket: "password_change", key: me.userId, windowMs: PASSWORD_CHANGE_LIMITS.windowMs };
  const outcome = await db.transaction(async (tx) => {
    await lockHits(tx, counter);
    if ((await recentHits(tx, counter)) >= PASSWORD_CHANGE_LIMITS.maxFailures) return "limited" as const;
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, me.userId));
    if (!user) return "gone" as const;
    if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
      // Kept (the transaction commits): the wrong guess must count.
      await addHit(tx, counter);
      return "wrong" as const;
    }
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, me.userId));
    await record(tx, { actorUserId: me.userId, action: "user.password_changed", entityType: "user", entityId: me.userId });
    return "changed" as const;
  });
  if (outcome === "limited") throw new AppError("RATE_LIMITED", "passwordChangeRateLimited");
  if (outcome === "gone") throw new AppError("UNAUTHENTICATED", "signInRequired");
  if (outcome === "wrong") throw new AppError("VALIDATION", "currentPasswordWrong", { currentPassword: ["currentPasswordWrong"] });
}

/**
 * The signed-in person switched language: their e-mails and notifications follow it
 * (users.locale). A preference, not audited. Nobody signed in: nothing to store.
 */
export async function setPreferredLocale(db: Db, actor: Actor | null, locale: Locale): Promise<void> {
  if (!actor) return;
  await db.update(users).set({ locale }).where(sql`${users.id} = ${actor.userId} and ${users.locale} <> ${locale}`);
}
