import { afterAll, afterEach } from "vitest";
import { closeDb } from "@/db/client";
import { resetClock } from "@/lib/clock";

// No server configured: every test file gets its own in-memory PGlite.
if (!process.env.DATABASE_URL && !process.env.POSTGRES_URL) {
  process.env.PGLITE_DIR = "memory://";
}

afterEach(() => {
  resetClock();
});

afterAll(async () => {
  await closeDb();
});
