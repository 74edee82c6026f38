import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { and } from "drizzle-orm";
import { auditEntries, callResults, callVoters, calls, proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { decideJoinRequest, leaveCoalition, removeCoalitionMember, requestToJoinCoalition, setCoalitionMember } from "@/lib/coalitions/service";
import { setRepresentative } from "@/lib/organisations/service";
import { expectAppError } from "@/test/assert";
import { admitTestMember } from "@/test/coalitions";
import { auditActionsFor, errorText, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { AFTER_VOTING, ballotRows, BEFORE_VOTING, createVotingScenario, VOTING, type VotingScenario } from "@/test/voting";
import { canVoteInCall, checkReceipt, getResults, getVotingBooth, listPublicBallots, listRemovedVoters } from "./queries";
import { fingerprintOf, formatToken, receiptCode } from "./receipt";
import { castBallot, correctResults, getTurnout, previewResults, publishResults } from "./service";
import { publishedReceiptHashes } from "./test-receipts";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const cast = (s: VotingScenario, org: VotingScenario["lead"], proposalId: string, value: number) =>
  castBallot(db, org.admin.actor, { callId: s.callId, proposalId, organisationId: org.organisationId, value });

async function statusOf(id: string) {
  const [row] = await db.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, id));
  return row.status;
}

describe("castBallot refusals", () => {
  it("refuses outside the window, by observers, non-members, non-representatives, with a conflict, on another call, on a proposal not admissible, out of range, signed out", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal({ partners: [s.university] });
    const submitted = await s.proposal({ lead: s.firm, status: "submitted" });
    const other = await createVotingScenario(db);
    const otherProposal = await other.proposal();
    const outsider = await createOrganisation(db, { verified: true });
    const promoter = s.coalition.promoter;

    setClock(BEFORE_VOTING);
    await expectAppError(cast(s, s.firm, p, 1), "INVALID_STATE", "ballotWindowClosed");
    setClock(AFTER_VOTING);
    await expectAppError(cast(s, s.firm, p, 1), "INVALID_STATE", "ballotWindowClosed");

    setClock(VOTING);
    await expectAppError(cast(s, s.observer, p, 1), "FORBIDDEN", "ballotNotVotingMember");
    await expectAppError(cast(s, outsider, p, 1), "FORBIDDEN", "ballotNotVotingMember");
    const stranger = await createUser(db);
    await expectAppError(
      castBallot(db, stranger.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: 1 }),
      "FORBIDDEN",
      "forbidden",
    );
    await expectAppError(cast(s, s.lead, p, 1), "FORBIDDEN", "ballotConflictOfInterest");
    await expectAppError(cast(s, s.university, p, 1), "FORBIDDEN", "ballotConflictOfInterest");
    await expectAppError(cast(s, s.firm, otherProposal, 1), "INVALID_STATE", "ballotProposalOtherCall");
    await expectAppError(cast(s, promoter, submitted, 1), "INVALID_STATE", "ballotProposalNotAdmissible");
    await expectAppError(cast(s, s.firm, p, 2), "VALIDATION", "ballotValueOutOfRange");
    await expectAppError(cast(s, s.firm, p, -2), "VALIDATION", "ballotValueOutOfRange");
    await expectAppError(castBallot(db, null, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: 1 }), "UNAUTHENTICATED");
    expect(await ballotRows(db, p)).toHaveLength(0);

    const score = await createVotingScenario(db, { votingMethod: "score" });
    const sp = await score.proposal();
    setClock(VOTING);
    await expectAppError(cast(score, score.firm, sp, 6), "VALIDATION", "ballotValueOutOfRange");
    await expectAppError(cast(score, score.firm, sp, -1), "VALIDATION", "ballotValueOutOfRange");
    await cast(score, score.firm, sp, 5);
  });

  it("lets any representative of the organisation cast, and a change updates the one row with a new receipt", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    const colleague = await addMember(db, s.firm, "member", { representative: true });
    const first = await cast(s, s.firm, p, 1);
    const second = await castBallot(db, colleague.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: -1 });
    expect(second.token).not.toBe(first.token);
    const rows = await ballotRows(db, p);
    expect(rows).toEqual([expect.objectContaining({ organisation_id: s.firm.organisationId, value: -1, revision: 2 })]);
    expect(await auditActionsFor(db, s.callId)).toContain("call.voters_snapshotted");
  });
});

