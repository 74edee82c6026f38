import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq, gte, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db, type Tx } from "@/db/client";
import { auditAnchors, auditEntries } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { correctResults, publishResults } from "@/lib/voting/service";
import { asOwner, testDb } from "@/test/db";
import { AFTER_VOTING, createVotingScenario } from "@/test/voting";
import { entryHash, type Anchor } from "./index";
import { listAnchorsFor, listPublishedAnchors, verifyWithAnchors, type PublishedAnchor } from "./queries";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

class Rollback extends Error {}

/**
 * What the table's owner can do: disable the append-only triggers and change anything,
 * here inside a transaction that is always rolled back (other test files sharing the
 * database never see it). Returns what fn found.
 */
async function asTamperingOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await asOwner(async (owner) => {
    await expect(
      owner.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_entries disable trigger user`);
        await tx.execute(sql`alter table audit_anchors disable trigger user`);
        out = await fn(tx);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });
  return out as T;
}

/** A call with published results and one correction: three anchors (publication, results v1, v2). */
async function decidedCall() {
  const s = await createVotingScenario(db);
  await s.proposal();
  setClock(AFTER_VOTING);
  const promoter = s.coalition.promoter.admin.actor;
  await publishResults(db, promoter, { callId: s.callId });
  await correctResults(db, promoter, { callId: s.callId, reason: "Riconteggio di verifica" });
  const anchors = await listAnchorsFor(db, { entityType: "call", entityId: s.callId });
  return { s, anchors };
}

/** Someone kept a copy of an anchor elsewhere (a saved page, a file). */
const keptCopy = (a: PublishedAnchor): Anchor => ({ seq: a.seq, hash: a.hash, source: "kept copy" });

describe("anchors published with decisions", () => {
  it("a call's publication, its results and each correction keep the chain head of their own transaction", async () => {
    const { s, anchors } = await decidedCall();
    expect(anchors.map((a) => [a.action, a.version])).toEqual([
      ["call.published", null],
      ["call.results_published", 1],
      ["call.results_corrected", 2],
    ]);
    for (const a of anchors) {
      const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.chainSeq, a.seq));
      // The anchored entry is the decision itself, and the copy holds its hash.
      expect(entry).toMatchObject({ action: a.action, entityType: "call", entityId: s.callId, hash: a.hash });
      expect(a.publishedAt).toEqual(entry.occurredAt);
    }
    const listed = (await listPublishedAnchors(db)).filter((a) => a.entityId === s.callId);
    expect(listed.map((a) => a.page)).toEqual([`/coalitions/${s.coalition.slug}/calls/${s.callId}`, `/calls/${s.callId}/results`, `/calls/${s.callId}/results`]);
  });

  it("an anchor cannot be changed or removed through the application", async () => {
    const { anchors } = await decidedCall();
    await expect(db.execute(sql`update audit_anchors set hash = ${"0".repeat(64)} where seq = ${anchors[0].seq}`)).rejects.toMatchObject({ cause: { code: "42501" } });
    await expect(db.execute(sql`delete from audit_anchors where seq = ${anchors[0].seq}`)).rejects.toMatchObject({ cause: { code: "42501" } });
  });
});

describe("verifying the chain against anchors", () => {
  it("an intact chain holds against its stored anchors and the copies kept elsewhere", async () => {
    const { anchors } = await decidedCall();
    const result = await verifyWithAnchors(db, anchors.map(keptCopy));
    expect(result.findings).toEqual([]);
    expect(result.chain.ok).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.anchorsChecked).toBeGreaterThanOrEqual(6);
  });

  it("the owner drops the last entries: the chain still links up, the anchors report the truncation", async () => {
    const { anchors } = await decidedCall();
    const [, v1, v2] = anchors;
    const result = await asTamperingOwner(async (tx) => {
      // Everything from the first results on goes, its stored anchors included.
      await tx.delete(auditAnchors).where(gte(auditAnchors.seq, v1.seq));
      await tx.delete(auditEntries).where(gte(auditEntries.chainSeq, v1.seq));
      return { chain: await verifyWithAnchors(tx, []), kept: await verifyWithAnchors(tx, anchors.map(keptCopy)) };
    });
    // Without the copies nothing shows: this is what the anchors are for.
    expect(result.chain.ok).toBe(true);
    expect(result.kept.chain.ok).toBe(true);
    expect(result.kept.ok).toBe(false);
    expect(result.kept.findings.map((f) => [f.kind, f.anchor.seq])).toEqual([
      ["truncated", v1.seq],
      ["truncated", v2.seq],
    ]);
  });

  it("the owner edits one entry and re-hashes the rest (stored anchors too): the kept copies report the re-hash", async () => {
    const { anchors } = await decidedCall();
    const [published, v1, v2] = anchors;
    const result = await asTamperingOwner(async (tx) => {
      const rows = await tx.select().from(auditEntries).where(gte(auditEntries.chainSeq, v1.seq)).orderBy(asc(auditEntries.chainSeq));
      const [before] = await tx.select({ hash: auditEntries.hash }).from(auditEntries).where(sql`${auditEntries.chainSeq} < ${v1.seq}`).orderBy(sql`${auditEntries.chainSeq} desc`).limit(1);
      let prevHash = before.hash!;
      for (const [i, row] of rows.entries()) {
        // The first results now claim another turnout; every later entry is linked again.
        const data = i === 0 ? { ...row.data, turnoutWeight: 99 } : row.data;
        const hash = entryHash(prevHash, { ...row, data });
        await tx.update(auditEntries).set({ data, prevHash, hash }).where(eq(auditEntries.chainSeq, row.chainSeq!));
        await tx.update(auditAnchors).set({ hash }).where(eq(auditAnchors.seq, row.chainSeq!));
        prevHash = hash;
      }
      return { chain: await verifyWithAnchors(tx, []), kept: await verifyWithAnchors(tx, anchors.map(keptCopy)) };
    });
    expect(result.chain.ok).toBe(true);
    expect(result.kept.ok).toBe(false);
    // The publication came before the edit and still holds; both results anchors do not.
    expect(result.kept.findings.map((f) => [f.kind, f.anchor.seq, f.anchor.source])).toEqual([
      ["rehashed", v1.seq, "kept copy"],
      ["rehashed", v2.seq, "kept copy"],
    ]);
    expect(result.kept.findings.some((f) => f.anchor.seq === published.seq)).toBe(false);
  });

  it("a re-hash that forgets the stored anchors is caught without any copy", async () => {
    const { anchors } = await decidedCall();
    const v2 = anchors[2];
    const result = await asTamperingOwner(async (tx) => {
      const [row] = await tx.select().from(auditEntries).where(eq(auditEntries.chainSeq, v2.seq));
      const data = { ...row.data, reason: "Nessuna correzione" };
      await tx.update(auditEntries).set({ data, hash: entryHash(row.prevHash!, { ...row, data }) }).where(eq(auditEntries.chainSeq, v2.seq));
      return verifyWithAnchors(tx, []);
    });
    expect(result.findings).toEqual([expect.objectContaining({ kind: "rehashed", anchor: expect.objectContaining({ seq: v2.seq, source: "audit_anchors" }) })]);
  });
});

// The command itself reads the database from the environment: only a server both sides share.
describe.skipIf(currentDriver() !== "pg")("npm run audit:verify with anchors", () => {
  function verifyCommand(...args: string[]) {
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const run = spawnSync(tsx, ["scripts/audit-verify.ts", ...args], { env: process.env, encoding: "utf8", timeout: 60_000 });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  }

  it("exits 0 when kept anchors hold, 1 when one contradicts the chain, 2 when a source cannot be read", async () => {
    const { anchors } = await decidedCall();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tavolo-anchors-"));
    const good = path.join(dir, "kept.txt");
    fs.writeFileSync(good, anchors.map((a) => `${a.seq} ${a.hash}`).join("\n"));
    const ok = verifyCommand(good);
    expect(ok.out).toMatch(/3 anchors from .*kept\.txt/);
    expect(ok.out).toMatch(/none contradicts the chain/);
    expect(ok.status).toBe(0);

    const [end] = await db.select({ seq: sql<string>`max(${auditEntries.chainSeq})` }).from(auditEntries);
    const forged = path.join(dir, "forged.json");
    fs.writeFileSync(forged, JSON.stringify({ anchors: [{ seq: anchors[1].seq, hash: "ab".repeat(32) }, { seq: Number(end.seq) + 1_000_000, hash: anchors[2].hash }] }));
    const bad = verifyCommand(forged);
    expect(bad.out).toMatch(new RegExp(`Anchor #${anchors[1].seq} .*re-hashed`));
    expect(bad.out).toMatch(/truncation/);
    expect(bad.status).toBe(1);

    const missing = verifyCommand(path.join(dir, "nothing-here.txt"));
    expect(missing.status).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
