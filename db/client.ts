import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/**
 * The one database handle. The driver follows the environment:
 *   DATABASE_URL  → node-postgres (any PostgreSQL server)
 *   POSTGRES_URL  → @vercel/postgres (Vercel / Neon)
 *   neither       → embedded PGlite in PGLITE_DIR (default .data/pglite; "memory://" for tests)
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Driver = "pg" | "vercel" | "pglite";

type Handle = { db: Db; driver: Driver; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { tavoloDb?: Promise<Handle> };

export function currentDriver(): Driver {
  if (process.env.DATABASE_URL) return "pg";
  if (process.env.POSTGRES_URL) return "vercel";
  return "pglite";
}

export function pgliteDir(): string {
  return process.env.PGLITE_DIR || path.join(process.cwd(), ".data", "pglite");
}

async function open(): Promise<Handle> {
  const driver = currentDriver();
  if (driver === "pg") {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
    return { db: drizzle(pool, { schema }) as unknown as Db, driver, close: () => pool.end() };
  }
  if (driver === "vercel") {
    const { createPool } = await import("@vercel/postgres");
    const { drizzle } = await import("drizzle-orm/vercel-postgres");
    const pool = createPool({ connectionString: process.env.POSTGRES_URL });
    return { db: drizzle(pool, { schema }) as unknown as Db, driver, close: () => pool.end() };
  }
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
  return { db: drizzle(client, { schema }) as unknown as Db, driver, close };
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

export function getDbHandle(): Promise<Handle> {
  globalForDb.tavoloDb ??= open();
  return globalForDb.tavoloDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.tavoloDb;
  globalForDb.tavoloDb = undefined;
  if (handle) await (await handle).close();
}
