import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { emailOutbox, users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { findSessionActor } from "@/lib/auth/session-version";
import { advanceClock, now, resetClock, setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { startCaptureSmtp, type CaptureSmtp, type CapturedMail } from "@/test/smtp";
import { createUser, randomEmail, randomIp, TEST_PASSWORD } from "@/test/factories";
import { emailVerifiedAt, requestPasswordReset, resendVerification, resetPassword, RESET_LIMITS, RESEND_LIMITS, verifyEmail } from "./accounts";
import { canReadOutbox, outboxOpenToEveryone } from "./config";
import { cronAuthorized } from "./cron";
import { deliverOutbox, enqueueMail, linksIn, MAX_ATTEMPTS, RETRY_DELAYS_MS, type OutgoingMail } from "./outbox";
import { issueToken } from "./tokens";

/** An SMTP server inside the test process: every message it receives, raw. */
type Captured = CapturedMail;
let smtp: CaptureSmtp;
let captured: Captured[];
let db: Db;

beforeAll(async () => {
  db = await testDb();
  smtp = await startCaptureSmtp();
  captured = smtp.captured;
  process.env.SMTP_URL = smtp.url;
  process.env.APP_URL = "http://tavolo.test";
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

afterEach(() => resetClock());

/** Quoted-printable soft breaks and escapes undone, so links read whole. */
function decoded(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function mailTo(address: string): Captured[] {
  return captured.filter((m) => m.to.includes(address));
}

function tokenFrom(text: string, path: string): string {
  const link = linksIn(text).find((l) => l.includes(path));
  expect(link, `a ${path} link`).toBeTruthy();
  return new URL(link!).searchParams.get("token")!;
}

async function outboxFor(address: string, kind: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, address), eq(emailOutbox.kind, kind)))
    .orderBy(sql`${emailOutbox.createdAt} desc`);
}

const context = (locale: "it" | "en" = "en") => ({ clientAddress: randomIp(), locale });

describe("password reset by e-mail", () => {
  it("mails a one-time link through SMTP that sets a new password and ends every earlier session", async () => {
    const { actor, password } = await createUser(db);
    // The mail is in the person's language (users.locale), not the asking page's.
    await db.update(users).set({ locale: "en" }).where(eq(users.id, actor.userId));
    const [before] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, actor.userId));
    const ids = await requestPasswordReset(db, { email: actor.email.toUpperCase() }, context("it"));
    expect(ids).toHaveLength(1);
    expect(await deliverOutbox(db, { ids })).toEqual({ sent: 1, retried: 0, failed: 0 });

    const [mail] = mailTo(actor.email);
    expect(mail).toBeTruthy();
    const raw = decoded(mail.raw);
    expect(raw).toContain("Subject: Reset your Tavolo password");
    expect(raw).toContain("Content-Type: text/plain");
    expect(raw).toContain("Content-Type: text/html");
    expect(raw).not.toMatch(/<img/i);
    const token = tokenFrom(raw, "/reset-password");
    expect(raw).toContain(`http://tavolo.test/reset-password?token=${token}`);
    const [row] = await outboxFor(actor.email, "password_reset");
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });

    await resetPassword(db, { token, newPassword: "a brand new password", confirmPassword: "a brand new password" });
    expect((await verifyCredentials(db, { email: actor.email, password: "a brand new password", ipAddress: randomIp() })).ok).toBe(true);
    expect(await verifyCredentials(db, { email: actor.email, password, ipAddress: randomIp() })).toEqual({ ok: false, reason: "invalid" });
    expect(await findSessionActor(db, { userId: actor.userId, sessionVersion: before.sv })).toBeNull();
    expect(await auditActionsFor(db, actor.userId)).toEqual(expect.arrayContaining(["user.password_reset_requested", "user.password_reset"]));
    // Following the link proved the address.
    expect(await emailVerifiedAt(db, actor.userId)).not.toBeNull();

    // Single use.
    await expectAppError(resetPassword(db, { token, newPassword: "yet another password", confirmPassword: "yet another password" }), "VALIDATION", "emailLinkInvalid");
  });

  it("writes the e-mail in the recipient's language", async () => {
    const { actor } = await createUser(db);
    await requestPasswordReset(db, { email: actor.email }, context("it"));
    const [row] = await outboxFor(actor.email, "password_reset");
    expect(row.locale).toBe("it");
    expect(row.subject).toBe("Reimposta la password di Tavolo");
    expect(row.textBody).toContain("Tavolo");
    expect(row.htmlBody).toContain('<html lang="it">');
  });

  it("answers an unknown address exactly like a registered one, and mails nobody", async () => {
    const address = randomEmail("nobody");
    await expect(requestPasswordReset(db, { email: address }, context())).resolves.toEqual([]);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))).toEqual([]);
  });

  it("refuses an expired link (after one hour)", async () => {
    const { actor, password } = await createUser(db);
    setClock(new Date());
    await requestPasswordReset(db, { email: actor.email }, context());
    const token = tokenFrom((await outboxFor(actor.email, "password_reset"))[0].textBody, "/reset-password");
    advanceClock(60 * 60_000 + 1000);
    await expectAppError(resetPassword(db, { token, newPassword: "a brand new password", confirmPassword: "a brand new password" }), "VALIDATION", "emailLinkInvalid");
    expect((await verifyCredentials(db, { email: actor.email, password, ipAddress: randomIp() })).ok).toBe(true);
  });

  it("refuses a link for another address, a verification link, and a made-up token", async () => {
    const { actor } = await createUser(db);
    await requestPasswordReset(db, { email: actor.email }, context());
    const token = tokenFrom((await outboxFor(actor.email, "password_reset"))[0].textBody, "/reset-password");
    // The person's address changed since the link was sent: the link belongs to the old one.
    await db.update(users).set({ email: randomEmail("moved") }).where(eq(users.id, actor.userId));
    const input = { newPassword: "a brand new password", confirmPassword: "a brand new password" };
    await expectAppError(resetPassword(db, { token, ...input }), "VALIDATION", "emailLinkInvalid");

    const other = await createUser(db);
    const verification = tokenFrom((await outboxFor(other.actor.email, "email_verification"))[0].textBody, "/verify-email");
    await expectAppError(resetPassword(db, { token: verification, ...input }), "VALIDATION", "emailLinkInvalid");
    await expectAppError(resetPassword(db, { token: "x".repeat(43), ...input }), "VALIDATION", "emailLinkInvalid");
    expect((await verifyCredentials(db, { email: other.actor.email, password: "a brand new password", ipAddress: randomIp() })).ok).toBe(false);
  });

  it("a newer link ends the older ones when used", async () => {
    const { actor } = await createUser(db);
    const first = await db.transaction((tx) => issueToken(tx, { id: actor.userId, email: actor.email }, "password_reset"));
    const second = await db.transaction((tx) => issueToken(tx, { id: actor.userId, email: actor.email }, "password_reset"));
    const input = { newPassword: "a brand new password", confirmPassword: "a brand new password" };
    await resetPassword(db, { token: second, ...input });
    await expectAppError(resetPassword(db, { token: first, ...input }), "VALIDATION", "emailLinkInvalid");
  });

  it("limits requests per client address like sign-in, and mails one address at most a few times an hour", async () => {
    const { actor } = await createUser(db);
    const ip = randomIp();
    const results: string[][] = [];
    for (let i = 0; i < RESET_LIMITS.maxPerClient; i++) results.push(await requestPasswordReset(db, { email: actor.email }, { clientAddress: ip, locale: "en" }));
    await expectAppError(requestPasswordReset(db, { email: actor.email }, { clientAddress: ip, locale: "en" }), "RATE_LIMITED", "passwordResetRateLimited");
    expect(results.filter((ids) => ids.length === 1)).toHaveLength(RESET_LIMITS.maxPerEmail);
    expect(await outboxFor(actor.email, "password_reset")).toHaveLength(RESET_LIMITS.maxPerEmail);
  });
});

