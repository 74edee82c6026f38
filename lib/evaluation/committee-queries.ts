import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  callCriteria,
  callEvaluations,
  callEvaluators,
  calls,
  coalitionMembers,
  coalitions,
  evaluationConsolidatedScores,
  evaluationReviews,
  evaluationScores,
  organisationMembers,
  organisations,
  proposals,
  users,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { activeEvaluatorOf, allReviewsSubmitted, automaticExclusions, consolidationStarted, reviewsOutstanding } from "./committee-access";
import { APPRAISED_STATUSES, appointmentProblem, compositionProblem, reviewProblem, reviewState, spreadOf } from "./committee-policy";
import { hashInvitationToken } from "./committee";
import { SEARCH_MAX, SEARCH_MIN } from "./committee-schemas";

/**
 * Reads for the committee's pages, each scoped to the viewer. Independence: an evaluator's
 * reads select their own scores only (evaluator_id = theirs); the scores of others reach the
 * chair's consolidation read alone, and only once every review is submitted.
 */

export const REVIEWS_PAGE_SIZE = 50;
export const CONSOLIDATION_PAGE_SIZE = 10;
const SEARCH_LIMIT = 20;

const evaluatorName = sql<string>`coalesce(${users.name}, ${callEvaluators.externalName}, '')`;

async function callHeader(db: Db, callId: string) {
  const [call] = await db
    .select({
      id: calls.id,
      title: calls.title,
      status: calls.status,
      coalitionId: calls.coalitionId,
      coalitionSlug: coalitions.slug,
      coalitionName: coalitions.name,
      evaluationMode: calls.evaluationMode,
      submissionClosesAt: calls.submissionClosesAt,
      approvedAt: callEvaluations.approvedAt,
      reportSha256: callEvaluations.reportSha256,
    })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .leftJoin(callEvaluations, eq(callEvaluations.callId, calls.id))
    .where(eq(calls.id, callId));
  return call ?? null;
}

/**
 * The committee as its promoter sees it: each evaluator (name, role, organisation or outside
 * expert, invitation pending or expired) with their progress as counts, never scores. Null
 * for anyone but the call's promoters.
 */
export async function getCommitteeForPromoter(db: Db, viewer: Actor, callId: string) {
  const call = await callHeader(db, callId);
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const approved = call.approvedAt !== null;
  const started = await consolidationStarted(db, callId);
  const rows = await db
    .select({
      id: callEvaluators.id,
      role: callEvaluators.role,
      name: evaluatorName,
      organisation: organisations.legalName,
      isExpert: sql<boolean>`${callEvaluators.organisationId} is null`,
      acceptedAt: callEvaluators.acceptedAt,
      inviteExpiresAt: callEvaluators.inviteExpiresAt,
      submitted: sql<number>`(select count(*) from evaluation_reviews r where r.evaluator_id = ${callEvaluators.id} and r.submitted_at is not null)::int`,
      excluded: sql<number>`(select count(*) from evaluation_reviews r where r.evaluator_id = ${callEvaluators.id} and r.excluded is not null)::int`,
    })
    .from(callEvaluators)
    .leftJoin(users, eq(users.id, callEvaluators.userId))
    .leftJoin(organisations, eq(organisations.id, callEvaluators.organisationId))
    .where(and(eq(callEvaluators.callId, callId), isNull(callEvaluators.removedAt)))
    .orderBy(sql`${callEvaluators.role} = 'member'`, asc(callEvaluators.appointedAt), asc(callEvaluators.id))
    .limit(100);
  const [{ proposals: proposalCount }] = await db
    .select({ proposals: sql<number>`count(*)::int` })
    .from(proposals)
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])));
  const at = now();
  return {
    call,
    approved,
    appointProblem: appointmentProblem(call, approved),
    compositionProblem: compositionProblem(call, approved, started),
    proposalCount: Number(proposalCount),
    progress: await reviewsOutstanding(db, callId),
    evaluators: rows.map((r) => ({
      ...r,
      submitted: Number(r.submitted),
      excluded: Number(r.excluded),
      invitation: r.acceptedAt ? ("accepted" as const) : r.inviteExpiresAt && r.inviteExpiresAt.getTime() > at.getTime() ? ("pending" as const) : ("expired" as const),
    })),
  };
}

export type PromoterCommittee = NonNullable<Awaited<ReturnType<typeof getCommitteeForPromoter>>>;

/**
 * People the promoter may appoint: of the coalition's member organisations, whose name (or
 * organisation's name) contains the text, at most 20, never their e-mail. Those already on
 * the committee are left out. Null for anyone but the promoters; empty for a short text.
 */
export async function searchCandidates(db: Db, viewer: Actor, callId: string, text: string) {
  const call = await callHeader(db, callId);
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const q = text.trim();
  if (q.length < SEARCH_MIN || q.length > SEARCH_MAX) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ userId: users.id, name: users.name, organisationId: organisations.id, organisation: organisations.legalName })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, call.coalitionId)))
    .where(
      and(
        or(ilike(users.name, pattern), ilike(organisations.legalName, pattern)),
        sql`not exists (select 1 from call_evaluators e where e.call_id = ${callId} and e.user_id = ${users.id} and e.removed_at is null)`,
      ),
    )
    .orderBy(asc(users.name), asc(organisations.legalName), asc(users.id))
    .limit(SEARCH_LIMIT);
}

