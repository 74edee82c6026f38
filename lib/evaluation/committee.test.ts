import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { callEvaluations, calls, emailOutbox, notifications } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createUser, randomEmail, type TestUser } from "@/test/factories";
import { AFTER_SUBMISSION } from "@/test/proposals";
import { createCommitteeScenario, declareAndSubmit, scoresFor, type CommitteeScenario } from "@/test/evaluation";
import { createVotingScenario } from "@/test/voting";
import { acceptInvitation, appointMember, inviteExpert, removeEvaluator, setChair } from "./committee";
import { getConsolidation, getMyReview, listMyEvaluationCalls, listMyReviews, searchCandidates } from "./committee-queries";
import { approveEvaluation, consolidate } from "./consolidation";
import { evaluationReportFile } from "./report";
import { declare, saveScores, submitReview } from "./review";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

type Setup = CommitteeScenario;
const setup = () => createCommitteeScenario(db, "observer");
const scores = scoresFor;
const score = (t: Setup, who: TestUser, proposalId: string, points: [number, number]) => declareAndSubmit(db, t, who, proposalId, points);

describe("appointment", () => {
  it("only the promoter's representatives appoint, people of member organisations, one chair", async () => {
    const t = await setup();
    const outsider = await createUser(db);
    await expectAppError(appointMember(db, null, { callId: t.s.callId, userId: outsider.actor.userId, organisationId: t.s.firm.organisationId, role: "member" }), "UNAUTHENTICATED");
    await expectAppError(appointMember(db, t.leadPerson.actor, { callId: t.s.callId, userId: t.s.firm.admin.actor.userId, organisationId: t.s.firm.organisationId, role: "member" }), "NOT_FOUND");
    await expectAppError(appointMember(db, t.promoter.actor, { callId: t.s.callId, userId: outsider.actor.userId, organisationId: t.s.firm.organisationId, role: "member" }), "FORBIDDEN", "evaluationNotAMember");
    await expectAppError(appointMember(db, t.promoter.actor, { callId: t.s.callId, userId: t.uni.actor.userId, organisationId: t.s.university.organisationId, role: "member" }), "CONFLICT");
    await expectAppError(appointMember(db, t.promoter.actor, { callId: t.s.callId, userId: t.s.firm.admin.actor.userId, organisationId: t.s.firm.organisationId, role: "chair" }), "INVALID_STATE", "evaluationChairTaken");
    expect(await auditActionsFor(db, t.ids.chair)).toEqual(["evaluation.evaluator_appointed"]);
    // Each appointed person is told once, with a link to their appraisals; the promoter who appointed is not.
    const told = await db.select({ userId: notifications.userId, kind: notifications.kind, href: notifications.href, params: notifications.params }).from(notifications).where(eq(notifications.kind, "evaluator_appointed"));
    const ours = told.filter((n) => n.href === `/calls/${t.s.callId}/evaluation/reviews`);
    expect(ours.map((n) => n.userId).sort()).toEqual([t.uni, t.leadPerson, t.chair].map((p) => p.actor.userId).sort());
    expect(ours.find((n) => n.userId === t.chair.actor.userId)?.params).toMatchObject({ role: "chair" });
  });

  it("a call without evaluation has no committee", async () => {
    const s = await createVotingScenario(db);
    await expectAppError(
      appointMember(db, s.coalition.promoter.admin.actor, { callId: s.callId, userId: s.firm.admin.actor.userId, organisationId: s.firm.organisationId, role: "member" }),
      "INVALID_STATE",
      "evaluationNotUsed",
    );
  });

  it("the search finds people of member organisations by name, at most 20, for the promoter only and without e-mails", async () => {
    const t = await setup();
    const found = await searchCandidates(db, t.promoter.actor, t.s.callId, t.s.firm.admin.actor.name.slice(0, 12));
    expect(found?.some((p) => p.userId === t.s.firm.admin.actor.userId)).toBe(true);
    expect(JSON.stringify(found)).not.toContain("@");
    // Those already appointed are left out; short text gives nothing; others get null.
    expect((await searchCandidates(db, t.promoter.actor, t.s.callId, t.uni.actor.name))?.some((p) => p.userId === t.uni.actor.userId)).toBe(false);
    expect(await searchCandidates(db, t.promoter.actor, t.s.callId, "a")).toEqual([]);
    expect(await searchCandidates(db, t.uni.actor, t.s.callId, "Test")).toBeNull();
  });

  it("the chair changes and evaluators are removed until consolidation starts", async () => {
    const t = await setup();
    await expectAppError(setChair(db, t.uni.actor, { evaluatorId: t.ids.uni }), "NOT_FOUND");
    await setChair(db, t.promoter.actor, { evaluatorId: t.ids.uni });
    const committee = await getConsolidation(db, t.uni.actor, t.s.callId);
    expect(committee?.ready).toBe(false);
    expect(await getConsolidation(db, t.chair.actor, t.s.callId)).toBeNull();
    await setChair(db, t.promoter.actor, { evaluatorId: t.ids.chair });
    await removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.leadPerson });
    await expectAppError(removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.leadPerson }), "INVALID_STATE", "evaluatorRemoved");
    expect(await auditActionsFor(db, t.ids.leadPerson)).toEqual(["evaluation.evaluator_appointed", "evaluation.evaluator_removed"]);
    // A removed evaluator may no longer act nor read.
    setClock(AFTER_SUBMISSION);
    await expectAppError(declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p2, conflict: false }), "NOT_FOUND");
    expect(await listMyReviews(db, t.leadPerson.actor, t.s.callId)).toBeNull();
    // Consolidation started: the composition is frozen.
    await score(t, t.uni, t.p2, [10, 10]);
    await score(t, t.chair, t.p1, [20, 10]);
    await score(t, t.chair, t.p2, [12, 8]);
    await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false });
    await consolidate(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [11, 9]) });
    await expectAppError(removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.uni }), "INVALID_STATE", "evaluationConsolidationStarted");
    await expectAppError(setChair(db, t.promoter.actor, { evaluatorId: t.ids.uni }), "INVALID_STATE", "evaluationConsolidationStarted");
  });
});