describe("representatives", () => {
  it("a plain member cannot vote; named representative they can; un-named again they cannot", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    const plain = await addMember(db, s.firm, "member");
    const asPlain = (value: number) => castBallot(db, plain.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value });
    const name = (isRepresentative: boolean) =>
      setRepresentative(db, s.firm.admin.actor, { organisationId: s.firm.organisationId, userId: plain.actor.userId, isRepresentative });

    const call = { id: s.callId, coalitionId: s.coalition.coalitionId };
    expect(await canVoteInCall(db, plain.actor, call)).toBe(false);
    expect(await canVoteInCall(db, s.firm.admin.actor, call)).toBe(true);
    await expectAppError(asPlain(1), "FORBIDDEN", "notRepresentative");
    expect(await ballotRows(db, p)).toHaveLength(0);
    // The booth offers them no ballot, and says why.
    const booth = (await getVotingBooth(db, plain.actor, s.callId))!;
    expect(booth.organisations).toEqual([]);
    expect(booth.chosen).toBeNull();
    expect(booth.notVoting).toEqual([expect.objectContaining({ organisationId: s.firm.organisationId, reason: "notRepresentative" })]);

    await name(true);
    expect(await canVoteInCall(db, plain.actor, call)).toBe(true);
    await asPlain(1);
    expect(await ballotRows(db, p)).toEqual([expect.objectContaining({ organisation_id: s.firm.organisationId, value: 1, revision: 1 })]);
    expect((await getVotingBooth(db, plain.actor, s.callId))!.chosen?.organisationId).toBe(s.firm.organisationId);

    await name(false);
    expect(await canVoteInCall(db, plain.actor, call)).toBe(false);
    await expectAppError(asPlain(-1), "FORBIDDEN", "notRepresentative");
    expect(await ballotRows(db, p)).toEqual([expect.objectContaining({ value: 1, revision: 1 })]);
    expect(await auditActionsFor(db, plain.actor.userId)).toEqual(["user.signed_up", "organisation.representative_set", "organisation.representative_set"]);
  });
});

async function voterRow(callId: string, organisationId: string) {
  const [row] = await db
    .select({ removedAt: callVoters.removedAt, removalReason: callVoters.removalReason, weight: callVoters.weight })
    .from(callVoters)
    .where(and(eq(callVoters.callId, callId), eq(callVoters.organisationId, organisationId)));
  return row ?? null;
}

async function voterRemovedEntries(callId: string) {
  return db
    .select({ organisationId: auditEntries.organisationId, actorUserId: auditEntries.actorUserId, data: auditEntries.data })
    .from(auditEntries)
    .where(and(eq(auditEntries.entityId, callId), eq(auditEntries.action, "call.voter_removed")));
}

/**
 * Who leaves the coalition during a vote (removed for cause, or on its own) is dropped
 * from it: no more ballots, its ballots withdrawn from the tally and the receipts, its
 * weight out of the eligible weight. Scenario weights are all 1: promoter, lead, firm,
 * university eligible (4); quorum 50%.
 */
