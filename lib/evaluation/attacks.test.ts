import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { testDb } from "@/test/db";
import { createUser, randomEmail, type TestUser } from "@/test/factories";
import { AFTER_SUBMISSION } from "@/test/proposals";
import { createCommitteeScenario, declareAndSubmit, scoresFor, type CommitteeScenario } from "@/test/evaluation";
import { acceptInvitation, appointMember, inviteExpert, removeEvaluator, setChair } from "./committee";
import { getConsolidation, getMyReview } from "./committee-queries";
import { consolidate } from "./consolidation";
import { declare, saveScores } from "./review";

/**
 * Attacks on the evaluation committee (issue 14 review): a withdrawn conflict declaration,
 * and a chair consolidating a proposal they are excluded from.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

type Setup = CommitteeScenario;
const setup = () => createCommitteeScenario(db, "leadPerson");
const scores = scoresFor;
const score = (t: Setup, who: TestUser, proposalId: string, points: [number, number]) => declareAndSubmit(db, t, who, proposalId, points);

describe("a declared conflict of interest", () => {
  it("cannot be withdrawn: the evaluator stays excluded and may not score", async () => {
    const t = await setup();
    setClock(AFTER_SUBMISSION);
    expect(await declare(db, t.observer.actor, { callId: t.s.callId, proposalId: t.p2, conflict: true })).toEqual({ excluded: "declared" });
    await expectAppError(declare(db, t.observer.actor, { callId: t.s.callId, proposalId: t.p2, conflict: false }), "INVALID_STATE", "evaluationExcluded");
    await expectAppError(saveScores(db, t.observer.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [30, 20]) }), "INVALID_STATE", "evaluationExcluded");
    expect((await getMyReview(db, t.observer.actor, t.s.callId, t.p2))?.state).toBe("excluded");
  });

  it("cannot be withdrawn by a chair who has read the others' scores meanwhile", async () => {
    const t = await setup();
    // The observer's person chairs; the lead's person is a member excluded from p1 it leads.
    await setChair(db, t.promoter.actor, { evaluatorId: t.ids.observer });
    setClock(AFTER_SUBMISSION);
    await declare(db, t.observer.actor, { callId: t.s.callId, proposalId: t.p2, conflict: true });
    await score(t, t.observer, t.p1, [20, 10]);
    await score(t, t.uni, t.p2, [10, 15]);
    await score(t, t.leadPerson, t.p2, [12, 12]);
    // Every review is in: the chair reads the others' scores of p2...
    expect((await getConsolidation(db, t.observer.actor, t.s.callId))?.ready).toBe(true);
    // ...and may not then turn into an evaluator of p2.
    await expectAppError(declare(db, t.observer.actor, { callId: t.s.callId, proposalId: t.p2, conflict: false }), "INVALID_STATE", "evaluationExcluded");
  });
});

describe("a chair excluded from a proposal", () => {
  it("may not consolidate until the promoter names a chair free of conflicts", async () => {
    const t = await setup();
    setClock(AFTER_SUBMISSION);
    // The chair (the lead's person) is excluded from p1, which its organisation leads.
    expect(await declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false })).toEqual({ excluded: "lead" });
    await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false });
    await score(t, t.observer, t.p1, [20, 10]);
    await score(t, t.uni, t.p2, [10, 15]);
    await score(t, t.leadPerson, t.p2, [12, 12]);
    await score(t, t.observer, t.p2, [13, 8]);
    // Neither the proposal it leads nor any other (consolidation would start and freeze the chair).
    await expectAppError(consolidate(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p1, scores: scores(t.criteria, [30, 20]) }), "INVALID_STATE", "evaluationChairExcluded");
    await expectAppError(consolidate(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p2, scores: scores(t.criteria, [1, 1]) }), "INVALID_STATE", "evaluationChairExcluded");
    // The promoter can still change the chair, who consolidates.
    await setChair(db, t.promoter.actor, { evaluatorId: t.ids.observer });
    await consolidate(db, t.observer.actor, { callId: t.s.callId, proposalId: t.p1, scores: scores(t.criteria, [20, 10]) });
  });
});

describe("an outside expert's invitation", () => {
  it("seats only the person it was sent to: a forwarded or leaked link is refused to another account", async () => {
    const t = await setup();
    const email = randomEmail("expert");
    const { link } = await inviteExpert(db, t.promoter.actor, { callId: t.s.callId, name: "Giulia Esperta", email: email.toUpperCase(), role: "member" });
    const token = new URL(link).searchParams.get("token")!;
    // A person of a competing lead organisation holding the link, and a stranger: refused, the link stays usable.
    await expectAppError(acceptInvitation(db, t.s.firm.admin.actor, { token }), "FORBIDDEN", "invitationOtherEmail");
    await expectAppError(acceptInvitation(db, (await createUser(db)).actor, { token }), "FORBIDDEN", "invitationOtherEmail");
    const expert = await createUser(db, { email });
    expect(await acceptInvitation(db, expert.actor, { token })).toEqual({ callId: t.s.callId });
  });
});

describe("a removed evaluator", () => {
  it("is not appointed again: a chair who has read every score, or a member who declared a conflict, cannot come back with fresh reviews", async () => {
    const t = await setup();
    await setChair(db, t.promoter.actor, { evaluatorId: t.ids.observer });
    setClock(AFTER_SUBMISSION);
    await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p2, conflict: true });
    await declare(db, t.uni.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false });
    await declare(db, t.leadPerson.actor, { callId: t.s.callId, proposalId: t.p1, conflict: false });
    await score(t, t.observer, t.p1, [20, 10]);
    await score(t, t.observer, t.p2, [13, 8]);
    await score(t, t.leadPerson, t.p2, [12, 12]);
    expect((await getConsolidation(db, t.observer.actor, t.s.callId))?.ready).toBe(true);
    // The chair has read the spread; removed and appointed again they would score afresh knowing it.
    await removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.observer });
    const again = { callId: t.s.callId, userId: t.observer.actor.userId, organisationId: t.s.observer.organisationId, role: "member" as const };
    await expectAppError(appointMember(db, t.promoter.actor, again), "CONFLICT", "evaluationRemovedBefore");
    // The same for a member whose declared conflict is final.
    await removeEvaluator(db, t.promoter.actor, { evaluatorId: t.ids.uni });
    await expectAppError(
      appointMember(db, t.promoter.actor, { callId: t.s.callId, userId: t.uni.actor.userId, organisationId: t.s.university.organisationId, role: "member" }),
      "CONFLICT",
      "evaluationRemovedBefore",
    );
    // Nor through an expert's invitation sent to their address.
    const { link } = await inviteExpert(db, t.promoter.actor, { callId: t.s.callId, name: "Di nuovo", email: t.observer.actor.email, role: "member" });
    await expectAppError(acceptInvitation(db, t.observer.actor, { token: new URL(link).searchParams.get("token")! }), "CONFLICT", "evaluationRemovedBefore");
  });
});
