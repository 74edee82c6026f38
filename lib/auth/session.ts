import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { authOptions } from "./options";
import { findSessionPerson, type SessionActor } from "./session-version";

/**
 * The only reader of the session: the signed-in person as stored now, or null — also
 * null when the token was revoked (sign-out, password change, "end all sessions").
 * Read once per request (the header, the banner, the page and an action's gate share it).
 */
export const getCurrentActor = cache(async (): Promise<SessionActor | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  return findSessionPerson(await getDb(), { userId, sessionVersion: session.user?.sessionVersion });
});

/**
 * Until a person confirms their address (the link mailed at sign-up) the account can only
 * read: every server action calls this first (lib/action.ts runAction), unless it is one of
 * the few an unconfirmed person needs. Nobody signed in passes — each service asks for a
 * session itself. Throws FORBIDDEN (emailNotVerified).
 */
export async function refuseUnverified(): Promise<void> {
  const actor = await getCurrentActor();
  if (actor && !actor.emailVerified) throw new AppError("FORBIDDEN", "emailNotVerified");
}

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requirePageActor(returnTo: string): Promise<SessionActor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
