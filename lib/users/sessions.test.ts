import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { currentSessionVersion, findSessionActor } from "@/lib/auth/session-version";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { createPlatformAdmin, createUser, randomEmail } from "@/test/factories";
import { endOwnSessions, endSessionOnSignOut, endUserSessions } from "./sessions";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** A session token as the jwt callback stamps it at sign-in. */
async function tokenFor(userId: string) {
  return { userId, sessionVersion: await currentSessionVersion(db, userId) };
}

describe("session revocation", () => {
  it("sign-out revokes the token signed out and every other token of the person", async () => {
    const user = await createUser(db);
    const laptop = await tokenFor(user.actor.userId);
    const phone = await tokenFor(user.actor.userId);
    expect(await findSessionActor(db, laptop)).toEqual(user.actor);

    await endSessionOnSignOut(db, { userId: user.actor.userId, sessionVersion: laptop.sessionVersion as number });
    expect(await findSessionActor(db, laptop)).toBeNull();
    expect(await findSessionActor(db, phone)).toBeNull();
    // Signing in again gives a token that counts.
    expect(await findSessionActor(db, await tokenFor(user.actor.userId))).toEqual(user.actor);
  });

  it("an old copied token cannot sign the person out of their newer sessions", async () => {
    const user = await createUser(db);
    const copied = await tokenFor(user.actor.userId);
    await endSessionOnSignOut(db, { userId: user.actor.userId, sessionVersion: copied.sessionVersion as number });
    const fresh = await tokenFor(user.actor.userId);
    await endSessionOnSignOut(db, { userId: user.actor.userId, sessionVersion: copied.sessionVersion as number });
    expect(await findSessionActor(db, fresh)).toEqual(user.actor);
  });

  it("'end all my sessions' revokes every token and is recorded", async () => {
    const user = await createUser(db);
    const token = await tokenFor(user.actor.userId);
    await endOwnSessions(db, user.actor);
    expect(await findSessionActor(db, token)).toBeNull();
    expect(await auditActionsFor(db, user.actor.userId)).toEqual(["user.signed_up", "user.sessions_ended"]);
    await expectAppError(endOwnSessions(db, null), "UNAUTHENTICATED");
  });

  it("a platform admin ends all sessions of a person by e-mail, recorded as theirs", async () => {
    const admin = await createPlatformAdmin(db);
    const user = await createUser(db);
    const token = await tokenFor(user.actor.userId);
    expect(await endUserSessions(db, admin.actor, { email: user.actor.email.toUpperCase() })).toEqual({ name: user.actor.name });
    expect(await findSessionActor(db, token)).toBeNull();
    expect(await auditActionsFor(db, user.actor.userId)).toEqual(["user.signed_up", "user.sessions_ended_by_admin"]);
    // The admin's own sessions are untouched.
    expect(await findSessionActor(db, await tokenFor(admin.actor.userId))).toEqual(admin.actor);
  });

  it("only a platform admin may end someone's sessions; an unknown e-mail is NOT_FOUND", async () => {
    const admin = await createPlatformAdmin(db);
    const someone = await createUser(db);
    const victim = await createUser(db);
    const token = await tokenFor(victim.actor.userId);
    await expectAppError(endUserSessions(db, someone.actor, { email: victim.actor.email }), "FORBIDDEN");
    await expectAppError(endUserSessions(db, null, { email: victim.actor.email }), "UNAUTHENTICATED");
    expect(await findSessionActor(db, token)).toEqual(victim.actor);
    await expectAppError(endUserSessions(db, admin.actor, { email: randomEmail() }), "NOT_FOUND", "userNotFound");
  });

  it("a token for a person who no longer exists, or with a malformed id, names nobody", async () => {
    const user = await createUser(db);
    const token = await tokenFor(user.actor.userId);
    expect(await findSessionActor(db, { userId: "not-a-uuid", sessionVersion: 0 })).toBeNull();
    await db.update(users).set({ sessionVersion: 41 }).where(eq(users.id, user.actor.userId));
    expect(await findSessionActor(db, token)).toBeNull();
    expect(await findSessionActor(db, { userId: user.actor.userId, sessionVersion: 41 })).toEqual(user.actor);
  });
});