/**
 * The viewer's reviews on a call, 50 proposals a page: each proposal with the viewer's state
 * (excluded and why, to declare, to score, submitted). Of the others only counts. Null when
 * the viewer is not on the committee.
 */
export async function listMyReviews(db: Db, viewer: Actor, callId: string, page = 1) {
  const call = await callHeader(db, callId);
  const evaluator = call ? await activeEvaluatorOf(db, callId, viewer.userId) : null;
  if (!call || !evaluator) return null;
  const approved = call.approvedAt !== null;
  const problem = reviewProblem(call, approved, now());
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(proposals)
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])));
  const pages = Math.max(1, Math.ceil(Number(total) / REVIEWS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const rows =
    problem === "evaluationNotStarted"
      ? []
      : await db
          .select({
            id: proposals.id,
            reference: proposals.reference,
            title: proposals.title,
            leadName: organisations.legalName,
            conflict: evaluationReviews.conflict,
            submittedAt: evaluationReviews.submittedAt,
            scored: sql<number>`(select count(*) from evaluation_scores s where s.evaluator_id = ${evaluator.id} and s.proposal_id = ${proposals.id})::int`,
          })
          .from(proposals)
          .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
          .leftJoin(evaluationReviews, and(eq(evaluationReviews.proposalId, proposals.id), eq(evaluationReviews.evaluatorId, evaluator.id)))
          .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])))
          .orderBy(asc(proposals.reference), asc(proposals.id))
          .limit(REVIEWS_PAGE_SIZE)
          .offset((current - 1) * REVIEWS_PAGE_SIZE);
  const automatic = await automaticExclusions(db, evaluator, rows.map((r) => r.id));
  return {
    call,
    role: evaluator.role,
    problem,
    approved,
    progress: await reviewsOutstanding(db, callId),
    total: Number(total),
    page: current,
    pages,
    proposals: rows.map((r) => {
      const auto = automatic.get(r.id) ?? null;
      return {
        id: r.id,
        reference: r.reference,
        title: r.title,
        leadName: r.leadName,
        scored: Number(r.scored),
        state: reviewState({ conflict: r.conflict, submittedAt: r.submittedAt }, auto),
        reason: auto ?? (r.conflict ? ("declared" as const) : null),
      };
    }),
  };
}

/**
 * One proposal as its evaluator works on it: a summary, the criteria, the viewer's own
 * declaration and scores (only theirs). Null when the viewer is not on the committee or the
 * proposal is not appraised by it.
 */
export async function getMyReview(db: Db, viewer: Actor, callId: string, proposalId: string) {
  const call = await callHeader(db, callId);
  const evaluator = call ? await activeEvaluatorOf(db, callId, viewer.userId) : null;
  if (!call || !evaluator) return null;
  const [proposal] = await db
    .select({
      id: proposals.id,
      reference: proposals.reference,
      title: proposals.title,
      summary: proposals.summary,
      problem: proposals.problem,
      objectives: proposals.objectives,
      requestedCents: proposals.requestedCents,
      durationMonths: proposals.durationMonths,
      leadName: organisations.legalName,
    })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(and(eq(proposals.id, proposalId), eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])));
  if (!proposal) return null;
  const problem = reviewProblem(call, call.approvedAt !== null, now());
  if (problem === "evaluationNotStarted") return null;
  const [review] = await db
    .select({ conflict: evaluationReviews.conflict, declaredAt: evaluationReviews.declaredAt, submittedAt: evaluationReviews.submittedAt })
    .from(evaluationReviews)
    .where(and(eq(evaluationReviews.evaluatorId, evaluator.id), eq(evaluationReviews.proposalId, proposalId)));
  const criteria = await db
    .select({ id: callCriteria.id, name: callCriteria.name, description: callCriteria.description, maxPoints: callCriteria.maxPoints })
    .from(callCriteria)
    .where(eq(callCriteria.callId, callId))
    .orderBy(asc(callCriteria.position));
  const scores = await db
    .select({ criterionId: evaluationScores.criterionId, points: evaluationScores.points, justification: evaluationScores.justification })
    .from(evaluationScores)
    .where(and(eq(evaluationScores.evaluatorId, evaluator.id), eq(evaluationScores.proposalId, proposalId)));
  const auto = (await automaticExclusions(db, evaluator, [proposalId])).get(proposalId) ?? null;
  return {
    call,
    problem,
    proposal,
    criteria,
    scores,
    review: review ?? null,
    state: reviewState(review ?? null, auto),
    reason: auto ?? (review?.conflict ? ("declared" as const) : null),
  };
}

/**
 * The chair's consolidation: once every review is submitted, per proposal (10 a page) and
 * criterion each evaluator's points and justification, the spread and the consolidated score
 * so far. Before that only the counts (ready: false). Null for anyone but the chair.
 */