describe("e-mail verification", () => {
  it("sign-up mails a link that marks the address verified, once", async () => {
    const { actor } = await createUser(db);
    expect(await emailVerifiedAt(db, actor.userId)).toBeNull();
    const [row] = await outboxFor(actor.email, "email_verification");
    expect(row.subject).toBe("Conferma il tuo indirizzo e-mail su Tavolo");
    const token = tokenFrom(row.textBody, "/verify-email");
    await verifyEmail(db, { token });
    expect(await emailVerifiedAt(db, actor.userId)).not.toBeNull();
    expect(await auditActionsFor(db, actor.userId)).toContain("user.email_verified");
    await expectAppError(verifyEmail(db, { token }), "VALIDATION", "emailLinkInvalid");
  });

  it("refuses an expired link, a reset link and a link for another address", async () => {
    const { actor } = await createUser(db);
    setClock(new Date(now().getTime()));
    const token = await db.transaction((tx) => issueToken(tx, { id: actor.userId, email: actor.email }, "email_verification"));
    advanceClock(48 * 60 * 60_000 + 1000);
    await expectAppError(verifyEmail(db, { token }), "VALIDATION", "emailLinkInvalid");
    resetClock();

    const reset = await db.transaction((tx) => issueToken(tx, { id: actor.userId, email: actor.email }, "password_reset"));
    await expectAppError(verifyEmail(db, { token: reset }), "VALIDATION", "emailLinkInvalid");

    const stale = await db.transaction((tx) => issueToken(tx, { id: actor.userId, email: "someone.else@example.test" }, "email_verification"));
    await expectAppError(verifyEmail(db, { token: stale }), "VALIDATION", "emailLinkInvalid");
    expect(await emailVerifiedAt(db, actor.userId)).toBeNull();
  });

  it("the account page can send the link again, a few times an hour, and not once verified", async () => {
    const { actor } = await createUser(db);
    await db.update(users).set({ locale: "en" }).where(eq(users.id, actor.userId));
    await expectAppError(resendVerification(db, null, { locale: "en" }), "UNAUTHENTICATED");
    for (let i = 0; i < RESEND_LIMITS.max; i++) expect(await resendVerification(db, actor, { locale: "en" })).toHaveLength(1);
    await expectAppError(resendVerification(db, actor, { locale: "en" }), "RATE_LIMITED", "verificationRateLimited");
    const rows = await outboxFor(actor.email, "email_verification");
    expect(rows).toHaveLength(RESEND_LIMITS.max + 1);
    expect(rows[0].subject).toBe("Confirm your e-mail address on Tavolo");
    await verifyEmail(db, { token: tokenFrom(rows[0].textBody, "/verify-email") });
    expect(await resendVerification(db, actor, { locale: "en" })).toEqual([]);
  });
});

