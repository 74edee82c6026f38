import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { createUser, randomEmail, TEST_PASSWORD } from "@/test/factories";
import { ensurePlatformAdmin, signUp } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("signUp", () => {
  it("creates a person with a hashed password and records it", async () => {
    const email = randomEmail();
    const { userId } = await signUp(db, { name: "  Maria Rossi ", email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD });
    const [row] = await db.select().from(users).where(eq(users.id, userId));
    expect(row.email).toBe(email);
    expect(row.name).toBe("Maria Rossi");
    expect(row.isPlatformAdmin).toBe(false);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await auditActionsFor(db, userId)).toEqual(["user.signed_up"]);
  });

  it("refuses a taken e-mail with CONFLICT on the email field, whatever its case", async () => {
    const { actor } = await createUser(db);
    const error = await expectAppError(
      signUp(db, { name: "Someone Else", email: actor.email.toUpperCase(), password: TEST_PASSWORD }),
      "CONFLICT",
      "emailTaken",
    );
    expect(error.fieldErrors).toEqual({ email: ["emailTaken"] });
    const rows = await db.select().from(users).where(eq(users.email, actor.email));
    expect(rows).toHaveLength(1);
  });

  it("validates field by field", async () => {
    const error = await expectAppError(signUp(db, { name: "", email: "not-an-email", password: "short" }), "VALIDATION");
    expect(error.fieldErrors?.name).toEqual(["required"]);
    expect(error.fieldErrors?.email).toEqual(["emailInvalid"]);
    expect(error.fieldErrors?.password).toEqual(["passwordTooShort"]);
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