describe("outside experts by link", () => {
  it("mails a link whose token is single use, refused when wrong or expired", async () => {
    const t = await setup();
    const email = randomEmail("expert");
    const { evaluatorId, link } = await inviteExpert(db, t.promoter.actor, { callId: t.s.callId, name: "Giulia Esperta", email, role: "member" });
    const token = new URL(link).searchParams.get("token")!;
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
    expect(mail.textBody).toContain(link);
    expect(mail.kind).toBe("evaluation_invitation");
    // Only the hash is kept.
    const stored = await db.execute(sql`select invite_token_hash from call_evaluators where id = ${evaluatorId}`);
    expect((stored as unknown as { rows: { invite_token_hash: string }[] }).rows[0].invite_token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await auditActionsFor(db, evaluatorId))).toContain("evaluation.expert_invited");

    const expert = await createUser(db, { email });
    await expectAppError(acceptInvitation(db, null, { token }), "UNAUTHENTICATED");
    await expectAppError(acceptInvitation(db, expert.actor, { token: `${token.slice(0, -2)}xx` }), "NOT_FOUND");
    expect(await acceptInvitation(db, expert.actor, { token })).toEqual({ callId: t.s.callId });
    const other = await createUser(db);
    await expectAppError(acceptInvitation(db, other.actor, { token }), "INVALID_STATE", "evaluationInvitationUsed");
    expect(await listMyEvaluationCalls(db, expert.actor)).toEqual([expect.objectContaining({ callId: t.s.callId, role: "member" })]);

    const late = await inviteExpert(db, t.promoter.actor, { callId: t.s.callId, name: "Tardi", email: randomEmail("late"), role: "member" });
    setClock(new Date(AFTER_SUBMISSION.getTime() + 40 * 24 * 3600_000));
    await expectAppError(acceptInvitation(db, other.actor, { token: new URL(late.link).searchParams.get("token")! }), "INVALID_STATE", "evaluationInvitationExpired");
  });

  it("an expert not yet accepted keeps the scores hidden from the chair", async () => {
    const t = await setup();
    await removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.leadPerson });
    const invited = await inviteExpert(db, t.promoter.actor, { callId: t.s.callId, name: "Esperto", email: randomEmail("x"), role: "member" });
    setClock(AFTER_SUBMISSION);
    await score(t, t.uni, t.p2, [10, 10]);
    await score(t, t.chair, t.p1, [20, 10]);
    await score(t, t.chair, t.p2, [12, 8]);
    expect((await getConsolidation(db, t.chair.actor, t.s.callId))?.ready).toBe(false);
    await removeEvaluator(db, t.promoter.actor, { evaluatorId: invited.evaluatorId });
    expect((await getConsolidation(db, t.chair.actor, t.s.callId))?.ready).toBe(true);
  });
});

