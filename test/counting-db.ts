import type { Logger } from "drizzle-orm/logger";
import { currentDriver, type Db } from "@/db/client";
import * as schema from "@/db/schema";

export type CountingDb = { db: Db; statements: () => number; reset: () => void; log: () => string[] };

/**
 * A second drizzle handle on the test database's own client (the same pool, or the same
 * PGlite) whose logger counts every statement it sends — BEGIN and COMMIT included — so a
 * test can measure how many statements a service issues (e.g. that publishing results does
 * not issue more for more proposals). Test only.
 */
export async function countingDb(db: Db): Promise<CountingDb> {
  const sent: string[] = [];
  const logger: Logger = { logQuery: (query) => void sent.push(query) };
  const client = (db as unknown as { $client: unknown }).$client;
  let counted: Db;
  if (currentDriver() === "pg") {
    const { drizzle } = await import("drizzle-orm/node-postgres");
    counted = drizzle(client as never, { schema, logger }) as unknown as Db;
  } else if (currentDriver() === "pglite") {
    const { drizzle } = await import("drizzle-orm/pglite");
    counted = drizzle(client as never, { schema, logger }) as unknown as Db;
  } else {
    const { drizzle } = await import("drizzle-orm/vercel-postgres");
    counted = drizzle(client as never, { schema, logger }) as unknown as Db;
  }
  return { db: counted, statements: () => sent.length, reset: () => void sent.splice(0), log: () => [...sent] };
}
