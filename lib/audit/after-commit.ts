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

type Sealer = { running: Promise<void> | null; next: Promise<void> | null };
const sealers = new WeakMap<object, Sealer>();

/**
 * One sealer at a time per handle in this process, so that 50 transactions committing
 * together cost a few sealing runs, not 50 attempts at the lock. A commit that finds no run in
 * progress starts one and waits for its first round (its entry is sealed when it returns, unless another
 * process holds the lock: that holder seals it). A commit that finds one in progress schedules
 * the next run, which starts after the current one ends and so after this commit, and returns
 * at once: its entry is sealed moments later. If sealing fails, the next sealer (any commit, any
 * verifier) seals what is left. Readers (the public check of the chain, the admin log, the cron
 * routes) call it too, waiting for a first round that began after they were called; the rounds
 * after the first go on in the background.
 */
export function sealSoon(db: Db, waitWhenRunning = true): Promise<void> {
  let s = sealers.get(db);
  if (!s) sealers.set(db, (s = { running: null, next: null }));
  const state = s;
  const start = (): Promise<void> => {
    let firstRound!: () => void;
    const sealedMine = new Promise<void>((resolve) => (firstRound = resolve));
    const run = (async () => {
      try {
        const { sealPending } = await import("./index");
        await sealPending(db, { afterFirstRound: firstRound });
      } catch (error) {
        // The change and its entry are committed; the entry stays pending until the next sealer.
        console.error("Could not seal the audit chain after commit; the next sealer will", error);
      } finally {
        firstRound();
      }
    })().finally(() => {
      if (state.running === run) state.running = null;
    });
    state.running = run;
    // The caller waits for its own entry (the first round), not for the rounds that seal what committed since.
    return sealedMine;
  };
  if (state.running) {
    // A run is in progress: the next one (after it) seals this entry. After a commit the caller
    // need not wait for it; a reader (waitWhenRunning) waits for that run's first round.
    state.next ??= state.running.then(() => {
      state.next = null;
      return start();
    });
    return waitWhenRunning ? state.next : Promise.resolve();
  }
  return start();
}

export function sealAfterCommit<D extends Db>(db: D): D {
  if (instrumented.has(db)) return db;
  instrumented.add(db);
  const original = db.transaction.bind(db) as Db["transaction"];
  const wrapped = async (...args: Parameters<Db["transaction"]>) => {
    const store = { recorded: false };
    const result = await context.run(store, () => original(...args));
    if (store.recorded) await sealSoon(db, false);
    return result;
  };
  (db as { transaction: unknown }).transaction = wrapped;
  return db;
}
