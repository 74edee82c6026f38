import path from "node:path";
import { appRole, withOwnerDb } from "./client";
import { setUpAppRole, type RoleSetup } from "./roles";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * As the tables' owner: applies the committed drizzle-kit migrations with the driver's
 * own migrator, then (re)grants the application role (db/roles.ts).
 */
export async function runMigrations(): Promise<RoleSetup> {
  return withOwnerDb(async ({ db, driver }) => {
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
    return setUpAppRole(db, appRole());
  });
}

/** One line for scripts: which roles the database now runs with. */
export function describeRoles(setup: RoleSetup): string {
  if (!setup.split) {
    return `Warning: the application connects as ${setup.owner}, the owner of the tables, who can disable the audit log's append-only trigger. Set DATABASE_OWNER_URL for migrations and a restricted role in DATABASE_URL (see README, Security).`;
  }
  return `The application role ${setup.appRole}${setup.created ? " (created now)" : ""} may only INSERT and SELECT the audit log; ${setup.owner} owns the tables.`;
}
