import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { callCriteria, callEvaluations, callResults, calls, evaluationConsolidatedScores, proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { listBoothProposalsPage } from "@/lib/voting/booth-page";
import { castBallot, previewResults, publishResults } from "@/lib/voting/service";
import { expectAppError } from "@/test/assert";
import { testDb } from "@/test/db";
import { addMember, createUser } from "@/test/factories";
import { getOwnAppraisal } from "./applicant";
import { AFTER_VOTING, createVotingScenario, VOTING, type VotingScenario } from "@/test/voting";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

type Mode = "threshold" | "weighted" | "technical_only";

/** Sets the call's rule and two criteria (60 + 40 = 100 points), written directly: the call is already published. */
async function withRule(s: VotingScenario, mode: Mode, minTotal: number, weightBp = 5000) {
  await db.update(calls).set({ evaluationMode: mode, evaluationMinTotal: minTotal, evaluationWeightBp: weightBp }).where(eq(calls.id, s.callId));
  return db
    .insert(callCriteria)
    .values([
      { callId: s.callId, position: 0, name: "Innovazione", maxPoints: 60 },
      { callId: s.callId, position: 1, name: "Impatto", maxPoints: 40 },
    ])
    .returning({ id: callCriteria.id });
}

/** Consolidated scores (points per criterion) for one proposal, as the committee records them. */
async function consolidate(s: VotingScenario, criteria: { id: string }[], proposalId: string, points: [number, number]) {
  await db.insert(evaluationConsolidatedScores).values(
    criteria.map((c, i) => ({
      proposalId,
      criterionId: c.id,
      callId: s.callId,
      points: points[i],
      justification: "Motivazione della commissione",
      recordedBy: s.coalition.promoter.admin.actor.userId,
      recordedAt: VOTING,
    })),
  );
}

async function approve(s: VotingScenario) {
  await db.insert(callEvaluations).values({ callId: s.callId, approvedAt: VOTING, approvedBy: s.coalition.promoter.admin.actor.userId });
}

const cast = (s: VotingScenario, org: VotingScenario["lead"], proposalId: string, value: number) =>
  castBallot(db, org.admin.actor, { callId: s.callId, proposalId, organisationId: org.organisationId, value });

describe("results combine the approved appraisal with the vote", () => {
  it("weighted: preview and publication refuse before approval, then rank by w × technical + (1 − w) × vote", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal({ title: "P", requestedCents: 100_000_00 });
    const q = await s.proposal({ lead: s.firm, title: "Q", requestedCents: 100_000_00 });
    const r = await s.proposal({ lead: s.university, title: "R", requestedCents: 100_000_00 });
    const criteria = await withRule(s, "weighted", 50, 4000);
    setClock(VOTING);
    // Voters: promoter, lead, firm, university (weight 1 each) → E = 4. Each lead cannot vote on its own.
    await cast(s, s.firm, p, 1);
    await cast(s, s.university, p, 1);
    await cast(s, s.coalition.promoter, p, 1); // P: net +3
    await cast(s, s.lead, q, -1); // Q: net -1
    await cast(s, s.lead, r, 1); // R: net +1
    setClock(AFTER_VOTING);
    const promoter = s.coalition.promoter.admin.actor;
    await expectAppError(previewResults(db, promoter, { callId: s.callId }), "INVALID_STATE", "evaluationNotApproved");
    await expectAppError(publishResults(db, promoter, { callId: s.callId }), "INVALID_STATE", "evaluationNotApproved");
    await consolidate(s, criteria, p, [30, 20]); // 50/100
    await consolidate(s, criteria, q, [55, 35]); // 90/100
    await consolidate(s, criteria, r, [20, 20]); // 40 < 50: below the minimum
    await expectAppError(previewResults(db, promoter, { callId: s.callId }), "INVALID_STATE", "evaluationNotApproved");
    await approve(s);
    // vote = (net + 4) / 8: P 7/8, Q 3/8, R 5/8.
    // final = 0.4 × tech + 0.6 × vote: P 0.2 + 0.525 = 0.725 = 29/40; Q 0.36 + 0.225 = 0.585 = 117/200; R below.
    const preview = await previewResults(db, promoter, { callId: s.callId });
    expect(preview.allocation.entries.map((e) => [e.title, e.outcome, e.evaluation?.finalNum, e.evaluation?.finalDen])).toEqual([
      ["P", "allocated", "29", "40"],
      ["Q", "allocated", "117", "200"],
      ["R", "below_threshold", "107", "200"],
    ]);
    // Applicants see their own scores only once the results are published.
    expect(await getOwnAppraisal(db, s.lead.admin.actor, p)).toBeNull();
    await publishResults(db, promoter, { callId: s.callId });
    const own = await getOwnAppraisal(db, s.lead.admin.actor, p);
    expect(own).toMatchObject({ total: 50, maxTotal: 100 });
    expect(own!.criteria.map((c) => [c.name, c.points, c.maxPoints, c.justification])).toEqual([
      ["Innovazione", 30, 60, "Motivazione della commissione"],
      ["Impatto", 20, 40, "Motivazione della commissione"],
    ]);
    expect((await getOwnAppraisal(db, s.firm.admin.actor, q))?.total).toBe(90);
    // Never another's proposal; not the promoter, an outsider, a plain member of the lead, or anyone signed out.
    const plain = await addMember(db, s.lead, "member");
    const stranger = await createUser(db);
    expect(await getOwnAppraisal(db, s.lead.admin.actor, q)).toBeNull();
    expect(await getOwnAppraisal(db, s.firm.admin.actor, p)).toBeNull();
    expect(await getOwnAppraisal(db, promoter, p)).toBeNull();
    expect(await getOwnAppraisal(db, stranger.actor, p)).toBeNull();
    expect(await getOwnAppraisal(db, plain.actor, p)).toBeNull();
    expect(await getOwnAppraisal(db, null, p)).toBeNull();
    const [published] = await db.select().from(callResults).where(eq(callResults.callId, s.callId));
    expect(published.ranking.map((e) => [e.title, e.evaluation?.technicalPoints, e.evaluation?.technicalMax, e.evaluation?.voteNum, e.evaluation?.voteDen])).toEqual([
      ["P", 50, 100, "7", "8"],
      ["Q", 90, 100, "3", "8"],
      ["R", 40, 100, "5", "8"],
    ]);
    const [rRow] = await db.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, r));
    expect(rRow.status).toBe("not_selected");
  });

  it("the stored count is recomputed when the appraisal changes (its basis digests it)", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal({ title: "P" });
    const q = await s.proposal({ lead: s.firm, title: "Q" });
    const criteria = await withRule(s, "technical_only", 0);
    await consolidate(s, criteria, p, [10, 10]);
    await consolidate(s, criteria, q, [30, 30]);
    await approve(s);
    setClock(AFTER_VOTING);
    const promoter = s.coalition.promoter.admin.actor;
    const first = await previewResults(db, promoter, { callId: s.callId });
    expect(first.allocation.entries.map((e) => e.title)).toEqual(["Q", "P"]);
    expect((await previewResults(db, promoter, { callId: s.callId })).reused).toBe(true);
    await db.update(evaluationConsolidatedScores).set({ points: 60 }).where(eq(evaluationConsolidatedScores.proposalId, p));
    const second = await previewResults(db, promoter, { callId: s.callId });
    expect(second.reused).toBe(false);
    expect(second.allocation.entries.map((e) => e.title)).toEqual(["P", "Q"]);
  });
});