describe("leaving the coalition during a vote", () => {
  async function votedScenario() {
    const s = await createVotingScenario(db, { ballotsPublic: true });
    const p = await s.proposal(); // led by s.lead
    const q = await s.proposal({ lead: s.university });
    setClock(VOTING);
    const promoterOnP = await cast(s, s.coalition.promoter, p, 1);
    await cast(s, s.lead, q, 1);
    const firmOnP = await cast(s, s.firm, p, 1);
    await cast(s, s.firm, q, -1);
    expect(await getTurnout(db, s.coalition.promoter.admin.actor, { callId: s.callId })).toMatchObject({ eligibleWeight: 4, turnoutWeight: 3 });
    return { s, p, q, promoterOnP, firmOnP };
  }

  it("removed for cause: cannot vote any more, its ballots are withdrawn, the eligible weight drops, and it is audited", async () => {
    const { s, p, q, promoterOnP, firmOnP } = await votedScenario();
    const promoter = s.coalition.promoter.admin.actor;
    await removeCoalitionMember(db, promoter, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, reason: "Dichiarazioni non veritiere" });

    await expectAppError(cast(s, s.firm, p, -1), "FORBIDDEN", "ballotVoterRemoved");
    expect(await canVoteInCall(db, s.firm.admin.actor, { id: s.callId, coalitionId: s.coalition.coalitionId })).toBe(false);
    expect(await voterRow(s.callId, s.firm.organisationId)).toMatchObject({ removalReason: "Dichiarazioni non veritiere", weight: 1, removedAt: VOTING });
    // The rows stay on record: withdrawn, not deleted.
    expect((await ballotRows(db, p)).map((b) => b.organisation_id).sort()).toEqual([s.coalition.promoter.organisationId, s.firm.organisationId].sort());
    expect(await voterRemovedEntries(s.callId)).toEqual([
      {
        organisationId: s.firm.organisationId,
        actorUserId: promoter.userId,
        data: { cause: "removed", reason: "Dichiarazioni non veritiere", weight: 1, withdrawnBallots: 2, withdrawnOn: expect.arrayContaining([p, q]) },
      },
    ]);
    expect(await getTurnout(db, promoter, { callId: s.callId })).toMatchObject({ eligibleWeight: 3, turnoutWeight: 2, eligibleOrganisations: 3, votedOrganisations: 2 });
    expect(await listRemovedVoters(db, s.callId)).toEqual([expect.objectContaining({ weight: 1, reason: null })]);
    expect(await listRemovedVoters(db, s.callId, { withReason: true })).toEqual([expect.objectContaining({ reason: "Dichiarazioni non veritiere" })]);

    setClock(AFTER_VOTING);
    await publishResults(db, promoter, { callId: s.callId });
    const results = (await getResults(db, s.callId))!.latest;
    // 2 of 3 voted: quorum reached without the firm. Each proposal keeps only the counted yes.
    expect(results).toMatchObject({ eligibleWeight: 3, turnoutWeight: 2, quorumReached: true, ballotCount: 2 });
    const value = (id: string) => results.ranking.find((e) => e.proposalId === id);
    expect(value(p)).toMatchObject({ valueNum: 1, ballots: 1 });
    expect(value(q)).toMatchObject({ valueNum: 1, ballots: 1 });
    expect(fingerprintOf(await publishedReceiptHashes(db, s.callId, results.version))).toBe(results.fingerprint);
    // The withdrawn ballot's code finds nothing; the counted one's is found from the code alone.
    expect(await checkReceipt(db, { token: firmOnP.code })).toEqual({ status: "notFound" });
    expect(await checkReceipt(db, { token: promoterOnP.code })).toMatchObject({ status: "found", value: 1 });
    const [call] = await db.select().from(calls).where(eq(calls.id, s.callId));
    expect((await listPublicBallots(db, call)).rows.map((b) => b.organisationName)).not.toContain(s.firm.input.legalName);
    // A correction counts the same ballots again: the same fingerprint.
    expect((await correctResults(db, promoter, { callId: s.callId, reason: "Verifica del comitato" })).fingerprint).toBe(results.fingerprint);
  });

  it("leaving on its own does the same, and coming back does not restore the vote", async () => {
    const { s, p } = await votedScenario();
    await leaveCoalition(db, s.firm.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId });

    await expectAppError(cast(s, s.firm, p, 1), "FORBIDDEN", "ballotVoterRemoved");
    expect(await voterRow(s.callId, s.firm.organisationId)).toMatchObject({ removalReason: null, removedAt: VOTING });
    expect(await voterRemovedEntries(s.callId)).toEqual([
      expect.objectContaining({ actorUserId: s.firm.admin.actor.userId, data: expect.objectContaining({ cause: "left", reason: null, withdrawnBallots: 2 }) }),
    ]);
    expect(await getTurnout(db, s.coalition.promoter.admin.actor, { callId: s.callId })).toMatchObject({ eligibleWeight: 3, turnoutWeight: 2 });

    // Admitted again during the same vote: its weight was fixed when the vote opened, and it left.
    const { requestId } = await requestToJoinCoalition(db, s.firm.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, motivation: "Ci ripensiamo" });
    await decideJoinRequest(db, s.coalition.promoter.admin.actor, { requestId, decision: "accept", role: "member", weight: 1 });
    await expectAppError(cast(s, s.firm, p, 1), "FORBIDDEN", "ballotVoterRemoved");
    const booth = (await getVotingBooth(db, s.firm.admin.actor, s.callId))!;
    expect(booth.notVoting).toEqual([expect.objectContaining({ organisationId: s.firm.organisationId, reason: "removed" })]);

    setClock(AFTER_VOTING);
    const count = await previewResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });
    expect(count).toMatchObject({ eligibleWeight: 3, turnoutWeight: 2 });
    expect(count.ballotCount).toBe(2);
  });

  it("removal before the vote opens works as before: no voter row to drop, and the snapshot leaves it out", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(BEFORE_VOTING);
    await removeCoalitionMember(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, reason: "Cessata attività" });
    expect(await voterRemovedEntries(s.callId)).toEqual([]);
    expect(await auditActionsFor(db, s.coalition.coalitionId)).toContain("coalition.member_removed");

    setClock(VOTING);
    await expectAppError(cast(s, s.firm, p, 1), "FORBIDDEN", "ballotNotVotingMember");
    expect(await voterRow(s.callId, s.firm.organisationId)).toBeNull();
    expect(await getTurnout(db, s.coalition.promoter.admin.actor, { callId: s.callId })).toMatchObject({ eligibleWeight: 3, turnoutWeight: 0 });
    expect(await listRemovedVoters(db, s.callId)).toEqual([]);
  });

  it("removal after the results are published changes nothing in them", async () => {
    const { s } = await votedScenario();
    setClock(AFTER_VOTING);
    const promoter = s.coalition.promoter.admin.actor;
    const published = await publishResults(db, promoter, { callId: s.callId });
    await removeCoalitionMember(db, promoter, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, reason: "Dopo i risultati" });
    expect(await voterRow(s.callId, s.firm.organisationId)).toMatchObject({ removedAt: null });
    expect(await voterRemovedEntries(s.callId)).toEqual([]);
    const again = await correctResults(db, promoter, { callId: s.callId, reason: "Ricontrollo del comitato" });
    expect(again.fingerprint).toBe(published.fingerprint);
    expect((await getResults(db, s.callId))!.latest).toMatchObject({ eligibleWeight: 4, turnoutWeight: 3 });
  });
});

