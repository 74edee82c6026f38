import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { verifyPassword } from "@/lib/auth/password";
import { findSessionActor } from "@/lib/auth/session-version";
import { PASSWORD_CHANGE_LIMITS, SIGN_UP_LIMITS } from "@/lib/auth/sign-in-policy";
import { advanceClock, setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, countRows } from "@/test/db";
import { createUser, randomEmail, randomIp, TEST_PASSWORD } from "@/test/factories";
import { testDb } from "@/test/db";
import { changePassword, ensurePlatformAdmin, signUp } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function userByEmail(email: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

describe("signUp", () => {
  it("creates a person with a hashed password and records it", async () => {
    const email = randomEmail();
    const result = await signUp(db, { name: "  Maria Rossi ", email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD });
    expect(result).toBeUndefined();
    const row = await userByEmail(email);
    expect(row.email).toBe(email);
    expect(row.name).toBe("Maria Rossi");
    expect(row.isPlatformAdmin).toBe(false);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await auditActionsFor(db, row.id)).toEqual(["user.signed_up"]);
  });

  it("answers a taken e-mail exactly like a new one, and leaves the account untouched", async () => {
    const { actor, password } = await createUser(db);
    const before = await userByEmail(actor.email);
    const auditBefore = await countRows(db, "audit_entries");

    const taken = await signUp(db, { name: "Someone Else", email: actor.email.toUpperCase(), password: "another password 123" });
    const fresh = await signUp(db, { name: "Someone New", email: randomEmail(), password: "another password 123" });
    expect(taken).toEqual(fresh);

    // No second person, same name and hash, and only the real creation was audited.
    const rows = await db.select().from(users).where(sql`lower(${users.email}) = ${actor.email}`);
    expect(rows).toEqual([before]);
    expect(await countRows(db, "audit_entries")).toBe(auditBefore + 1);
    expect(await auditActionsFor(db, actor.userId)).toEqual(["user.signed_up"]);
    // The owner's password still works; the one typed at the second sign-up does not.
    expect((await verifyCredentials(db, { email: actor.email, password, ipAddress: randomIp() })).ok).toBe(true);
    expect(await verifyCredentials(db, { email: actor.email, password: "another password 123", ipAddress: randomIp() })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("validates field by field", async () => {
    const error = await expectAppError(signUp(db, { name: "", email: "not-an-email", password: "short" }), "VALIDATION");
    expect(error.fieldErrors?.name).toEqual(["required"]);
    expect(error.fieldErrors?.email).toEqual(["emailInvalid"]);
    expect(error.fieldErrors?.password).toEqual(["passwordTooShort"]);
  });

  it(`accepts ${SIGN_UP_LIMITS.maxPerAddress} sign-ups per address in the window, new or taken alike`, async () => {
    setClock(new Date());
    const address = randomIp();
    const { actor } = await createUser(db);
    for (let i = 0; i < SIGN_UP_LIMITS.maxPerAddress; i++) {
      const email = i % 2 === 0 ? randomEmail() : actor.email;
      await signUp(db, { name: "Bulk", email, password: TEST_PASSWORD }, { clientAddress: address });
    }
    const usersBefore = await countRows(db, "users");
    await expectAppError(
      signUp(db, { name: "One too many", email: randomEmail(), password: TEST_PASSWORD }, { clientAddress: address }),
      "RATE_LIMITED",
      "signUpRateLimited",
    );
    expect(await countRows(db, "users")).toBe(usersBefore);
    // Another address is not affected; this one is again once the window has passed.
    await signUp(db, { name: "Elsewhere", email: randomEmail(), password: TEST_PASSWORD }, { clientAddress: randomIp() });
    advanceClock(SIGN_UP_LIMITS.windowMs + 1000);
    await signUp(db, { name: "Later", email: randomEmail(), password: TEST_PASSWORD }, { clientAddress: address });
  });
});

describe("changePassword", () => {
  const input = (current: string, next = "a brand new password 42") => ({ currentPassword: current, newPassword: next, confirmPassword: next });

  it("changes the password, ends the sessions issued before, and records it", async () => {
    const user = await createUser(db);
    const before = await userByEmail(user.actor.email);
    await changePassword(db, user.actor, input(user.password));
    const after = await userByEmail(user.actor.email);
    expect(await verifyPassword(after.passwordHash, "a brand new password 42")).toBe(true);
    expect(await verifyPassword(after.passwordHash, user.password)).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await findSessionActor(db, { userId: user.actor.userId, sessionVersion: before.sessionVersion })).toBeNull();
    expect(await findSessionActor(db, { userId: user.actor.userId, sessionVersion: after.sessionVersion })).toEqual(user.actor);
    expect(await auditActionsFor(db, user.actor.userId)).toEqual(["user.signed_up", "user.password_changed"]);
  });

  it("refuses a wrong current password on its field, and changes nothing", async () => {
    const user = await createUser(db);
    const before = await userByEmail(user.actor.email);
    const error = await expectAppError(changePassword(db, user.actor, input("not my password")), "VALIDATION", "currentPasswordWrong");
    expect(error.fieldErrors).toEqual({ currentPassword: ["currentPasswordWrong"] });
    expect(await userByEmail(user.actor.email)).toEqual(before);
  });

  it(`stops after ${PASSWORD_CHANGE_LIMITS.maxFailures} wrong current passwords, even for the right one`, async () => {
    setClock(new Date());
    const user = await createUser(db);
    for (let i = 0; i < PASSWORD_CHANGE_LIMITS.maxFailures; i++) {
      await expectAppError(changePassword(db, user.actor, input(`guess ${i}`)), "VALIDATION", "currentPasswordWrong");
    }
    await expectAppError(changePassword(db, user.actor, input(user.password)), "RATE_LIMITED", "passwordChangeRateLimited");
    advanceClock(PASSWORD_CHANGE_LIMITS.windowMs + 1000);
    await changePassword(db, user.actor, input(user.password));
  });

  it("checks the form: confirmation, a different new password, a signed-in person", async () => {
    const user = await createUser(db);
    const differ = await expectAppError(
      changePassword(db, user.actor, { currentPassword: user.password, newPassword: "a brand new password 42", confirmPassword: "something else 42" }),
      "VALIDATION",
    );
    expect(differ.fieldErrors).toEqual({ confirmPassword: ["passwordsDiffer"] });
    const same = await expectAppError(changePassword(db, user.actor, input(user.password, user.password)), "VALIDATION");
    expect(same.fieldErrors).toEqual({ newPassword: ["passwordUnchanged"] });
    await expectAppError(changePassword(db, null, input(user.password)), "UNAUTHENTICATED");
  });
});

describe("ensurePlatformAdmin", () => {
  it("creates a platform admin, and is idempotent", async () => {
    const email = randomEmail("admin");
    const first = await ensurePlatformAdmin(db, { email, password: TEST_PASSWORD });
    expect(first.created).toBe(true);
    const second = await ensurePlatformAdmin(db, { email: email.toUpperCase() });
    expect(second).toEqual({ userId: first.userId, created: false });
    const [row] = await db.select().from(users).where(eq(users.id, first.userId));
    expect(row.isPlatformAdmin).toBe(true);
    expect(await auditActionsFor(db, first.userId)).toEqual(["user.signed_up", "user.platform_admin_granted"]);
  });

  it("promotes an existing person", async () => {
    const { actor } = await createUser(db);
    const result = await ensurePlatformAdmin(db, { email: actor.email });
    expect(result).toEqual({ userId: actor.userId, created: false });
    const [row] = await db.select().from(users).where(eq(users.id, actor.userId));
    expect(row.isPlatformAdmin).toBe(true);
  });

  it("needs a password to create a new one", async () => {
    await expectAppError(ensurePlatformAdmin(db, { email: randomEmail() }), "VALIDATION", "passwordTooShort");
  });
});
