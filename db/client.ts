import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sealAfterCommit } from "@/lib/audit/after-commit";
import * as schema from "./schema";

/**
 * The one database handle. The driver follows the environment:
 *   DATABASE_URL  → node-postgres (any PostgreSQL server)
 *   POSTGRES_URL  → @vercel/postgres (Vercel / Neon)
 *   neither       → embedded PGlite in PGLITE_DIR (default .data/pglite; "memory://" for tests)
 *
 * Two roles (docs in db/roles.ts): the application connects as a role that may only
 * INSERT and SELECT the audit log (DATABASE_URL / POSTGRES_URL); migrations and the
 * role's grants run as the tables' owner (DATABASE_OWNER_URL, through withOwnerDb).
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Driver = "pg" | "vercel" | "pglite";

type Handle = { db: Db; driver: Driver; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { tavoloDb?: Promise<Handle>; tavoloOwnerDb?: Promise<Handle> };

/** PGlite is one single-user cluster: its application role always has this name. */
export const PGLITE_APP_ROLE = "tavolo_app";

export function currentDriver(): Driver {
  if (process.env.DATABASE_URL) return "pg";
  if (process.env.POSTGRES_URL) return "vercel";
  return "pglite";
}

export function pgliteDir(): string {
  return process.env.PGLITE_DIR || path.join(process.cwd(), ".data", "pglite");
}

/** The owner's connection string, when it differs from the application's. */
export function ownerUrl(): string | undefined {
  return process.env.DATABASE_OWNER_URL || undefined;
}

/** The role the application connects as, and the password its URL carries (to create the role with). */
export function appRole(): { name: string; password?: string } {
  const driver = currentDriver();
  if (driver === "pglite") return { name: PGLITE_APP_ROLE };
  const url = new URL((driver === "pg" ? process.env.DATABASE_URL : process.env.POSTGRES_URL) as string);
  // node-postgres falls back to PGUSER, then to the operating-system user, as libpq does.
  const name = decodeURIComponent(url.username) || process.env.PGUSER || os.userInfo().username;
  return url.password ? { name, password: decodeURIComponent(url.password) } : { name };
}

async function openPg(connectionString: string, max: number): Promise<Handle> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString, max });
  if (benchCountingEnabled()) pool.on("connect", countQueriesOf);
  return { db: drizzle(pool, { schema }) as unknown as Db, driver: "pg", close: () => pool.end() };
}

/**
 * Bench only (npm run bench, issue 13): with TAVOLO_BENCH_QUERY_COUNT=1 every statement sent
 * through a node-postgres pool of this process is counted, so the benchmark can report
 * queries per request and statements per operation. Off (and unreadable) otherwise.
 */
function benchCountingEnabled(): boolean {
  return process.env.TAVOLO_BENCH_QUERY_COUNT === "1";
}

// On globalThis: the server's bundles may hold more than one copy of this module.
const benchCounter = globalThis as unknown as { tavoloBenchQueries?: number };

function countQueriesOf(client: { query: (...args: never[]) => unknown }): void {
  const query = client.query.bind(client);
  client.query = ((...args: never[]) => {
    benchCounter.tavoloBenchQueries = (benchCounter.tavoloBenchQueries ?? 0) + 1;
    return query(...args);
  }) as typeof client.query;
}

/** Statements sent so far by this process (see benchCountingEnabled); undefined when counting is off. */
export function benchQueryCount(): number | undefined {
  return benchCountingEnabled() ? (benchCounter.tavoloBenchQueries ?? 0) : undefined;
}

async function openVercel(connectionString: string): Promise<Handle> {
  const { createPool } = await import("@vercel/postgres");
  const { drizzle } = await import("drizzle-orm/vercel-postgres");
  const pool = createPool({ connectionString });
  return { db: drizzle(pool, { schema }) as unknown as Db, driver: "vercel", close: () => pool.end() };
}

