import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "@/db/client";

/**
 * Sealing right after commit, wherever the transaction was opened (a server action, a route
 * handler, a cron job, a script, a test calling a service): the database handle's
 * transaction() is wrapped once (db/client.ts) so that a transaction in which record() ran is
 * followed, once committed, by sealPending() (lib/audit). A rolled-back transaction left no
 * entry, so there is nothing to seal. Nested transactions (savepoints) share their outer
 * transaction's context.
 */
const context = new AsyncLocalStorage<{ recorded: boolean }>();

/** Called by record(): the transaction in progress holds a pending entry. */
export function noteRecorded(): void {
  const store = context.getStore();
  if (store) store.recorded = true;
}

const instrumented = new WeakSet<object>();

export function sealAfterCommit<D extends Db>(db: D): D {
  if (instrumented.has(db)) return db;
  instrumented.add(db);
  const original = db.transaction.bind(db) as Db["transaction"];
  const wrapped = async (...args: Parameters<Db["transaction"]>) => {
    const store = { recorded: false };
    const result = await context.run(store, () => original(...args));
    if (store.recorded) {
      try {
        const { sealPending } = await import("./index");
        await sealPending(db);
      } catch (error) {
        // The change and its entry are committed; the entry stays pending until the next sealer (any commit, any verifier).
        console.error("Could not seal the audit chain after commit; the next sealer will", error);
      }
    }
    return result;
  };
  (db as { transaction: unknown }).transaction = wrapped;
  return db;
}
