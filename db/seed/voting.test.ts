import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callEvaluations, calls, coalitions, proposals } from "@/db/schema";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { checkReceipt, getResults } from "@/lib/voting/queries";
import { publishedReceiptHashes } from "@/lib/voting/test-receipts";
import { fingerprintOf } from "@/lib/voting/receipt";
import { readAppraisal, ruleOf } from "@/lib/evaluation/appraisal";
import { evaluationReportFile } from "@/lib/evaluation/report";
import { datasetStream } from "@/lib/opendata/stream";
import { listCoalitionDecisions } from "@/lib/audittrail/public";
import { bigToDecimal, combine, parseBig } from "@/lib/evaluation/combine";
import { toEntries } from "@/lib/voting/policy";
import { testDb } from "@/test/db";
import { PAST_CALL_TITLE } from "./calls";
import { seed } from "./index";
import { COUNTING_CALL_TITLE, DEMO_PAST_RECEIPT, DEMO_RECEIPT, VOTING_CALL_TITLE } from "./voting-data";

describe.skipIf(Boolean(process.env.DATABASE_URL || process.env.POSTGRES_URL))("the voting chapter of the seed", () => {
  it("publishes the 2025 results, opens one vote, and leaves one closed vote to count", { timeout: 180_000 }, async () => {
    const db = await testDb();
    await seed(db);
    const byTitle = async (title: string) => (await db.select().from(calls).where(eq(calls.title, title)))[0];

    const past = await byTitle(PAST_CALL_TITLE);
    const results = (await getResults(db, past.id))!;
    expect(results.latest).toMatchObject({ version: 1, quorumReached: true, votingMethod: "score", allocatedCents: 260_000_00, skippedCents: 90_000_00 });
    // Hand count (db/seed/voting-data.ts): 54/12 = 4.5, 52/13 = 4, 41/13 ≈ 3.15; 120k + 140k fit in 300k, 90k does not.
    expect(results.latest.ranking.map((e) => [e.title, `${e.valueNum}/${e.valueDen}`, e.outcome])).toEqual([
      ["Accademia digitale del Canavese", "54/12", "allocated"],
      ["Sicurezza informatica per le PMI", "52/13", "allocated"],
      ["Vendere online: competenze per le micro imprese", "41/13", "skipped"],
    ]);
    expect(results.latest.fingerprint).toBe(fingerprintOf(await publishedReceiptHashes(db, past.id, results.latest.version)));
    expect(await checkReceipt(db, { token: DEMO_PAST_RECEIPT.token })).toMatchObject({ status: "found", value: 5, proposal: { title: DEMO_PAST_RECEIPT.proposalTitle } });
    expect(results.latest.publishedAt).toEqual(past.resultsPublishedAt);
    // The committee's appraisal combined with the vote (weighted, w 40 %, minimum 60: db/seed/evaluation-data.ts).
    expect(past.evaluationMode).toBe("weighted");
    expect(results.latest.ranking.map((e) => [e.evaluation?.technicalPoints, e.evaluation?.technicalMax, bigToDecimal(parseBig(e.evaluation?.finalNum, e.evaluation?.finalDen)!, 3)])).toEqual([
      [82, 100, "0.868"],
      [76, 100, "0.784"],
      [64, 100, "0.634"],
    ]);
    const appraisal = await readAppraisal(db, past.id);
    expect(appraisal.approved).toBe(true);
    // The committee's report (public once the results are out) is the one whose fingerprint was kept at approval.
    const report = (await evaluationReportFile(db, null, past.id, "it"))!;
    const [approved] = await db.select({ sha: callEvaluations.reportSha256 }).from(callEvaluations).where(eq(callEvaluations.callId, past.id));
    expect(approved.sha).toBe(createHash("sha256").update(report.bytes).digest("hex"));
    const again = combine({
      rows: results.latest.ranking.map((e) => ({ ...e, submittedAt: e.submittedAt ? new Date(e.submittedAt) : null, value: { num: e.valueNum, den: e.valueDen } })),
      method: "score",
      eligibleWeight: results.latest.eligibleWeight,
      rule: ruleOf(past, appraisal.maxTotal)!,
      technical: appraisal.totals,
      budgetCents: past.budgetCents,
      quorumReached: results.latest.quorumReached,
    });
    expect(toEntries(again)).toEqual(results.latest.ranking);
    // The open data's results carry the appraisal too, the final score to four decimals (empty for calls without one).
    const [coalition] = await db.select({ id: coalitions.id, slug: coalitions.slug, name: coalitions.name }).from(coalitions).where(eq(coalitions.id, past.coalitionId));
    const openData = JSON.parse(await new Response(datasetStream(db, coalition, "results", "json")).text()) as { rows: Record<string, unknown>[] };
    expect(openData.rows.filter((r) => r.call_id === past.id).map((r) => [r.technical_points, r.technical_max, r.final_score])).toEqual([
      [82, 100, 0.868],
      [76, 100, 0.784],
      [64, 100, 0.6345],
    ]);
    // The public trail lists the committee's approval with its report's fingerprint, as the committee's act.
    const trail = await listCoalitionDecisions(db, past.coalitionId);
    const approval = trail.entries.find((e) => e.action === "evaluation.approved" && e.callId === past.id);
    expect(approval).toMatchObject({ actor: { kind: "committee" }, fields: [{ key: "reportSha256", kind: "hash", value: approved.sha }] });
    expect(openData.rows.filter((r) => r.call_id !== past.id).every((r) => r.technical_points === null && r.final_score === null)).toBe(true);
    const statuses = await db.select({ status: proposals.status }).from(proposals).where(eq(proposals.callId, past.id));
    expect(statuses.map((s) => s.status).sort()).toEqual(["not_selected", "selected", "selected"]);

    const voting = await byTitle(VOTING_CALL_TITLE);
    expect(callPhase(voting, now())).toBe("voting");
    expect(await db.select().from(proposals).where(and(eq(proposals.callId, voting.id), eq(proposals.status, "admissible")))).toHaveLength(3);

    const counting = await byTitle(COUNTING_CALL_TITLE);
    expect(callPhase(counting, now())).toBe("counting");
    expect(await getResults(db, counting.id)).toBeNull();
    // Not published yet: the demo code (without a locator) finds nothing to check against.
    expect(await checkReceipt(db, { callId: counting.id, token: DEMO_RECEIPT.token })).toEqual({ status: "notFound" });
  });
});
