import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setClock } from "@/lib/clock";
import { testDb } from "@/test/db";
import { AFTER_VOTING, createVotingScenario, VOTING, type VotingScenario } from "@/test/voting";
import { GET as receiptsFile } from "@/app/api/calls/[callId]/receipts.txt/route";
import { calls } from "@/db/schema";
import { eq } from "drizzle-orm";
import { checkReceipt, decodeBallotsCursor, encodeBallotsCursor, getResults, listPublicBallots, type PublicBallotsCursor } from "./queries";
import { fingerprintOf } from "./receipt";
import { castBallot, correctResults, publishResults, type CastResult } from "./service";
import { countedReceiptHashes } from "./tally";
import { publishedReceiptHashes } from "./test-receipts";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Four voters on three proposals, nine ballots (the leads do not vote on their own proposal), then published. */
async function publishedScenario() {
  const s: VotingScenario = await createVotingScenario(db, { ballotsPublic: true });
  const p = await s.proposal(); // led by s.lead
  const q = await s.proposal({ lead: s.university });
  const r = await s.proposal({ lead: s.firm });
  setClock(VOTING);
  const plan: [VotingScenario["lead"], string, number][] = [
    [s.coalition.promoter, p, 1],
    [s.coalition.promoter, q, -1],
    [s.coalition.promoter, r, 0],
    [s.lead, q, 1],
    [s.lead, r, 1],
    [s.firm, p, -1],
    [s.firm, q, 1],
    [s.university, p, 1],
    [s.university, r, -1],
  ];
  const codes: (CastResult & { proposalId: string })[] = [];
  for (const [org, proposalId, value] of plan) {
    codes.push({ ...(await castBallot(db, org.admin.actor, { callId: s.callId, proposalId, organisationId: org.organisationId, value })), proposalId });
  }
  setClock(AFTER_VOTING);
  const published = await publishResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });
  return { s, codes, published };
}

describe("receipts of a results version", () => {
  it("are stored once per version in their own table: every ballot's code is found by an indexed lookup, in the first and in a corrected version", async () => {
    const { s, codes, published } = await publishedScenario();
    const stored = rowsOf<{ version: number; n: number }>(
      await db.execute(sql`select version, count(*)::int as n from call_result_receipts where call_id = ${s.callId} group by version order by version`),
    );
    expect(stored).toEqual([{ version: 1, n: 9 }]);
    for (const c of codes) {
      expect(await checkReceipt(db, { token: c.code })).toMatchObject({ status: "found", value: c.value, version: 1, fingerprint: published.fingerprint });
    }

    const corrected = await correctResults(db, s.coalition.promoter.admin.actor, { callId: s.callId, reason: "Riconteggio" });
    expect(corrected).toEqual({ version: 2, fingerprint: published.fingerprint });
    const after = rowsOf<{ version: number; n: number }>(
      await db.execute(sql`select version, count(*)::int as n from call_result_receipts where call_id = ${s.callId} group by version order by version`),
    );
    expect(after).toEqual([
      { version: 1, n: 9 },
      { version: 2, n: 9 },
    ]);
    for (const c of codes) expect(await checkReceipt(db, { token: c.code })).toMatchObject({ status: "found", value: c.value, version: 2 });
    // Version 1's list is untouched by the correction.
    expect(await publishedReceiptHashes(db, s.callId, 1)).toEqual(await publishedReceiptHashes(db, s.callId, 2));

    // The lookup the check makes can use the hash's index (forced off the sequential scan a tiny table would get).
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return rowsOf<{ "QUERY PLAN": string }>(await tx.execute(sql`explain select call_id, version from call_result_receipts where receipt_hash in ('a', 'b')`));
    });
    expect(plan.map((l) => l["QUERY PLAN"]).join("\n")).toContain("call_result_receipts_hash_idx");
  });

  it("the stored fingerprint equals the one recomputed from the ballots and from the downloaded list; the results row carries no list", async () => {
    const { s, published } = await publishedScenario();
    const results = (await getResults(db, s.callId))!.latest;
    expect(results.fingerprint).toBe(published.fingerprint);
    expect(results.ballotCount).toBe(9);
    expect(results).not.toHaveProperty("receiptHashes");
    expect(fingerprintOf(await countedReceiptHashes(db, s.callId))).toBe(results.fingerprint);
    expect(fingerprintOf(await publishedReceiptHashes(db, s.callId, 1))).toBe(results.fingerprint);
  });

  it("the download lists every receipt once, in fingerprint order, across batches; a named version is cached for good", async () => {
    const { s, published } = await publishedScenario();
    const expected = await countedReceiptHashes(db, s.callId);
    expect(expected).toHaveLength(9);
    for (const batchSize of [1, 2, 4, 9, 100]) {
      const listed = await publishedReceiptHashes(db, s.callId, 1, batchSize);
      expect(listed).toEqual(expected);
      expect(new Set(listed).size).toBe(listed.length);
    }

    const response = await receiptsFile(new Request(`http://localhost/api/calls/${s.callId}/receipts.txt?version=1`), { params: Promise.resolve({ callId: s.callId }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const text = await response.text();
    // Its bytes are what the fingerprint hashes: sha256sum of the file gives it.
    expect(text).toBe(expected.join("\n"));
    expect(fingerprintOf(text.split("\n"))).toBe(published.fingerprint);

    const latest = await receiptsFile(new Request(`http://localhost/api/calls/${s.callId}/receipts.txt`), { params: Promise.resolve({ callId: s.callId }) });
    expect(latest.headers.get("cache-control")).not.toContain("immutable");
    expect(await latest.text()).toBe(text);
    const missing = await receiptsFile(new Request(`http://localhost/api/calls/${s.callId}/receipts.txt?version=7`), { params: Promise.resolve({ callId: s.callId }) });
    expect(missing.status).toBe(404);
    const bad = await receiptsFile(new Request(`http://localhost/api/calls/${s.callId}/receipts.txt?version=x`), { params: Promise.resolve({ callId: s.callId }) });
    expect(bad.status).toBe(404);
  });

  it("public ballots paginate by keyset: every counted ballot is visited once, in order", async () => {
    const { s } = await publishedScenario();
    const [call] = await db.select().from(calls).where(eq(calls.id, s.callId));
    const all = (await listPublicBallots(db, call, { limit: 1000 })).rows;
    expect(all).toHaveLength(9);
    for (const size of [1, 2, 4]) {
      const seen: string[] = [];
      let after: PublicBallotsCursor | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof listPublicBallots>> = await listPublicBallots(db, call, { after, limit: size });
        expect(page.rows.length).toBeLessThanOrEqual(size);
        seen.push(...page.rows.map((b) => `${b.organisationId}:${b.proposalId}`));
        // The cursor survives its trip through a link.
        after = page.next ? decodeBallotsCursor(encodeBallotsCursor(page.next)) : null;
        pages++;
      } while (after && pages < 50);
      expect(seen).toEqual(all.map((b) => `${b.organisationId}:${b.proposalId}`));
      expect(new Set(seen).size).toBe(9);
      expect(pages).toBe(Math.ceil(9 / size));
    }
    expect(decodeBallotsCursor("not-a-cursor")).toBeNull();
    // Not public: nothing, whatever the page.
    expect(await listPublicBallots(db, { ...call, ballotsPublic: false })).toEqual({ rows: [], next: null });
  });
});