describe("the outbox", () => {
  async function queue(address: string): Promise<string> {
    return db.transaction((tx) =>
      enqueueMail(tx, { to: address, userId: null, kind: "password_reset", locale: "en", values: { name: "X", link: "http://tavolo.test/x" } }),
    );
  }
  async function rowOf(id: string) {
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    return row;
  }

  it("keeps a mail that failed to send, retries it later, and sends it once", async () => {
    setClock(new Date());
    const id = await queue(randomEmail("retry"));
    const failing = async () => {
      throw new Error("connection refused");
    };
    expect(await deliverOutbox(db, { ids: [id], transport: failing })).toEqual({ sent: 0, retried: 1, failed: 0 });
    const afterFailure = await rowOf(id);
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastError: "connection refused" });
    expect(afterFailure.nextAttemptAt.getTime()).toBe(now().getTime() + RETRY_DELAYS_MS[0]);

    const sent: OutgoingMail[] = [];
    const working = async (mail: OutgoingMail) => {
      sent.push(mail);
    };
    // Not due yet.
    expect(await deliverOutbox(db, { ids: [id], transport: working })).toEqual({ sent: 0, retried: 0, failed: 0 });
    advanceClock(RETRY_DELAYS_MS[0]);
    expect(await deliverOutbox(db, { ids: [id], transport: working })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await rowOf(id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    advanceClock(24 * 60 * 60_000);
    expect(await deliverOutbox(db, { ids: [id], transport: working })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sent).toHaveLength(1);
  });

  it("gives up after the last attempt, keeping the error", async () => {
    setClock(new Date());
    const id = await queue(randomEmail("gives-up"));
    const failing = async () => {
      throw new Error("mailbox unavailable");
    };
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverOutbox(db, { ids: [id], transport: failing });
      advanceClock(13 * 60 * 60_000);
    }
    expect(await rowOf(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastError: "mailbox unavailable" });
    expect(await deliverOutbox(db, { ids: [id], transport: failing })).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("two senders at once send each mail once", async () => {
    const ids = [await queue(randomEmail("race")), await queue(randomEmail("race")), await queue(randomEmail("race"))];
    const sent: string[] = [];
    const slow = async (mail: OutgoingMail) => {
      sent.push(mail.to);
      await new Promise((resolve) => setImmediate(resolve));
    };
    await Promise.all([deliverOutbox(db, { ids, transport: slow }), deliverOutbox(db, { ids, transport: slow })]);
    expect(sent.sort()).toEqual((await Promise.all(ids.map(rowOf))).map((r) => r.toAddress).sort());
  });

  it("without SMTP nothing is sent and the mail stays for the local outbox page", async () => {
    const id = await queue(randomEmail("local"));
    expect(await deliverOutbox(db, { ids: [id], transport: null })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await rowOf(id)).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("the local outbox page is for admins, or for everyone only without SMTP outside production (or when the demo opts in)", () => {
    const admin = { isPlatformAdmin: true };
    const person = { isPlatformAdmin: false };
    expect(outboxOpenToEveryone({ NODE_ENV: "production" })).toBe(false);
    expect(outboxOpenToEveryone({ NODE_ENV: "development" })).toBe(true);
    expect(outboxOpenToEveryone({ NODE_ENV: "production", MAIL_OUTBOX_PUBLIC: "1" })).toBe(true);
    // The operator's explicit choice wins over SMTP (the browser tests capture mail over SMTP and read the page too).
    expect(outboxOpenToEveryone({ NODE_ENV: "production", SMTP_URL: "smtp://mail", MAIL_OUTBOX_PUBLIC: "1" })).toBe(true);
    expect(outboxOpenToEveryone({ NODE_ENV: "development", SMTP_URL: "smtp://mail" })).toBe(false);
    expect(outboxOpenToEveryone({ NODE_ENV: "development", SMTP_URL: "smtp://mail", MAIL_OUTBOX_PUBLIC: "0" })).toBe(false);
    expect(canReadOutbox(person, { NODE_ENV: "production" })).toBe(false);
    expect(canReadOutbox(null, { NODE_ENV: "production", SMTP_URL: "smtp://mail" })).toBe(false);
    expect(canReadOutbox(admin, { NODE_ENV: "production", SMTP_URL: "smtp://mail" })).toBe(true);
  });
});

describe("the cron route /api/cron/outbox", () => {
  const secret = "a-cron-secret-of-some-length-123";
  const call = async (authorization?: string) => {
    const { GET } = await import("@/app/api/cron/outbox/route");
    return GET(new Request("http://localhost/api/cron/outbox", { headers: authorization ? { authorization } : {} }));
  };

  it("compares the secret and refuses when it is unset", () => {
    expect(cronAuthorized(`Bearer ${secret}`, undefined)).toBe(false);
    expect(cronAuthorized("Bearer ", "")).toBe(false);
    expect(cronAuthorized(`Bearer ${secret}`, secret)).toBe(true);
    expect(cronAuthorized(`Bearer ${secret}x`, secret)).toBe(false);
    expect(cronAuthorized(secret, secret)).toBe(false);
    expect(cronAuthorized(null, secret)).toBe(false);
  });

  it("answers 401 without the secret, and sends each due mail once however often it runs", async () => {
    delete process.env.CRON_SECRET;
    expect((await call(`Bearer ${secret}`)).status).toBe(401);
    process.env.CRON_SECRET = secret;
    try {
      expect((await call()).status).toBe(401);
      expect((await call("Bearer wrong-secret-of-the-same-size")).status).toBe(401);
      const { actor } = await createUser(db, { password: TEST_PASSWORD });
      const [first, second] = await Promise.all([call(`Bearer ${secret}`), call(`Bearer ${secret}`)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      // The route drains the whole outbox, oldest first, and in CI the other test files share this
      // database and queue mail of their own meanwhile: run it until this person's mail has gone
      // (bounded), then once more; it was sent exactly once.
      for (let i = 0; i < 50 && (await outboxFor(actor.email, "email_verification"))[0].status !== "sent"; i++) {
        expect((await call(`Bearer ${secret}`)).status).toBe(200);
      }
      const again = await call(`Bearer ${secret}`);
      expect(again.status).toBe(200);
      expect(mailTo(actor.email)).toHaveLength(1);
      expect((await outboxFor(actor.email, "email_verification"))[0].status).toBe("sent");
    } finally {
      delete process.env.CRON_SECRET;
    }
  }, 120_000);
});
