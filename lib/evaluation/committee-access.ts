import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callEvaluations, callEvaluators, calls, evaluationConsolidatedScores, proposals, type Call, type CallEvaluator } from "@/db/schema";
import { APPRAISED_STATUSES } from "./committee-policy";

/**
 * The committee's facts read from the database, shared by its services and queries. Every
 * check here runs at each read and write: an appointment, a removal or a new partner of a
 * proposal changes what the evaluator may do from the next request on.
 */

/** The call's appraisal has been approved (then everything is frozen). */
export async function isApproved(db: Db | Tx, callId: string): Promise<boolean> {
  const [row] = await db.select({ callId: callEvaluations.callId }).from(callEvaluations).where(eq(callEvaluations.callId, callId));
  return Boolean(row);
}

/** The chair has recorded at least one consolidated score. */
export async function consolidationStarted(db: Db | Tx, callId: string): Promise<boolean> {
  const [row] = await db.select({ p: evaluationConsolidatedScores.proposalId }).from(evaluationConsolidatedScores).where(eq(evaluationConsolidatedScores.callId, callId)).limit(1);
  return Boolean(row);
}

/** The actor's current appointment on the call (not removed, accepted when an expert), or null. */
export async function activeEvaluatorOf(db: Db | Tx, callId: string, userId: string): Promise<CallEvaluator | null> {
  const [row] = await db
    .select()
    .from(callEvaluators)
    .where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, userId), isNull(callEvaluators.removedAt)));
  return row ?? null;
}

/** A call, optionally locked: every committee write locks the call row first, then its own rows. */
export async function loadCall(db: Db | Tx, callId: string, lock?: "update" | "share"): Promise<Call | null> {
  const query = db.select().from(calls).where(eq(calls.id, callId));
  const [row] = lock ? await query.for(lock) : await query;
  return row ?? null;
}

/** SQL: the organisations an evaluator stands for (their appointment's and every one they belong to). */
function evaluatorOrganisations(evaluator: { userId: string | null; organisationId: string | null }) {
  return sql`(
    select om.organisation_id from organisation_members om where om.user_id = ${evaluator.userId}
    union select ${evaluator.organisationId}::uuid where ${evaluator.organisationId}::uuid is not null
  )`;
}

/**
 * Why the evaluator is excluded from the proposal automatically: one of their organisations
 * leads it ("lead") or is an accepted partner ("partner"); null otherwise.
 */
export async function automaticExclusion(db: Db | Tx, evaluator: { userId: string | null; organisationId: string | null }, proposalId: string): Promise<"lead" | "partner" | null> {
  const map = await automaticExclusions(db, evaluator, [proposalId]);
  return map.get(proposalId) ?? null;
}

/** automaticExclusion for many proposals at once (one statement). */
export async function automaticExclusions(db: Db | Tx, evaluator: { userId: string | null; organisationId: string | null }, proposalIds: string[]): Promise<Map<string, "lead" | "partner">> {
  const found = new Map<string, "lead" | "partner">();
  if (proposalIds.length === 0) return found;
  const orgs = evaluatorOrganisations(evaluator);
  const rows = await db.execute(sql`
    select p.id, case when p.lead_organisation_id in ${orgs} then 'lead' else 'partner' end as reason
    from proposals p
    where p.id in (${sql.join(
      proposalIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
      and (p.lead_organisation_id in ${orgs}
        or exists (select 1 from proposal_partners pp where pp.proposal_id = p.id and pp.status = 'accepted' and pp.organisation_id in ${orgs}))`);
  for (const r of (rows as unknown as { rows: { id: string; reason: "lead" | "partner" }[] }).rows) found.set(r.id, r.reason);
  return found;
}

/** The proposals the committee appraises, once the call's submission has closed. */
export async function appraisedProposalIds(db: Db | Tx, callId: string): Promise<string[]> {
  const rows = await db
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...APPRAISED_STATUSES])));
  return rows.map((r) => r.id);
}

/**
 * How many reviews of the call are still owed: for every current evaluator (an expert who has
 * not accepted yet counts too) and every appraised proposal, neither excluded (declared or
 * automatic) nor submitted. Independence holds until this is 0; with no evaluator or no
 * proposal nothing is complete (null).
 */
export async function reviewsOutstanding(db: Db | Tx, callId: string): Promise<{ outstanding: number; assigned: number; submitted: number } | null> {
  const result = await db.execute(sql`
    with ev as (select id, user_id, organisation_id from call_evaluators where call_id = ${callId} and removed_at is null),
    pr as (select id, lead_organisation_id from proposals where call_id = ${callId} and status in ('admissible', 'selected', 'not_selected')),
    pairs as (
      select ev.id as evaluator_id, pr.id as proposal_id, r.conflict, r.submitted_at,
        (pr.lead_organisation_id in (select om.organisation_id from organisation_members om where om.user_id = ev.user_id union select ev.organisation_id where ev.organisation_id is not null)
          or exists (select 1 from proposal_partners pp where pp.proposal_id = pr.id and pp.status = 'accepted'
            and pp.organisation_id in (select om.organisation_id from organisation_members om where om.user_id = ev.user_id union select ev.organisation_id where ev.organisation_id is not null))) as auto_excluded
      from ev cross join pr
      left join evaluation_reviews r on r.evaluator_id = ev.id and r.proposal_id = pr.id
    )
    select
      (select count(*) from ev)::int as evaluators,
      (select count(*) from pr)::int as proposals,
      count(*) filter (where not auto_excluded and coalesce(conflict, false) = false)::int as assigned,
      count(*) filter (where not auto_excluded and coalesce(conflict, false) = false and submitted_at is not null)::int as submitted
    from pairs`);
  const [row] = (result as unknown as { rows: { evaluators: number; proposals: number; assigned: number; submitted: number }[] }).rows;
  if (!row || Number(row.evaluators) === 0 || Number(row.proposals) === 0) return null;
  const assigned = Number(row.assigned);
  const submitted = Number(row.submitted);
  return { outstanding: assigned - submitted, assigned, submitted };
}

/** Every assigned, non-excluded review of the call has been submitted: the scores may now be seen by the chair. */
export async function allReviewsSubmitted(db: Db | Tx, callId: string): Promise<boolean> {
  const counts = await reviewsOutstanding(db, callId);
  return counts !== null && counts.assigned > 0 && counts.outstanding === 0;
}