describe("weights", () => {
  it("count as they were when the window opened, even when changed before anyone voted", async () => {
    const s = await createVotingScenario(db, { quorum: "1" });
    const p = await s.proposal();
    setClock(VOTING);
    // The first thing touching the vote is a weight change: the snapshot comes first.
    await setCoalitionMember(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, role: "member", weight: 7 });
    await cast(s, s.firm, p, 1);
    await setCoalitionMember(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.university.organisationId, role: "observer", weight: 1 });
    await cast(s, s.university, p, -1);
    const late = await admitTestMember(db, s.coalition, { weight: 5 });
    await expectAppError(cast(s, late, p, 1), "FORBIDDEN", "ballotNotVotingMember");
    setClock(AFTER_VOTING);
    const count = await previewResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });
    // Weight 1 each (not 7), the university still a voter: 1 - 1 = 0. Eligible: promoter, lead, firm, university.
    expect(count.allocation.entries[0].value).toEqual({ num: 0, den: 1 });
    expect(count).toMatchObject({ eligibleWeight: 4, turnoutWeight: 2 });
  });
});

describe("turnout and results", () => {
  it("shows promoters the turnout during the vote, and refuses the count until it closes", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    await cast(s, s.firm, p, 1);
    const promoter = s.coalition.promoter.admin.actor;
    expect(await getTurnout(db, promoter, { callId: s.callId })).toMatchObject({ eligibleWeight: 4, turnoutWeight: 1, quorumBp: 5000, quorumReached: false });
    await expectAppError(getTurnout(db, s.firm.admin.actor, { callId: s.callId }), "FORBIDDEN");
    await expectAppError(previewResults(db, promoter, { callId: s.callId }), "INVALID_STATE", "resultsVotingNotClosed");
    await expectAppError(publishResults(db, promoter, { callId: s.callId }), "INVALID_STATE", "resultsVotingNotClosed");
  });

  it("quorum not reached: nothing allocated, every proposal not selected", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    await cast(s, s.firm, p, 1);
    setClock(AFTER_VOTING);
    await publishResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });
    const results = await getResults(db, s.callId);
    expect(results?.latest).toMatchObject({ quorumReached: false, allocatedCents: 0, turnoutWeight: 1, eligibleWeight: 4 });
    expect(results?.latest.ranking[0].outcome).toBe("not_allocated");
    expect(await statusOf(p)).toBe("not_selected");
  });

  /**
   * Known answer on the database, approval voting, budget €1,200,000, quorum 50%.
   * Weights: promoter 3, lead 1, firm 2, university 1 (eligible 7).
   *   A (lead, asks 400k, submitted 1 Feb 09:01): promoter yes, firm yes          → 3 + 2 = 5
   *   B (firm, asks 900k, submitted 1 Feb 09:02): promoter yes, lead yes, univ no → 3 + 1 - 1 = 3
   *   C (university, asks 300k, 1 Feb 09:03):     promoter yes, firm no          → 3 - 2 = 1
   *   D (lead, asks 300k, 1 Feb 09:00):            promoter yes, firm no          → 1, ties with C, earlier
   * Turnout: promoter, lead, firm, university all voted = 7 of 7 ≥ 50%.
   * Ranking: A 5, B 3, D 1, C 1. Allocation: A 400k (800k left), B 900k does not fit
   * (skipped), D 300k (500k left), C 300k (200k left). Allocated 1,000k, skipped 900k.
   */
  it("ranks, breaks ties by submission, skips what does not fit, publishes once, and corrects with a reason", async () => {
    const s = await createVotingScenario(db, { budget: "1.200.000", maxRequest: "900.000" });
    const promoter = s.coalition.promoter;
    const coalitionId = s.coalition.coalitionId;
    await setCoalitionMember(db, promoter.admin.actor, { coalitionId, organisationId: promoter.organisationId, role: "promoter", weight: 3 });
    await setCoalitionMember(db, promoter.admin.actor, { coalitionId, organisationId: s.firm.organisationId, role: "member", weight: 2 });
    const at = (m: number) => new Date(Date.UTC(2026, 1, 1, 9, m));
    const A = await s.proposal({ requestedCents: 400_000_00, submittedAt: at(1), title: "A" });
    const B = await s.proposal({ lead: s.firm, requestedCents: 900_000_00, submittedAt: at(2), title: "B" });
    const C = await s.proposal({ lead: s.university, requestedCents: 300_000_00, submittedAt: at(3), title: "C" });
    const D = await s.proposal({ requestedCents: 300_000_00, submittedAt: at(0), title: "D" });
    setClock(VOTING);
    const receipt = await cast(s, promoter, A, 1);
    await cast(s, s.firm, A, 1);
    await cast(s, promoter, B, 1);
    await cast(s, s.lead, B, 1);
    await cast(s, s.university, B, -1);
    await cast(s, promoter, C, 1);
    await cast(s, s.firm, C, -1);
    await cast(s, promoter, D, 1);
    await cast(s, s.firm, D, -1);

    setClock(AFTER_VOTING);
    await expectAppError(publishResults(db, s.firm.admin.actor, { callId: s.callId }), "FORBIDDEN");
    const { fingerprint } = await publishResults(db, promoter.admin.actor, { callId: s.callId });
    const results = (await getResults(db, s.callId))!;
    expect(results.latest.ranking.map((e) => [e.title, e.valueNum, e.outcome])).toEqual([
      ["A", 5, "allocated"],
      ["B", 3, "skipped"],
      ["D", 1, "allocated"],
      ["C", 1, "allocated"],
    ]);
    expect(results.latest).toMatchObject({ version: 1, quorumReached: true, turnoutWeight: 7, eligibleWeight: 7, allocatedCents: 1_000_000_00, skippedCents: 900_000_00, ballotCount: 9 });
    expect(results.latest.fingerprint).toBe(fingerprint);
    expect(fingerprintOf(await publishedReceiptHashes(db, s.callId, 1))).toBe(fingerprint);
    expect([await statusOf(A), await statusOf(B), await statusOf(C), await statusOf(D)]).toEqual(["selected", "not_selected", "selected", "selected"]);
    const [call] = await db.select().from(calls).where(eq(calls.id, s.callId));
    expect(call.status).toBe("results");
    expect(await auditActionsFor(db, s.callId)).toContain("call.results_published");
    expect(await auditActionsFor(db, B)).toContain("proposal.selection_decided");

    // The receipt proves the ballot is in the published set, with its value.
    expect(await checkReceipt(db, { token: receipt.code })).toMatchObject({ status: "found", value: 1 });

    await expectAppError(publishResults(db, promoter.admin.actor, { callId: s.callId }), "INVALID_STATE", "resultsAlreadyPublished");
    await expectAppError(castBallot(db, promoter.admin.actor, { callId: s.callId, proposalId: A, organisationId: promoter.organisationId, value: -1 }), "INVALID_STATE");
    await expectAppError(correctResults(db, promoter.admin.actor, { callId: s.callId, reason: "" }), "VALIDATION");
    const v2 = await correctResults(db, promoter.admin.actor, { callId: s.callId, reason: "Ricontrollo richiesto dal comitato" });
    expect(v2.version).toBe(2);
    const again = (await getResults(db, s.callId))!;
    expect(again.latest).toMatchObject({ version: 2, reason: "Ricontrollo richiesto dal comitato" });
    expect(again.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await auditActionsFor(db, s.callId)).toContain("call.results_corrected");
    // Published results cannot be edited in place.
    const refused = await db.update(callResults).set({ fingerprint: "x" }).where(eq(callResults.callId, s.callId)).then(() => null, (e: unknown) => e);
    expect(errorText(refused)).toMatch(/append-only/);
  });

  it("score: the weighted mean over those who voted on each proposal", async () => {
    const s = await createVotingScenario(db, { votingMethod: "score", quorum: "1" });
    const promoter = s.coalition.promoter;
    await setCoalitionMember(db, promoter.admin.actor, { coalitionId: s.coalition.coalitionId, organisationId: s.firm.organisationId, role: "member", weight: 2 });
    const p = await s.proposal({ lead: s.university });
    setClock(VOTING);
    await cast(s, promoter, p, 5); // weight 1
    await cast(s, s.firm, p, 2); // weight 2
    setClock(AFTER_VOTING);
    const count = await previewResults(db, promoter.admin.actor, { callId: s.callId });
    // (5 × 1 + 2 × 2) / 3 = 9/3
    expect(count.allocation.entries[0].value).toEqual({ num: 9, den: 3 });
    const stored = await db.execute(sql`select count(*)::int as n from call_voters where call_id = ${s.callId}`);
    expect(Number((stored as unknown as { rows: { n: number }[] }).rows[0].n)).toBe(4);
  });
});