describe("threshold mode in the voting booth", () => {
  it("before approval castBallot refuses; after, only proposals reaching the minimum are listed and may be voted", async () => {
    const s = await createVotingScenario(db);
    const above = await s.proposal({ title: "Sopra" });
    const below = await s.proposal({ title: "Sotto" });
    const criteria = await withRule(s, "threshold", 60);
    setClock(VOTING);
    await expectAppError(cast(s, s.firm, above, 1), "INVALID_STATE", "ballotEvaluationPending");
    await consolidate(s, criteria, above, [40, 20]); // 60: reaches it
    await consolidate(s, criteria, below, [40, 19]); // 59
    await expectAppError(cast(s, s.firm, above, 1), "INVALID_STATE", "ballotEvaluationPending");
    await approve(s);
    await expectAppError(cast(s, s.firm, below, 1), "INVALID_STATE", "ballotBelowThreshold");
    await cast(s, s.firm, above, 1);
    await cast(s, s.university, above, 1);
    await cast(s, s.coalition.promoter, above, 1); // turnout 3 of 4: quorum reached
    const page = await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { minTechnicalTotal: 60 });
    expect(page.proposals.map((p) => p.title)).toEqual(["Sopra"]);
    expect([page.total, page.voted]).toEqual([1, 1]);
    setClock(AFTER_VOTING);
    await publishResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });
    const [published] = await db.select().from(callResults).where(eq(callResults.callId, s.callId));
    expect(published.ranking.map((e) => [e.title, e.outcome])).toEqual([
      ["Sopra", "allocated"],
      ["Sotto", "below_threshold"],
    ]);
  });
});
