import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { emailOutbox, organisations, users } from "@/db/schema";
import { testDb } from "@/test/db";
import { createPlatformAdmin, createUser, organisationInput, randomEmail, TEST_PASSWORD, type TestUser } from "@/test/factories";

// The actions run as in a request: the session is the one next-auth would read (the real
// getCurrentActor and gate then check it against the database); the request's language,
// headers, cookies and the after-response hook are the test's.
const request = vi.hoisted(() => ({
  session: null as { id: string; sessionVersion: number } | null,
  locale: "it",
  cookies: new Map<string, string>(),
}));
vi.mock("next-auth", () => ({ getServerSession: async () => (request.session ? { user: request.session, expires: "" } : null) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/server", () => ({ after: () => undefined }));
vi.mock("next-intl/server", () => ({ getLocale: async () => request.locale }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { value: request.cookies.get(name) } : undefined), set: (name: string, value: string) => request.cookies.set(name, value) }),
}));

const { createOrganisationAction } = await import("@/lib/organisations/actions");
const { createCoalitionAction } = await import("@/lib/coalitions/actions");
const { changePasswordAction, endOwnSessionsAction, signUpAction } = await import("@/lib/users/actions");
const { requestPasswordResetAction, resendVerificationAction, verifyEmailAction } = await import("@/lib/mail/actions");
const { setLocaleAction } = await import("@/lib/i18n/actions");

let db: Db;

beforeAll(async () => {
  db = await testDb();
});

beforeEach(() => {
  request.session = null;
  request.locale = "it";
  request.cookies.clear();
});

async function signInAs(user: TestUser): Promise<void> {
  const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, user.actor.userId));
  request.session = { id: user.actor.userId, sessionVersion: row.sv };
}

async function mailsTo(userId: string, kind: string) {
  return db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.kind, kind)));
}

/** The token of the newest verification link mailed to the person. */
async function verificationToken(userId: string): Promise<string> {
  const mails = await mailsTo(userId, "email_verification");
  const latest = mails.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const link = latest.textBody.match(/https?:\/\/\S+\/verify-email\?token=([A-Za-z0-9_-]+)/);
  expect(link, "a verification link in the mail").not.toBeNull();
  return link![1];
}

const refused = { ok: false, code: "FORBIDDEN", error: "emailNotVerified" };

describe("an account whose address is not confirmed can only read", () => {
  it("refuses the person's actions and writes nothing; once confirmed by the link, they work", async () => {
    const person = await createUser(db);
    await signInAs(person);
    const firm = organisationInput();

    expect(await createOrganisationAction(firm)).toMatchObject(refused);
    expect(await db.select().from(organisations).where(eq(organisations.partitaIva, firm.partitaIva))).toHaveLength(0);
    // The same gate for the actions written with runService.
    const coalitionName = `Patto non confermato ${firm.partitaIva}`;
    expect(await createCoalitionAction({ name: coalitionName })).toMatchObject(refused);

    expect(await verifyEmailAction({ token: await verificationToken(person.actor.userId) })).toEqual({ ok: true, data: undefined });
    const [row] = await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, person.actor.userId));
    expect(row.at).not.toBeNull();

    const created = await createOrganisationAction(firm);
    expect(created.ok).toBe(true);
    expect(await db.select().from(organisations).where(eq(organisations.partitaIva, firm.partitaIva))).toHaveLength(1);
  });

  it("lets them confirm the address, have the link sent again, change the password, end sessions and switch language", async () => {
    const person = await createUser(db);
    await signInAs(person);

    expect(await resendVerificationAction()).toEqual({ ok: true, data: undefined });
    expect(await mailsTo(person.actor.userId, "email_verification")).toHaveLength(2);

    request.locale = "en";
    const form = new FormData();
    form.set("locale", "en");
    await setLocaleAction(form);
    const [afterSwitch] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, person.actor.userId));
    expect(afterSwitch.locale).toBe("en");

    const newPassword = "another horse battery staple";
    expect(await changePasswordAction({ currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword })).toEqual({ ok: true, data: undefined });
    // The change ended the session the test held: sign in again (as the form does), then end every session.
    await signInAs(person);
    expect(await endOwnSessionsAction()).toEqual({ ok: true, data: undefined });

    const [final] = await db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, person.actor.userId));
    expect(final.verifiedAt).toBeNull();
  });

  it("leaves platform admins created by the operator free to act", async () => {
    const admin = await createPlatformAdmin(db);
    const [row] = await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, admin.actor.userId));
    expect(row.at).not.toBeNull();
    await signInAs(admin);
    expect((await createOrganisationAction(organisationInput())).ok).toBe(true);
  });

  it("lets nobody signed in through the gate to the action's own check", async () => {
    expect(await createOrganisationAction(organisationInput())).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });
});

