/**
 * The demo seed. Imported, it only exports `seed(db)` and the demo constants;
 * run as a script (`npm run db:seed`) it migrates, seeds and prints a summary.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export * from "./data";
export { seed, type SeedResult } from "./seed";

const TABLES = [
  "users",
  "organisations",
  "organisation_members",
  "organisation_invitations",
  "coalitions",
  "coalition_members",
  "calls",
  "proposals",
  "proposal_partners",
  "proposal_budget_lines",
  "audit_entries",
] as const;

/** Row count of each table the seed writes to. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const res = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    const rows = (Array.isArray(res) ? res : (res as { rows: { n: number }[] }).rows) as { n: number }[];
    out[table] = Number(rows[0].n);
  }
  return out;
}

async function main(): Promise<void> {
  const { closeDb, currentDriver, getDb, pgliteDir } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrate");
  const { seed } = await import("./seed");
  const { DEMO_PASSWORD, DEMO_USERS } = await import("./data");
  try {
    const where = currentDriver() === "pglite" ? `embedded PGlite in ${pgliteDir()}` : `${currentDriver()} (from the environment)`;
    console.log(`Seeding the demo data into ${where}…`);
    await runMigrations();
    const db = await getDb();
    const result = await seed(db);
    const counts = await tableCounts(db);
    if (result.changes.length === 0) console.log("Already seeded: nothing to add.");
    else console.log(`Added ${result.changes.length} things:\n${result.changes.map((c) => `  + ${c}`).join("\n")}`);
    for (const w of result.warnings) console.warn(`  ! ${w}`);
    console.log(`Rows: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
    console.log(`Demo sign-ins (${DEMO_USERS.length} people, password "${DEMO_PASSWORD}"), e.g. ${DEMO_USERS[0].email}, ${DEMO_USERS[1].email}.`);
  } finally {
    await closeDb();
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return path.resolve(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    console.error("Seeding failed:", error instanceof Error ? error.message : error);
    if (error instanceof Error && error.stack && process.env.DEBUG) console.error(error.stack);
    process.exitCode = 1;
  });
}
