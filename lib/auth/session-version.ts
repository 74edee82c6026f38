import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "./actor";

/** The signed-in person as the session reads them: an Actor, plus whether their address is confirmed. */
export type SessionActor = Actor & { emailVerified: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A session token carries the person's session version from when it was issued.
 * Sign-out, a password change and "end all sessions" bump the version in the database,
 * so every token issued before stops counting on the server's next request. A token
 * without a version (issued before versions existed) never counts.
 */
export function isSessionCurrent(tokenVersion: unknown, currentVersion: number): boolean {
  return typeof tokenVersion === "number" && Number.isInteger(tokenVersion) && tokenVersion === currentVersion;
}

/** The person a session token names, as stored now — or null if gone or the token is revoked. */
export async function findSessionActor(db: Db, token: { userId: string; sessionVersion: unknown }): Promise<Actor | null> {
  const person = await findSessionPerson(db, token);
  if (!person) return null;
  return { userId: person.userId, email: person.email, name: person.name, isPlatformAdmin: person.isPlatformAdmin };
}

/** As findSessionActor, plus whether the person's address is confirmed (what getCurrentActor returns). */
export async function findSessionPerson(db: Db, token: { userId: string; sessionVersion: unknown }): Promise<SessionActor | null> {
  // Tokens are signed by us, but a malformed id must read as "nobody", never as a database error.
  if (!UUID.test(token.userId)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin, sessionVersion: users.sessionVersion, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, token.userId));
  if (!user || !isSessionCurrent(token.sessionVersion, user.sessionVersion)) return null;
  return { userId: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, emailVerified: user.emailVerifiedAt !== null };
}

/** The version a token issued now must carry. */
export async function currentSessionVersion(db: Db, userId: string): Promise<number | null> {
  const [user] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return user?.sessionVersion ?? null;
}