export async function getConsolidation(db: Db, viewer: Actor, callId: string, page = 1) {
  const call = await callHeader(db, callId);
  const evaluator = call ? await activeEvaluatorOf(db, callId, viewer.userId) : null;
  if (!call || !evaluator || evaluator.role !== "chair") return null;
  const progress = await reviewsOutstanding(db, callId);
  const approved = call.approvedAt !== null;
  if (!(await allReviewsSubmitted(db, callId))) return { call, approved, progress, ready: false as const };
  const criteria = await db
    .select({ id: callCriteria.id, name: callCriteria.name, maxPoints: callCriteria.maxPoints })
    .from(callCriteria)
    .where(eq(callCriteria.callId, callId))
    .orderBy(asc(callCriteria.position));
  const [{ total, complete }] = await db
    .select({
      total: sql<number>`count(*)::int`,
      complete: sql<number>`count(*) filter (where (select count(*) from evaluation_consolidated_scores c where c.proposal_id = ${proposals.id}) >= ${criteria.length})::int`,
    })
    .from(proposals)
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])));
  const pages = Math.max(1, Math.ceil(Number(total) / CONSOLIDATION_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const rows = await db
    .select({ id: proposals.id, reference: proposals.reference, title: proposals.title, leadName: organisations.legalName })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])))
    .orderBy(asc(proposals.reference), asc(proposals.id))
    .limit(CONSOLIDATION_PAGE_SIZE)
    .offset((current - 1) * CONSOLIDATION_PAGE_SIZE);
  const ids = rows.map((r) => r.id);
  const given = ids.length
    ? await db
        .select({
          proposalId: evaluationScores.proposalId,
          criterionId: evaluationScores.criterionId,
          points: evaluationScores.points,
          justification: evaluationScores.justification,
          evaluatorId: evaluationScores.evaluatorId,
          name: evaluatorName,
        })
        .from(evaluationScores)
        .innerJoin(callEvaluators, eq(callEvaluators.id, evaluationScores.evaluatorId))
        .innerJoin(evaluationReviews, and(eq(evaluationReviews.evaluatorId, evaluationScores.evaluatorId), eq(evaluationReviews.proposalId, evaluationScores.proposalId)))
        .leftJoin(users, eq(users.id, callEvaluators.userId))
        .where(and(inArray(evaluationScores.proposalId, ids), isNull(callEvaluators.removedAt), sql`${evaluationReviews.submittedAt} is not null`))
        .orderBy(asc(evaluatorName), asc(callEvaluators.id))
    : [];
  const consolidated = ids.length
    ? await db
        .select({ proposalId: evaluationConsolidatedScores.proposalId, criterionId: evaluationConsolidatedScores.criterionId, points: evaluationConsolidatedScores.points, justification: evaluationConsolidatedScores.justification })
        .from(evaluationConsolidatedScores)
        .where(inArray(evaluationConsolidatedScores.proposalId, ids))
    : [];
  return {
    call,
    approved,
    progress,
    ready: true as const,
    total: Number(total),
    complete: Number(complete),
    page: current,
    pages,
    criteria,
    proposals: rows.map((p) => ({
      ...p,
      criteria: criteria.map((c) => {
        const scores = given.filter((g) => g.proposalId === p.id && g.criterionId === c.id);
        const own = consolidated.find((x) => x.proposalId === p.id && x.criterionId === c.id) ?? null;
        return { criterionId: c.id, scores: scores.map((s) => ({ evaluatorId: s.evaluatorId, name: s.name, points: s.points, justification: s.justification })), spread: spreadOf(scores.map((s) => s.points)), consolidated: own };
      }),
    })),
  };
}

/** The calls whose committee the viewer sits on and whose appraisal is still open (the desk's "to appraise"), at most 20. */
export async function listMyEvaluationCalls(db: Db, viewer: Actor) {
  return db
    .select({ callId: calls.id, title: calls.title, role: callEvaluators.role })
    .from(callEvaluators)
    .innerJoin(calls, eq(calls.id, callEvaluators.callId))
    .leftJoin(callEvaluations, eq(callEvaluations.callId, calls.id))
    .where(and(eq(callEvaluators.userId, viewer.userId), isNull(callEvaluators.removedAt), isNull(callEvaluations.callId)))
    .orderBy(asc(calls.submissionClosesAt), asc(calls.id))
    .limit(20);
}

/** What the invitation page shows for a token: the call and the invited name, or why it cannot be used. */
export async function getInvitation(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({
      callId: callEvaluators.callId,
      userId: callEvaluators.userId,
      name: callEvaluators.externalName,
      role: callEvaluators.role,
      callTitle: calls.title,
      coalitionName: coalitions.name,
      acceptedAt: callEvaluators.acceptedAt,
      removedAt: callEvaluators.removedAt,
      inviteExpiresAt: callEvaluators.inviteExpiresAt,
    })
    .from(callEvaluators)
    .innerJoin(calls, eq(calls.id, callEvaluators.callId))
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(eq(callEvaluators.inviteTokenHash, hashInvitationToken(token)));
  return row ?? null;
}