describe("receipt codes", () => {
  it("cast → code → checked with the code alone after publication; a forged locator, a wrong token or another call's code finds nothing", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    const q = await s.proposal();
    const promoter = s.coalition.promoter;
    const [{ reference: refP }] = await db.select({ reference: proposals.reference }).from(proposals).where(eq(proposals.id, p));
    const [{ reference: refQ }] = await db.select({ reference: proposals.reference }).from(proposals).where(eq(proposals.id, q));

    setClock(VOTING);
    const onP = await cast(s, promoter, p, 1);
    const onQ = await cast(s, s.firm, q, -1);
    expect(onP.code).toBe(receiptCode(refP, onP.token));
    expect(onP.code.startsWith(`${refP}-`)).toBe(true);
    // Before the results: the proposal is located, but there is nothing to check against yet.
    expect(await checkReceipt(db, { token: onP.code })).toMatchObject({ status: "notPublished", call: { id: s.callId } });

    setClock(AFTER_VOTING);
    await publishResults(db, promoter.admin.actor, { callId: s.callId });
    const results = (await getResults(db, s.callId))!.latest;
    expect(await checkReceipt(db, { token: onP.code.toLowerCase().replace(/-/g, " ") })).toEqual({
      status: "found",
      method: "approval",
      value: 1,
      version: 1,
      fingerprint: results.fingerprint,
      call: { id: s.callId, title: expect.any(String) },
      proposal: { reference: refP, title: expect.any(String) },
    });
    expect(await checkReceipt(db, { token: onQ.code })).toMatchObject({ status: "found", value: -1, proposal: { reference: refQ } });
    // The locator only says where to look: P's token behind Q's reference is nobody's ballot.
    expect(await checkReceipt(db, { token: receiptCode(refQ, onP.token) })).toEqual({ status: "notFound" });
    // An unknown reference, a changed token character, and a made-up token: the same "not found".
    expect(await checkReceipt(db, { token: receiptCode("ZZZ-1999-9999", onP.token) })).toEqual({ status: "notFound" });
    const flipped = onP.token.slice(0, -1) + (onP.token.endsWith("A") ? "B" : "A");
    expect(await checkReceipt(db, { token: receiptCode(refP, flipped) })).toEqual({ status: "notFound" });
    // An older code without the locator is still found, in this call or across published calls.
    expect(await checkReceipt(db, { token: formatToken(onP.token) })).toMatchObject({ status: "found", value: 1, proposal: { reference: refP } });
    expect(await checkReceipt(db, { callId: s.callId, token: onP.token })).toMatchObject({ status: "found", value: 1 });
    await expectAppError(checkReceipt(db, { token: "not a code" }), "VALIDATION");
  });
});
