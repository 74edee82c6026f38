import { asc, eq, gte, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db, Tx } from "@/db/client";
import { auditEntries, calls } from "@/db/schema";
import { record, recordDecision } from "@/lib/audit";
import { listAnchorsFor } from "@/lib/audit/queries";
import { setClock } from "@/lib/clock";
import { correctResults } from "@/lib/voting/service";
import { asOwner, testDb } from "@/test/db";
import { fundedScenario } from "@/test/grants";
import { AFTER_VOTING } from "@/test/voting";
import { listCoalitionDecisions, PAGE_SIZE, PUBLIC_FIELDS, publicDecisions, publicFields } from "./public";
import { ChainCheckCache } from "./verification";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

class Rollback extends Error {}

/** The table owner's powers (triggers off, foreign keys included), in a transaction always rolled back. */
async function asTamperingOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await asOwner(async (owner) => {
    await expect(
      owner.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_entries disable trigger all`);
        await tx.execute(sql`alter table audit_anchors disable trigger all`);
        out = await fn(tx);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });
  return out as T;
}

/** A funded call (publication, results, grants) plus one correction of its results. */
async function decided() {
  const f = await fundedScenario(db);
  setClock(AFTER_VOTING);
  await correctResults(db, f.s.coalition.promoter.admin.actor, { callId: f.s.callId, reason: "Riconteggio di verifica" });
  return f;
}

const PRIVATE = {
  email: "segreto.privato@example.org",
  draft: "Bozza riservata: budget interno da non pubblicare",
};

describe("the public audit trail of a coalition", () => {
  it("lists the coalition's decisions newest first, with who, when and hash; nothing of other coalitions, nothing that is not a decision", async () => {
    const f = await decided();
    const other = await fundedScenario(db);
    const page = await listCoalitionDecisions(db, f.s.coalition.coalitionId);
    const actions = page.entries.map((e) => e.action);
    expect(actions).toContain("call.published");
    expect(actions).toContain("call.results_published");
    expect(actions).toContain("call.results_corrected");
    expect(actions.filter((a) => a === "grant.created")).toHaveLength(3);
    expect(actions.every((a) => publicDecisions.includes(a))).toBe(true);
    expect(page.entries.map((e) => e.seq)).toEqual([...page.entries.map((e) => e.seq)].sort((a, b) => b - a));
    expect(page.entries.every((e) => e.callId === f.s.callId)).toBe(true);
    expect(page.entries.some((e) => e.callId === other.s.callId)).toBe(false);
    for (const e of page.entries) {
      const [row] = await db.select().from(auditEntries).where(eq(auditEntries.chainSeq, e.seq));
      expect(e.hash).toBe(row.hash);
      expect(e.occurredAt).toEqual(row.occurredAt);
    }
    const published = page.entries.find((e) => e.action === "call.published")!;
    expect(published.actor).toEqual({ kind: "organisation", name: expect.any(String) });
    const grant = page.entries.find((e) => e.action === "grant.created" && e.concernedOrganisation)!;
    expect(grant.fields.find((x) => x.key === "grantedCents")?.kind).toBe("cents");
    const corrected = page.entries.find((e) => e.action === "call.results_corrected")!;
    expect(corrected.fields).toContainEqual({ key: "reason", kind: "text", value: "Riconteggio di verifica" });
  });

  it("pages by keyset on the chain's sequence, 50 at a time, without gaps or repeats", async () => {
    const f = await fundedScenario(db);
    const [grant] = [f.lead];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await record(tx, { actorUserId: f.s.coalition.promoter.admin.actor.userId, organisationId: grant.organisationId, action: "grant.tranche_paid", entityType: "grant", entityId: grant.id, data: { kind: "interim", amountCents: 100 + i, paidOn: "2026-03-10" } });
      }
    });
    const first = await listCoalitionDecisions(db, f.s.coalition.coalitionId);
    expect(first.entries).toHaveLength(PAGE_SIZE);
    expect(first.nextBefore).toBe(first.entries[PAGE_SIZE - 1].seq);
    const second = await listCoalitionDecisions(db, f.s.coalition.coalitionId, { before: first.nextBefore });
    const all = [...first.entries, ...second.entries].map((e) => e.seq);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(second.nextBefore).toBeNull();
    // 60 tranches, 3 grants, the results, the publication.
    expect(all.length).toBe(60 + 3 + 1 + 1);
  });

  it("shows only the allow-listed fields: no e-mail, no draft content, no ballot, no before/after rows", async () => {
    const f = await fundedScenario(db);
    const who = f.s.coalition.promoter.admin.actor.userId;
    await db.transaction(async (tx) => {
      await record(tx, { actorUserId: who, organisationId: f.lead.organisationId, action: "grant.revoked", entityType: "grant", entityId: f.lead.id, data: { whole: false, amountCents: 500, reason: "Spesa non ammessa", email: PRIVATE.email, before: { note: PRIVATE.draft }, after: { note: PRIVATE.draft } } });
      await record(tx, { actorUserId: who, organisationId: f.lead.organisationId, action: "proposal.admissibility_marked", entityType: "proposal", entityId: f.proposalId, data: { before: "submitted", after: "admissible", reason: PRIVATE.draft, contact: PRIVATE.email } });
      // Not decisions: never listed, whatever they hold.
      await record(tx, { actorUserId: who, organisationId: f.lead.organisationId, action: "proposal.updated", entityType: "proposal", entityId: f.proposalId, data: { title: PRIVATE.draft } });
      await record(tx, { actorUserId: who, organisationId: f.lead.organisationId, action: "ballot.cast", entityType: "proposal", entityId: f.proposalId, data: { value: 1, secret: true } });
      await record(tx, { actorUserId: who, organisationId: f.lead.organisationId, action: "call.updated", entityType: "call", entityId: f.s.callId, data: { description: PRIVATE.draft } });
    });
    const page = await listCoalitionDecisions(db, f.s.coalition.coalitionId);
    const text = JSON.stringify(page);
    expect(text).not.toContain(PRIVATE.email);
    expect(text).not.toContain(PRIVATE.draft);
    expect(text).not.toMatch(/@/);
    expect(page.entries.map((e) => e.action)).not.toContain("ballot.cast");
    expect(page.entries.map((e) => e.action)).not.toContain("proposal.updated");
    const revoked = page.entries.find((e) => e.action === "grant.revoked")!;
    expect(revoked.fields).toEqual([
      { key: "whole", kind: "boolean", value: false },
      { key: "amountCents", kind: "cents", value: 500 },
      { key: "reason", kind: "text", value: "Spesa non ammessa" },
    ]);
    const admissibility = page.entries.find((e) => e.action === "proposal.admissibility_marked")!;
    expect(admissibility.fields).toEqual([{ key: "outcome", kind: "status", value: "admissible" }]);
    // Each field a view carries is one the allow-list names, for every decision.
    for (const e of page.entries) {
      const allowed = new Set(PUBLIC_FIELDS[e.action].map((r) => r.key));
      expect(e.fields.every((x) => allowed.has(x.key))).toBe(true);
    }
  });

  it("keeps objects and lists out even where the allow-list names the key", () => {
    expect(publicFields("grant.revoked", { reason: { email: PRIVATE.email }, amountCents: [1], whole: "yes" })).toEqual([]);
    expect(publicFields("call.submission_extended", { before: "2026-01-01T00:00:00.000Z", after: "2026-02-01T00:00:00.000Z", reason: "  " })).toHaveLength(2);
  });
});

describe("verifying the chain for the public page", () => {
  it("an intact chain verifies from the first entry to the head and against the stored anchors", async () => {
    await decided();
    const result = await new ChainCheckCache().check(db);
    expect(result.broken).toBeNull();
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(sql`${auditEntries.chainSeq} <= ${result.head!.seq}`);
    // Other test files may append meanwhile: at least every entry up to the head read first.
    expect(result.count).toBeGreaterThanOrEqual(Number(n));
    expect(result.anchorsChecked).toBeGreaterThanOrEqual(3);
  });

  it("is not recomputed for the same head; a new head hashes only the new entries", async () => {
    const f = await decided();
    const cache = new ChainCheckCache();
    const first = await cache.check(db);
    expect(first.incremental).toBe(false);
    expect(first.hashed).toBe(first.count);
    const again = await cache.check(db);
    // The same head gives the same result, not a new walk (unless another test file appended meanwhile).
    if (again.head!.seq === first.head!.seq) expect(again).toBe(first);
    else expect(again.incremental).toBe(true);
    await db.transaction((tx) => record(tx, { actorUserId: null, action: "grant.tranche_paid", entityType: "grant", entityId: f.lead.id, data: { kind: "advance", amountCents: 1, paidOn: "2026-03-10" } }));
    const next = await cache.check(db);
    expect(next.ok).toBe(true);
    expect(next.incremental).toBe(true);
    // Only what came after the first check (other test files may write meanwhile).
    expect(next.hashed).toBe(next.count - first.count);
    expect(next.hashed).toBeGreaterThanOrEqual(1);
    expect(next.hashed).toBeLessThan(first.count);
  });

  it("an entry whose data was changed by the owner breaks the chain at that entry", async () => {
    const f = await decided();
    const [anchor] = (await listAnchorsFor(db, { entityType: "call", entityId: f.s.callId })).filter((a) => a.action === "call.results_published");
    const result = await asTamperingOwner(async (tx) => {
      await tx.update(auditEntries).set({ data: sql`${auditEntries.data} || '{"ballots": 99}'::jsonb` }).where(eq(auditEntries.chainSeq, anchor.seq));
      return new ChainCheckCache().check(tx);
    });
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual({ seq: anchor.seq, reason: "hash_mismatch" });
  });

  it("a chain cut at its end (entries removed, their anchors left) reports the truncation", async () => {
    const f = await decided();
    const anchors = await listAnchorsFor(db, { entityType: "call", entityId: f.s.callId });
    const v1 = anchors.find((a) => a.action === "call.results_published")!;
    const result = await asTamperingOwner(async (tx) => {
      await tx.delete(auditEntries).where(gte(auditEntries.chainSeq, v1.seq));
      return new ChainCheckCache().check(tx);
    });
    expect(result.broken).toBeNull();
    expect(result.ok).toBe(false);
    expect(result.findings.map((x) => x.kind)).toContain("truncated");
    expect(result.findings.some((x) => x.anchor.seq === v1.seq)).toBe(true);
  });

  it("a chain with an entry removed from the middle does not verify", async () => {
    const f = await decided();
    const [first] = await db.select({ seq: auditEntries.chainSeq }).from(auditEntries).where(eq(auditEntries.entityId, f.s.callId)).orderBy(asc(auditEntries.chainSeq)).limit(1);
    const result = await asTamperingOwner(async (tx) => {
      await tx.delete(auditEntries).where(eq(auditEntries.chainSeq, first.seq!));
      return new ChainCheckCache().check(tx);
    });
    expect(result.ok).toBe(false);
    expect(result.broken?.reason).toBe("prev_hash_mismatch");
    expect(result.broken!.seq).toBeGreaterThan(Number(first.seq));
  });

  it("a cached good result is dropped when the last verified entry was rewritten", async () => {
    await decided();
    const cache = new ChainCheckCache();
    const good = await cache.check(db);
    expect(good.ok).toBe(true);
    const result = await asTamperingOwner(async (tx) => {
      const [head] = await tx.select().from(auditEntries).where(eq(auditEntries.chainSeq, good.head!.seq));
      await tx.update(auditEntries).set({ hash: "f".repeat(64) }).where(eq(auditEntries.seq, head.seq));
      // Add an entry so the head moves (sealed in this transaction, as a decision is): the cache must not start from the rewritten one.
      await recordDecision(tx, { actorUserId: null, action: "call.updated", entityType: "call", entityId: (await tx.select({ id: calls.id }).from(calls).limit(1))[0].id, data: {} });
      return cache.check(tx);
    });
    expect(result.incremental).toBe(false);
    expect(result.ok).toBe(false);
  });
});
