/**
 * Runs once per `vitest run`, in the main process. When DATABASE_URL points at a
 * PostgreSQL server, the migrations are applied there once, as the owner
 * (DATABASE_OWNER_URL when set, which also grants DATABASE_URL's restricted role);
 * the test files then share that database, connected as DATABASE_URL's role, and keep
 * out of each other's way with unique random data.
 * Without DATABASE_URL nothing happens here: each file migrates its own PGlite.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const { runMigrations } = await import("@/db/migrate");
  const { closeDb } = await import("@/db/client");
  try {
    await runMigrations();
  } finally {
    await closeDb();
  }
}