async function open(): Promise<Handle> {
  const driver = currentDriver();
  if (driver === "pg") return openPg(process.env.DATABASE_URL as string, Number(process.env.DB_POOL_MAX ?? 10));
  if (driver === "vercel") return openVercel(process.env.POSTGRES_URL as string);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = pgliteDir();
  let release = () => {};
  if (!dir.startsWith("memory://")) {
    fs.mkdirSync(dir, { recursive: true });
    release = acquireLock(dir);
  }
  const client = new PGlite(dir);
  await client.waitReady;
  const close = async () => {
    if (!client.closed) await client.close();
    release();
    if (closeOnSignal === close) closeOnSignal = undefined;
  };
  closeOnExit(close);
  await assumePgliteAppRole(client);
  return { db: drizzle(client, { schema }) as unknown as Db, driver, close };
}

/**
 * PGlite has one user, a superuser, and no second connection: the application's
 * queries run under the restricted role by SET ROLE. That stops the application's own
 * statements (and a mistake in them) from rewriting the log, but it is no security
 * boundary: `RESET ROLE` gives the superuser back, and whoever runs the process holds the
 * data folder anyway. Before the first migration the role does not exist yet.
 */
async function assumePgliteAppRole(client: PGlite): Promise<void> {
  const { rows } = await client.query<{ exists: boolean }>(`select exists (select 1 from pg_roles where rolname = $1) as "exists"`, [PGLITE_APP_ROLE]);
  if (rows[0]?.exists) await client.query(`set role ${PGLITE_APP_ROLE}`);
}

/**
 * PGlite has no lock across processes and two of them on one folder corrupt it
 * silently, so the folder is claimed with a lock file holding the owner's pid.
 */
function acquireLock(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch {
    const owner = Number(fs.readFileSync(lockFile, "utf8"));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${owner}. Stop it first, or set PGLITE_DIR to another folder.`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let closeOnSignal: (() => Promise<void>) | undefined;

/** One pair of signal handlers per process, closing whichever PGlite is open now. */
function closeOnExit(close: () => Promise<void>) {
  const alreadyListening = closeOnSignal !== undefined;
  closeOnSignal = close;
  if (alreadyListening) return;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      (closeOnSignal?.() ?? Promise.resolve()).finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}

/** Every handle seals the audit entries a transaction recorded once it commits (lib/audit/after-commit.ts). */
function withSealing(handle: Handle): Handle {
  sealAfterCommit(handle.db);
  return handle;
}

export function getDbHandle(): Promise<Handle> {
  globalForDb.tavoloDb ??= open().then(withSealing);
  return globalForDb.tavoloDb;
}

/** The application's handle: the restricted role. */
export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

async function openOwner(): Promise<Handle> {
  const driver = currentDriver();
  const url = ownerUrl();
  if (driver === "pglite") throw new Error("PGlite has no owner connection of its own");
  if (url) {
    // Always node-postgres: the owner's direct (non-pooled) URL, e.g. Neon's, speaks plain TCP.
    return openPg(url, 2);
  }
  // No owner URL: the application's own connection is the owner (one role, no split).
  return driver === "pg" ? openPg(process.env.DATABASE_URL as string, 2) : openVercel(process.env.POSTGRES_URL as string);
}

/**
 * Runs fn with the tables' owner: migrations, the application role's grants, and tests
 * that need the owner's powers. On PGlite the one connection leaves the application role
 * for the duration (RESET ROLE) and takes it up again afterwards, so nothing else may use
 * the database meanwhile (true for migrations at start and for tests, which run in order).
 */
export async function withOwnerDb<T>(fn: (handle: Handle) => Promise<T>): Promise<T> {
  if (currentDriver() !== "pglite") {
    globalForDb.tavoloOwnerDb ??= openOwner().then(withSealing);
    return fn(await globalForDb.tavoloOwnerDb);
  }
  const handle = await getDbHandle();
  await handle.db.execute(sql`reset role`);
  try {
    return await fn(handle);
  } finally {
    const { rows } = (await handle.db.execute(sql`select exists (select 1 from pg_roles where rolname = ${PGLITE_APP_ROLE}) as "exists"`)) as unknown as {
      rows: { exists: boolean }[];
    };
    if (rows[0]?.exists) await handle.db.execute(sql.raw(`set role ${PGLITE_APP_ROLE}`));
  }
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.tavoloDb;
  const owner = globalForDb.tavoloOwnerDb;
  globalForDb.tavoloDb = undefined;
  globalForDb.tavoloOwnerDb = undefined;
  const closing = [handle, owner].filter((h): h is Promise<Handle> => h !== undefined).map(async (h) => (await h).close());
  await Promise.all(closing);
}
