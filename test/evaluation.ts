import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callCriteria, calls } from "@/db/schema";
import { appointMember } from "@/lib/evaluation/committee";
import { declare, submitReview } from "@/lib/evaluation/review";
import type { TestUser } from "./factories";
import { createVotingScenario, type VotingScenario } from "./voting";

export type CommitteeScenario = {
  s: VotingScenario;
  promoter: TestUser;
  criteria: { id: string; maxPoints: number }[];
  /** p1: led by s.lead with s.university as partner; p2: led by s.firm. */
  p1: string;
  p2: string;
  /** The admins of the university (partner of p1), of the lead (lead of p1) and of the observer organisation. */
  uni: TestUser;
  leadPerson: TestUser;
  observer: TestUser;
  /** Whichever of leadPerson and observer was appointed chair. */
  chair: TestUser;
  ids: { uni: string; leadPerson: string; observer: string; chair: string };
};

/**
 * A published call with the weighted rule, two criteria (30 and 20 points), two admissible
 * proposals and a committee of three: the university's, the lead's and the observer
 * organisation's admins, `chair` naming which of the last two chairs.
 */
export async function createCommitteeScenario(db: Db, chair: "leadPerson" | "observer"): Promise<CommitteeScenario> {
  const s = await createVotingScenario(db);
  await db.update(calls).set({ evaluationMode: "weighted" }).where(eq(calls.id, s.callId));
  const criteria = await db
    .insert(callCriteria)
    .values([
      { callId: s.callId, position: 1, name: "Innovazione", maxPoints: 30 },
      { callId: s.callId, position: 2, name: "Fattibilità", maxPoints: 20 },
    ])
    .returning({ id: callCriteria.id, maxPoints: callCriteria.maxPoints });
  const p1 = await s.proposal({ partners: [s.university] });
  const p2 = await s.proposal({ lead: s.firm });
  const promoter = s.coalition.promoter.admin;
  const appoint = (who: TestUser, organisationId: string, role: "chair" | "member") =>
    appointMember(db, promoter.actor, { callId: s.callId, userId: who.actor.userId, organisationId, role }).then((r) => r.evaluatorId);
  const ids = {
    uni: await appoint(s.university.admin, s.university.organisationId, "member"),
    leadPerson: await appoint(s.lead.admin, s.lead.organisationId, chair === "leadPerson" ? "chair" : "member"),
    observer: await appoint(s.observer.admin, s.observer.organisationId, chair === "observer" ? "chair" : "member"),
  };
  const people = { uni: s.university.admin, leadPerson: s.lead.admin, observer: s.observer.admin };
  return { s, promoter, criteria, p1, p2, ...people, chair: people[chair], ids: { ...ids, chair: ids[chair] } };
}

/** One score per criterion, with a justification each. */
export const scoresFor = (criteria: CommitteeScenario["criteria"], points: [number, number], note = "Motivato") =>
  criteria.map((x, i) => ({ criterionId: x.id, points: points[i], justification: `${note} ${i}` }));

/** The evaluator declares no conflict on the proposal and submits these points. */
export async function declareAndSubmit(db: Db, t: CommitteeScenario, who: TestUser, proposalId: string, points: [number, number]): Promise<void> {
  await declare(db, who.actor, { callId: t.s.callId, proposalId, conflict: false });
  await submitReview(db, who.actor, { callId: t.s.callId, proposalId, scores: scoresFor(t.criteria, points) });
}
