import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries } from "@/db/schema";
import { testDb } from "@/test/db";
import { record, setAuditWritesSkippedForBench } from "./index";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterEach(() => setAuditWritesSkippedForBench(false));

describe("the bench-only switch that skips audit writes (issue 13 item 2)", () => {
  it("while set, record() writes nothing; once cleared, it writes again", async () => {
    const skipped = randomUUID();
    const written = randomUUID();
    setAuditWritesSkippedForBench(true);
    await db.transaction((tx) => record(tx, { actorUserId: null, action: "user.signed_up", entityType: "user", entityId: skipped }));
    setAuditWritesSkippedForBench(false);
    await db.transaction((tx) => record(tx, { actorUserId: null, action: "user.signed_up", entityType: "user", entityId: written }));
    expect(await db.select().from(auditEntries).where(eq(auditEntries.entityId, skipped))).toHaveLength(0);
    expect(await db.select().from(auditEntries).where(eq(auditEntries.entityId, written))).toHaveLength(1);
  });

  it("is used by bench/ only: no other source file names it", () => {
    const root = path.resolve(__dirname, "../..");
    const allowed = new Set(["lib/audit/index.ts", "lib/audit/bench-switch.test.ts"]);
    const offenders: string[] = [];
    const skip = new Set(["node_modules", ".git", "bench", "public", ".data"]);
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!skip.has(entry.name) && !entry.name.startsWith(".next")) walk(rel);
        } else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) && !allowed.has(rel)) {
          if (fs.readFileSync(path.join(root, rel), "utf8").includes("setAuditWritesSkippedForBench")) offenders.push(rel);
        }
      }
    };
    walk("");
    expect(offenders).toEqual([]);
  });
});
