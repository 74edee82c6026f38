import path from "node:path";
import { getDbHandle } from "./client";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Applies the committed drizzle-kit migrations with the driver's own migrator. */
export async function runMigrations(): Promise<void> {
  const { db, driver } = await getDbHandle();
  if (driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db as never, { migrationsFolder });
  } else if (driver === "vercel") {
    const { migrate } = await import("drizzle-orm/vercel-postgres/migrator");
    await migrate(db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
  }
}
