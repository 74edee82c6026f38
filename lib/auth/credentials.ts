import { and, count, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInFailures, users } from "@/db/schema";
import { now } from "@/lib/clock";
import type { Actor } from "./actor";
import { dummyPasswordHash, verifyPassword } from "./password";

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const SIGN_IN_MAX_FAILURES = 10;

export type CredentialsResult = { ok: true; actor: Actor } | { ok: false; reason: "invalid" | "locked" };

/**
 * Checks an e-mail and password. Failures are counted in the database per e-mail
 * and per address, so the limit holds across serverless instances; after
 * SIGN_IN_MAX_FAILURES within the window, further tries are refused until old
 * failures leave the window. The result never says whether the e-mail exists.
 */
export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; ipAddress: string },
): Promise<CredentialsResult> {
  const email = input.email.trim().toLowerCase();
  // One attempt per e-mail at a time: the count and the new failure cannot interleave,
  // so parallel guesses stop at exactly the limit.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${email}`}))`);
    const since = new Date(now().getTime() - SIGN_IN_WINDOW_MS);
    const [byEmail] = await tx
      .select({ n: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.email, email), gte(signInFailures.createdAt, since)));
    const [byAddress] = await tx
      .select({ n: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.ipAddress, input.ipAddress), gte(signInFailures.createdAt, since)));
    if (byEmail.n >= SIGN_IN_MAX_FAILURES || byAddress.n >= SIGN_IN_MAX_FAILURES) return { ok: false, reason: "locked" } as const;

    const [user] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!user || !valid) {
      await tx.insert(signInFailures).values({ email, ipAddress: input.ipAddress, createdAt: now() });
      return { ok: false, reason: "invalid" } as const;
    }
    await tx.delete(signInFailures).where(eq(signInFailures.email, email));
    return { ok: true, actor: { userId: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin } } as const;
  });
}
