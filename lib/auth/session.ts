import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import type { Actor } from "./actor";
import { authOptions } from "./options";
import { findSessionActor } from "./session-version";

/**
 * The only reader of the session: the signed-in person as stored now, or null — also
 * null when the token was revoked (sign-out, password change, "end all sessions").
 */
export async function getCurrentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  return findSessionActor(await getDb(), { userId, sessionVersion: session.user?.sessionVersion });
}

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