describe("declarations, exclusions and scoring", () => {
  it("excludes automatically the lead's and the partners' people, and whoever declares a conflict", async () => {
    const t = await setup();
    await expectAppError(declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false }), "INVALID_STATE", "evaluationNotStarted");
    setClock(AFTER_SUBMISSION);
    expect(await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false })).toEqual({ excluded: "partner" });
    expect(await declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false })).toEqual({ excluded: "lead" });
    await expectAppError(saveScores(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, scores: scores(t.criteria, [1, 1]) }), "INVALID_STATE", "evaluationExcluded");
    await expectAppError(saveScores(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p1, scores: scores(t.criteria, [1, 1]) }), "INVALID_STATE", "evaluationDeclareFirst");
    // A declared conflict excludes too, and drops the draft.
    await declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p2, conflict: false });
    await saveScores(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [5, 5]) });
    expect(await declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p2, conflict: true })).toEqual({ excluded: "declared" });
    expect((await getMyReview(db, t.leadPerson.actor, t.s.callId, t.p2))?.scores).toEqual([]);
    const mine = await listMyReviews(db, t.leadPerson.actor, t.s.callId);
    expect(mine?.proposals.map((p) => [p.id, p.state, p.reason])).toEqual(
      expect.arrayContaining([
        [t.p1, "excluded", "lead"],
        [t.p2, "excluded", "declared"],
      ]),
    );
    // The exclusion follows the partnership at every read: the firm's person, appointed later, is excluded from p2 it leads.
    const firmPerson = t.s.firm.admin;
    await appointMember(db, t.promoter.actor, { callId: t.s.callId, userId: firmPerson.actor.userId, organisationId: t.s.firm.organisationId, role: "member" });
    expect((await getMyReview(db, firmPerson.actor, t.s.callId, t.p2))?.reason).toBe("lead");
    expect(JSON.stringify(await auditActionsFor(db, t.p1))).toContain("evaluation.declared");
  });

  it("only appointed evaluators score; points within the criterion; submission freezes", async () => {
    const t = await setup();
    setClock(AFTER_SUBMISSION);
    const stranger = await createUser(db);
    await expectAppError(declare(db, stranger.actor, { callId: t.s.callId, proposalId: t.p2, conflict: false }), "NOT_FOUND");
    await expectAppError(declare(db, null, { callId: t.s.callId, proposalId: t.p2, conflict: false }), "UNAUTHENTICATED");
    expect(await getMyReview(db, stranger.actor, t.s.callId, t.p2)).toBeNull();
    await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, conflict: false });
    await expectAppError(saveScores(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [31, 1]) }), "VALIDATION");
    await saveScores(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, scores: [{ criterionId: t.criteria[0].id, points: 12, justification: "" }] });
    await expectAppError(submitReview(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, scores: [{ criterionId: t.criteria[0].id, points: 12, justification: "" }] }), "VALIDATION", "evaluationIncomplete");
    await submitReview(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [12, 15]) });
    await expectAppError(saveScores(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [1, 1]) }), "INVALID_STATE", "evaluationSubmitted");
    await expectAppError(declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, conflict: true }), "INVALID_STATE", "evaluationSubmitted");
    expect((await getMyReview(db, t.uni.actor, t.s.callId, t.p2))?.scores.map((s) => s.points).sort()).toEqual([12, 15]);
    expect(await auditActionsFor(db, t.p2)).toEqual(["evaluation.declared", "evaluation.review_submitted"]);
  });
});