describe("the person's language", () => {
  it("is the request's at sign-up, and the verification mail is written in it", async () => {
    const email = randomEmail("locale");
    request.locale = "en";
    expect(await signUpAction({ name: "Anna Locale", email, password: TEST_PASSWORD })).toEqual({ ok: true, data: undefined });
    const [row] = await db.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.email, email));
    expect(row.locale).toBe("en");
    const [mail] = await mailsTo(row.id, "email_verification");
    expect(mail.locale).toBe("en");
  });

  it("follows the signed-in person's switch, and their mail uses it whoever asks", async () => {
    const person = await createUser(db);
    const [before] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, person.actor.userId));
    expect(before.locale).toBe("it");
    await signInAs(person);
    const form = new FormData();
    form.set("locale", "en");
    await setLocaleAction(form);
    expect(request.cookies.get("NEXT_LOCALE")).toBe("en");
    const [after] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, person.actor.userId));
    expect(after.locale).toBe("en");

    // A reset asked from an Italian page, signed out: the mail is in the person's English.
    request.session = null;
    request.locale = "it";
    expect(await requestPasswordResetAction({ email: person.actor.email })).toEqual({ ok: true, data: undefined });
    const [reset] = await mailsTo(person.actor.userId, "password_reset");
    expect(reset.locale).toBe("en");
    expect(reset.subject).toMatch(/password/i);
  });

  it("is not touched by a visitor's switch", async () => {
    const form = new FormData();
    form.set("locale", "en");
    await setLocaleAction(form);
    expect(request.cookies.get("NEXT_LOCALE")).toBe("en");
  });
});

// Every server action passes the gate in lib/action.ts; only these may let an unconfirmed
// person through. A new exception is a decision: add it here with its reason.
const MAY_SKIP_GATE: Record<string, string> = {
  signUpAction: "creates the account whose address is then confirmed",
  verifyEmailAction: "confirms the address",
  resendVerificationAction: "sends the link again",
  requestPasswordResetAction: "mails a reset link (also to someone signed out)",
  resetPasswordAction: "sets a new password with the mailed link (which confirms the address)",
  changePasswordAction: "changes the password",
  endOwnSessionsAction: "ends the person's own sessions",
  checkReceiptAction: "reads: checks a vote receipt",
  saveNotificationPreferencesAction: "notification preferences",
  optOutAction: "stops a kind of mail from its link, no session",
  openNotificationAction: "reads a notification (marks it read)",
  markAllNotificationsReadAction: "marks the person's notifications read",
};
const MUST_SKIP_GATE = ["signUpAction", "verifyEmailAction", "resendVerificationAction", "requestPasswordResetAction", "resetPasswordAction", "changePasswordAction", "endOwnSessionsAction", "saveNotificationPreferencesAction", "optOutAction"];
// Actions outside runAction, and why the gate does not concern them.
const OUTSIDE_RUN_ACTION: Record<string, string> = { setLocaleAction: "a language preference, open to everyone" };

function serverActionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...serverActionFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts") && /^\s*["']use server["']/.test(readFileSync(full, "utf8"))) out.push(full);
  }
  return out;
}

describe("the gate's guard", () => {
  it("sees every server action go through runAction, and only the listed ones skip the gate", () => {
    const root = path.resolve(__dirname, "../..");
    const files = [...serverActionFiles(path.join(root, "lib")), ...serverActionFiles(path.join(root, "app"))];
    expect(files.length).toBeGreaterThan(5);
    const skipping: string[] = [];
    for (const file of files) {
      const chunks = readFileSync(file, "utf8").split(/export async function /).slice(1);
      for (const chunk of chunks) {
        const name = chunk.match(/^(\w+)/)![1];
        if (OUTSIDE_RUN_ACTION[name]) continue;
        expect(/\brun(Action|Service)\(/.test(chunk), `${name} (${path.relative(root, file)}) goes through runAction or runService`).toBe(true);
        if (chunk.includes("allowUnverified")) skipping.push(name);
      }
    }
    for (const name of skipping) expect(MAY_SKIP_GATE, `${name} skips the unconfirmed-address gate`).toHaveProperty(name);
    for (const name of MUST_SKIP_GATE) expect(skipping, `${name} is open to an unconfirmed address`).toContain(name);
  });
});
