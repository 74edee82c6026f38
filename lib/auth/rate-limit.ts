import { and, count, eq, gte, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rateLimitHits } from "@/db/schema";
import { now } from "@/lib/clock";

/** Advisory-lock namespaces (first key of the two-key form), one per kind of counter. */
export const LOCK_NAMESPACE = { signInEmail: 7_420_101, signInAddress: 7_420_102, rateLimit: 7_420_103 } as const;

/** Serialises, until the transaction ends, every counter check on one (namespace, key). */
export async function lockCounter(tx: Tx, namespace: number, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${namespace}::int, hashtext(${key}))`);
}

type Counter = { bucket: string; key: string; windowMs: number };

/** Hits of (bucket, key) within the window ending now. */
export async function recentHits(tx: Tx, counter: Counter): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(rateLimitHits)
    .where(
      and(
        eq(rateLimitHits.bucket, counter.bucket),
        eq(rateLimitHits.key, counter.key),
        gte(rateLimitHits.createdAt, new Date(now().getTime() - counter.windowMs)),
      ),
    );
  return row.n;
}

export async function addHit(tx: Tx, counter: Pick<Counter, "bucket" | "key">): Promise<void> {
  await tx.insert(rateLimitHits).values({ bucket: counter.bucket, key: counter.key, createdAt: now() });
}

/** Takes the counter's lock: until the transaction ends, nobody else counts or adds hits for it. */
export function lockHits(tx: Tx, counter: Pick<Counter, "bucket" | "key">): Promise<void> {
  return lockCounter(tx, LOCK_NAMESPACE.rateLimit, `${counter.bucket}:${counter.key}`);
}

/**
 * Records one hit for (bucket, key) in rate_limit_hits unless `max` hits already fall
 * within the window, and says whether it was recorded. The count and the insert run
 * under one advisory lock, so parallel requests stop at exactly `max`. Must run inside
 * the caller's transaction: a hit rolled back with it never counted.
 */
export async function takeRateLimit(tx: Tx, limit: Counter & { max: number }): Promise<boolean> {
  await lockHits(tx, limit);
  if ((await recentHits(tx, limit)) >= limit.max) return false;
  await addHit(tx, limit);
  return true;
}
