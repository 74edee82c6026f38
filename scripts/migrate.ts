/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { closeDb, currentDriver, pgliteDir } from "@/db/client";
import { runMigrations } from "@/db/migrate";

async function main(): Promise<void> {
  const where = currentDriver() === "pglite" ? `embedded PGlite in ${pgliteDir()}` : currentDriver();
  try {
    await runMigrations();
    console.log(`Migrations applied (${where}).`);
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error("Migration failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