describe("independence, consolidation and approval", () => {
  it("no evaluator reads another's scores until every review is in; then the chair sees the spread", async () => {
    const t = await setup();
    setClock(AFTER_SUBMISSION);
    await score(t, t.uni, t.p2, [10, 15]);
    await score(t, t.chair, t.p2, [13, 8]);
    // The chair's own reads: their scores only; the consolidation: counts only.
    expect((await getMyReview(db, t.chair.actor, t.s.callId, t.p2))?.scores.map((s) => s.points).sort((a, b) => a - b)).toEqual([8, 13]);
    const early = await getConsolidation(db, t.chair.actor, t.s.callId);
    expect(early).toMatchObject({ ready: false, progress: { assigned: 4, submitted: 2 } });
    expect(JSON.stringify(early)).not.toContain("Motivato");
    expect(JSON.stringify(await listMyReviews(db, t.uni.actor, t.s.callId))).not.toContain("Motivato");
    await expectAppError(consolidate(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [11, 11]) }), "INVALID_STATE", "evaluationReviewsOutstanding");
    await score(t, t.leadPerson, t.p2, [12, 12]);
    await score(t, t.chair, t.p1, [20, 10]);
    await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false });
    await declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false });
    // Members other than the chair still see no one else's scores.
    expect(await getConsolidation(db, t.uni.actor, t.s.callId)).toBeNull();
    const ready = await getConsolidation(db, t.chair.actor, t.s.callId);
    if (!ready?.ready) throw new Error("not ready");
    const p2 = ready.proposals.find((p) => p.id === t.p2)!;
    expect(p2.criteria[0].scores.map((s) => s.points).sort((a, b) => a - b)).toEqual([10, 12, 13]);
    expect(p2.criteria[0].spread).toEqual({ count: 3, min: 10, max: 13, meanNum: 35, meanDen: 3 });
    expect(p2.criteria[1].spread).toMatchObject({ min: 8, max: 15, meanNum: 35, meanDen: 3 });
  });

  it("only the chair consolidates and approves; approval freezes everything and fixes the report", async () => {
    const t = await setup();
    setClock(AFTER_SUBMISSION);
    await score(t, t.uni, t.p2, [10, 15]);
    await score(t, t.chair, t.p2, [13, 8]);
    await score(t, t.leadPerson, t.p2, [12, 12]);
    await score(t, t.chair, t.p1, [20, 10]);
    await expectAppError(consolidate(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [11, 11]) }), "FORBIDDEN");
    await expectAppError(consolidate(db, t.promoter.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [11, 11]) }), "NOT_FOUND");
    await expectAppError(consolidate(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p2, scores: [scores(t.criteria, [11, 11])[0]] }), "VALIDATION", "evaluationIncomplete");
    await consolidate(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [11, 11], "Sintesi") });
    await expectAppError(approveEvaluation(db, t.chair.actor, { callId: t.s.callId }), "INVALID_STATE", "evaluationConsolidationIncomplete");
    await consolidate(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p1, scores: scores(t.criteria, [20, 10], "Sintesi") });
    await expectAppError(approveEvaluation(db, t.uni.actor, { callId: t.s.callId }), "FORBIDDEN");
    const { reportSha256 } = await approveEvaluation(db, t.chair.actor, { callId: t.s.callId });
    const [row] = await db.select().from(callEvaluations).where(eq(callEvaluations.callId, t.s.callId));
    expect(row.reportSha256).toBe(reportSha256);
    expect(await auditActionsFor(db, t.s.callId)).toContain("evaluation.approved");

    await expectAppError(approveEvaluation(db, t.chair.actor, { callId: t.s.callId }), "INVALID_STATE", "evaluationApproved");
    await expectAppError(consolidate(db, t.chair.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [1, 1]) }), "INVALID_STATE", "evaluationApproved");
    await expectAppError(declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false }), "INVALID_STATE", "evaluationApproved");
    await expectAppError(removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.uni }), "INVALID_STATE", "evaluationApproved");
    await expectAppError(
      appointMember(db, t.promoter.actor, { callId: t.s.callId, userId: t.s.firm.admin.actor.userId, organisationId: t.s.firm.organisationId, role: "member" }),
      "INVALID_STATE",
      "evaluationApproved",
    );

    // The report: the same bytes as approved, for the committee and the promoters; nobody else before the results.
    const file = await evaluationReportFile(db, t.chair.actor, t.s.callId, "it");
    expect(createHash("sha256").update(file!.bytes).digest("hex")).toBe(reportSha256);
    expect(await evaluationReportFile(db, t.promoter.actor, t.s.callId, "en")).not.toBeNull();
    const member = await addMember(db, t.s.firm, "member");
    expect(await evaluationReportFile(db, member.actor, t.s.callId, "it")).toBeNull();
    expect(await evaluationReportFile(db, null, t.s.callId, "it")).toBeNull();
    await db.update(calls).set({ status: "results" }).where(and(eq(calls.id, t.s.callId)));
    expect(await evaluationReportFile(db, null, t.s.callId, "it")).not.toBeNull();
  });
});
