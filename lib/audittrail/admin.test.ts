import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries } from "@/db/schema";
import { record } from "@/lib/audit";
import { testDb } from "@/test/db";
import { createPlatformAdmin } from "@/test/factories";
import { fundedScenario } from "@/test/grants";
import { ADMIN_PAGE_SIZE, auditLogBatches, listAuditLog, parseAuditLogFilters } from "./admin";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("the whole audit log for platform admins", () => {
  it("is not found for anyone else, signed in or not", async () => {
    const f = await fundedScenario(db);
    await expect(listAuditLog(db, null, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listAuditLog(db, f.s.coalition.promoter.admin.actor, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("filters by coalition, action, actor, organisation and Rome days; keyset pages without repeats", async () => {
    const admin = (await createPlatformAdmin(db)).actor;
    const f = await fundedScenario(db);
    const other = await fundedScenario(db);
    const slug = f.s.coalition.slug;

    const mine = await listAuditLog(db, admin, { coalition: slug });
    expect(mine.rows.length).toBeGreaterThan(0);
    const theirs = new Set([other.s.callId, other.proposalId, other.lead.id, other.firm.id, other.university.id, other.s.coalition.coalitionId]);
    expect(mine.rows.some((r) => theirs.has(r.entityId))).toBe(false);
    expect(mine.rows.some((r) => r.entityId === f.s.callId)).toBe(true);

    const grantsMade = await listAuditLog(db, admin, { coalition: slug, action: "grant.created" });
    expect(grantsMade.rows.map((r) => r.entityId).sort()).toEqual([f.lead.id, f.firm.id, f.university.id].sort());

    const promoter = f.s.coalition.promoter.admin.actor;
    const byActor = await listAuditLog(db, admin, { actor: promoter.email.toUpperCase() });
    expect(byActor.rows.length).toBeGreaterThan(0);
    expect(byActor.rows.every((r) => r.actorEmail === promoter.email)).toBe(true);

    const byOrg = await listAuditLog(db, admin, { organisation: f.firm.organisationId });
    expect(byOrg.rows.length).toBeGreaterThan(0);
    expect(byOrg.rows.every((r) => r.organisationId === f.firm.organisationId)).toBe(true);

    const [{ at }] = await db.select({ at: auditEntries.occurredAt }).from(auditEntries).where(eq(auditEntries.entityId, f.lead.id)).limit(1);
    const romeDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(at);
    const sameDay = await listAuditLog(db, admin, { coalition: slug, from: romeDay, to: romeDay });
    expect(sameDay.rows.some((r) => r.entityId === f.lead.id)).toBe(true);
    const dayBefore = new Date(at.getTime() - 86_400_000);
    const earlier = await listAuditLog(db, admin, { coalition: slug, to: new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(dayBefore), action: "grant.created" });
    expect(earlier.rows).toEqual([]);

    // An unknown person or coalition selects nothing (not everything).
    expect((await listAuditLog(db, admin, { actor: "nessuno@example.org" })).rows).toEqual([]);
    expect((await listAuditLog(db, admin, { coalition: "nessuna-coalizione" })).rows).toEqual([]);

    await db.transaction(async (tx) => {
      for (let i = 0; i < ADMIN_PAGE_SIZE + 5; i++) {
        await record(tx, { actorUserId: promoter.userId, organisationId: f.lead.organisationId, action: "grant.tranche_paid", entityType: "grant", entityId: f.lead.id, data: { i } });
      }
    });
    const first = await listAuditLog(db, admin, { coalition: slug, action: "grant.tranche_paid" });
    expect(first.rows).toHaveLength(ADMIN_PAGE_SIZE);
    const second = await listAuditLog(db, admin, { coalition: slug, action: "grant.tranche_paid", before: first.nextBefore! });
    expect(second.rows).toHaveLength(5);
    expect(second.nextBefore).toBeNull();
    const seqs = [...first.rows, ...second.rows].map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it("the export reads in bounded keyset batches and gives every selected row once", async () => {
    const f = await fundedScenario(db);
    const slug = f.s.coalition.slug;
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEntries)
      .where(sql`${auditEntries.entityId} in (${f.s.callId}, ${f.proposalId}, ${f.lead.id}, ${f.firm.id}, ${f.university.id}, ${f.s.coalition.coalitionId})`);
    const sizes: number[] = [];
    const seen = new Set<number>();
    for await (const batch of auditLogBatches(db, { coalition: slug }, 7)) {
      sizes.push(batch.length);
      for (const r of batch) seen.add(r.seq);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    expect(sizes.length).toBeGreaterThan(1);
    expect(seen.size).toBe(Number(n));
  });

  it("loose query parameters: what does not parse is dropped", () => {
    expect(parseAuditLogFilters({ action: "not.an.action", from: "2026-13", before: "-3", organisation: "x", coalition: " canavese ", to: ["2026-03-01", "x"] })).toEqual({ coalition: "canavese", to: "2026-03-01" });
  });
});
