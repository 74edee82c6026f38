import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { users } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { requirePlatformAdmin } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { endUserSessionsSchema } from "./schemas";

function bumpSessionVersion(tx: Tx, userId: string) {
  return tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
}

/**
 * Sign-out: the token being signed out, and every other token of the person, stop
 * counting. Only a token that is still current bumps the version, so an old copied
 * cookie cannot be used to sign the person out of their newer sessions. Routine, so
 * not audited (sign-ins are not either).
 */
export async function endSessionOnSignOut(db: Db, token: { userId: string; sessionVersion: number }): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, token.userId), eq(users.sessionVersion, token.sessionVersion)));
}

/** "End all my sessions" on the account page, this browser's included. Throws UNAUTHENTICATED. */
export async function endOwnSessions(db: Db, actor: Actor | null): Promise<void> {
  const me = requireActor(actor);
  await db.transaction(async (tx) => {
    const [row] = await bumpSessionVersion(tx, me.userId);
    if (!row) throw new AppError("UNAUTHENTICATED", "signInRequired");
    await record(tx, { actorUserId: me.userId, action: "user.sessions_ended", entityType: "user", entityId: me.userId });
  });
}

/**
 * A platform admin ends every session of the person with this e-mail (a stolen laptop,
 * a person who left). Throws UNAUTHENTICATED, FORBIDDEN, VALIDATION, NOT_FOUND.
 */
export async function endUserSessions(db: Db, actor: Actor | null, input: unknown): Promise<{ name: string }> {
  const admin = requireActor(actor);
  requirePlatformAdmin(admin);
  const { email } = parseInput(endUserSessionsSchema, input);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
    if (!user) throw new AppError("NOT_FOUND", "userNotFound", { email: ["userNotFound"] });
    await bumpSessionVersion(tx, user.id);
    await record(tx, { actorUserId: admin.userId, action: "user.sessions_ended_by_admin", entityType: "user", entityId: user.id });
    return { name: user.name };
  });
}
