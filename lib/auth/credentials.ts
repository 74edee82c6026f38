import { and, count, eq, gte, max, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { signInFailures, users } from "@/db/schema";
import { now } from "@/lib/clock";
import type { Actor } from "./actor";
import { dummyPasswordHash, verifyPassword } from "./password";
import { LOCK_NAMESPACE, lockCounter } from "./rate-limit";
import { decideSignIn, SIGN_IN_LIMITS, type SignInCounts } from "./sign-in-policy";

/** Stored for failures whose address could not be trusted; never counted as an address. */
export const UNKNOWN_ADDRESS = "unknown";

export type CredentialsResult =
  | { ok: true; actor: Actor }
  | { ok: false; reason: "invalid" | "locked" }
  | { ok: false; reason: "wait"; retryAfterMs: number };

async function countFailures(tx: Tx, email: string, address: string | null, at: Date): Promise<SignInCounts> {
  const since = (ms: number) => new Date(at.getTime() - ms);
  const [byEmail] = await tx
    .select({ n: count(), last: max(signInFailures.createdAt) })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), gte(signInFailures.createdAt, since(SIGN_IN_LIMITS.emailWindowMs))));
  if (!address) return { pairFailures: 0, addressFailures: 0, emailFailures: byEmail.n, lastEmailFailureAt: byEmail.last };
  const [byPair] = await tx
    .select({ n: count() })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.email, email),
        eq(signInFailures.ipAddress, address),
        gte(signInFailures.createdAt, since(SIGN_IN_LIMITS.pairWindowMs)),
      ),
    );
  const [byAddress] = await tx
    .select({ n: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.ipAddress, address), gte(signInFailures.createdAt, since(SIGN_IN_LIMITS.addressWindowMs))));
  return { pairFailures: byPair.n, addressFailures: byAddress.n, emailFailures: byEmail.n, lastEmailFailureAt: byEmail.last };
}

/**
 * Checks an e-mail and password under the limits of sign-in-policy.ts. Failures are
 * counted in the database, so the limits hold across serverless instances. `ipAddress`
 * is the trusted client address (lib/auth/client-address.ts) or null when there is
 * none: then only the e-mail's growing delay applies, rather than filing every client
 * under one shared address that anyone could lock. The result never says whether the
 * e-mail exists.
 */
export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; ipAddress: string | null },
): Promise<CredentialsResult> {
  const email = input.email.trim().toLowerCase();
  const address = input.ipAddress && input.ipAddress !== UNKNOWN_ADDRESS ? input.ipAddress : null;
  return db.transaction(async (tx) => {
    // One attempt per e-mail and per address at a time, so the counts and the new failure
    // cannot interleave and parallel guesses stop at exactly the limit. Always e-mail
    // first, then address: no two attempts wait for each other's lock in opposite order.
    await lockCounter(tx, LOCK_NAMESPACE.signInEmail, email);
    if (address) await lockCounter(tx, LOCK_NAMESPACE.signInAddress, address);
    const at = now();
    const decision = decideSignIn(await countFailures(tx, email, address, at), at);
    if (!decision.allowed) {
      return decision.reason === "wait"
        ? ({ ok: false, reason: "wait", retryAfterMs: decision.retryAfterMs } as const)
        : ({ ok: false, reason: "locked" } as const);
    }

    const [user] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!user || !valid) {
      await tx.insert(signInFailures).values({ email, ipAddress: address ?? UNKNOWN_ADDRESS, createdAt: at });
      return { ok: false, reason: "invalid" } as const;
    }
    // Only this pair's slate is wiped: failures that others caused from elsewhere keep
    // slowing them down, and keep counting against their own addresses.
    if (address) await tx.delete(signInFailures).where(and(eq(signInFailures.email, email), eq(signInFailures.ipAddress, address)));
    return { ok: true, actor: { userId: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin } } as const;
  });
}
