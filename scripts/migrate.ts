/**
 * `npm run db:migrate`: as the owner (DATABASE_OWNER_URL, else the application's URL),
 * applies the committed migrations and grants the application role its rights.
 */
import { closeDb, currentDriver, pgliteDir } from "@/db/client";
import { describeRoles, runMigrations } from "@/db/migrate";

async function main(): Promise<void> {
  const where = currentDriver() === "pglite" ? `embedded PGlite in ${pgliteDir()}` : currentDriver();
  try {
    const roles = await runMigrations();
    console.log(`Migrations applied (${where}).`);
    console.log(describeRoles(roles));
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error("Migration failed:", error instanceof Error ? error.message : error);
  if (!process.env.DATABASE_OWNER_URL && currentDriver() !== "pglite") {
    console.error("Migrations run as the tables' owner: set DATABASE_OWNER_URL to the owner's connection string (README, Security).");
  }
  process.exitCode = 1;
});
