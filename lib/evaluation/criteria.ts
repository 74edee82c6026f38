import { asc, count, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCriteria, calls, type Call, type CallCriterion } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { promoterOrganisationsRepresentedBy, requireCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { areCriteriaEditable } from "./criteria-policy";
import {
  addCriterionSchema,
  criterionIdSchema,
  MAX_CRITERIA_PER_CALL,
  moveCriterionSchema,
  setEvaluationRuleSchema,
  updateCriterionSchema,
  type CriterionFields,
} from "./criteria-schemas";

/**
 * A call's evaluation criteria and how the appraisal combines with the vote (issue 14, item 5):
 * written by the promoter's representatives while the call is a draft; once published they are
 * part of its frozen rules (lib/calls/service.ts publishCall checks they fit together).
 */

function columnsOf(f: CriterionFields) {
  return { name: f.name, description: f.description, maxPoints: f.maxPoints };
}

/** Locks the call, checks the actor represents a promoter of its coalition and that it is still a draft. */
async function lockDraftCallForPromoter(tx: Tx, actor: Actor, callId: string): Promise<{ call: Call; organisationId: string }> {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  await requireCoalitionPromoter(tx, actor, call.coalitionId);
  if (!areCriteriaEditable(call)) throw new AppError("INVALID_STATE", "evaluationCriteriaFrozen");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, call.coalitionId);
  return { call, organisationId };
}

async function criterionFor(tx: Tx, criterionId: string): Promise<CallCriterion> {
  const [row] = await tx.select().from(callCriteria).where(eq(callCriteria.id, criterionId));
  if (!row) throw new AppError("NOT_FOUND", "criterionNotFound");
  return row;
}

/** A change to the rules moves the call's updated_at (the count's basis digests it). */
async function touch(tx: Tx, callId: string): Promise<void> {
  await tx.update(calls).set({ updatedAt: now() }).where(eq(calls.id, callId));
}

/**
 * A promoter adds a criterion to a draft call. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN, INVALID_STATE (published: frozen), CONFLICT (more than 12).
 */
export async function addCriterion(db: Db, actor: Actor | null, input: unknown): Promise<{ criterionId: string }> {
  const { callId, ...fields } = parseInput(addCriterionSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, callId);
    const [{ n }] = await tx.select({ n: count() }).from(callCriteria).where(eq(callCriteria.callId, call.id));
    if (n >= MAX_CRITERIA_PER_CALL) throw new AppError("CONFLICT", "criteriaTooMany", undefined, { values: { max: MAX_CRITERIA_PER_CALL } });
    const values = columnsOf(fields);
    const [row] = await tx
      .insert(callCriteria)
      .values({ ...values, callId: call.id, position: sql`(select coalesce(max(position), -1) + 1 from call_criteria where call_id = ${call.id})` })
      .returning({ id: callCriteria.id });
    await touch(tx, call.id);
    await record(tx, { actorUserId: who.userId, organisationId, action: "call.criterion_added", entityType: "call", entityId: call.id, data: { criterionId: row.id, ...values } });
    return { criterionId: row.id };
  });
}

/** A promoter changes a criterion of a draft call. Throws as addCriterion (but CONFLICT). */
export async function updateCriterion(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { criterionId, ...fields } = parseInput(updateCriterionSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const criterion = await criterionFor(tx, criterionId);
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, criterion.callId);
    const values = columnsOf(fields);
    await tx.update(callCriteria).set(values).where(eq(callCriteria.id, criterion.id));
    await touch(tx, call.id);
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.criterion_updated",
      entityType: "call",
      entityId: call.id,
      data: { criterionId: criterion.id, before: columnsOf(criterion), after: values },
    });
  });
}

/** A promoter removes a criterion from a draft call. Throws as updateCriterion. */
export async function removeCriterion(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { criterionId } = parseInput(criterionIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const criterion = await criterionFor(tx, criterionId);
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, criterion.callId);
    await tx.delete(callCriteria).where(eq(callCriteria.id, criterion.id));
    await touch(tx, call.id);
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.criterion_removed",
      entityType: "call",
      entityId: call.id,
      data: { criterionId: criterion.id, ...columnsOf(criterion) },
    });
  });
}

/** A promoter moves a criterion one place up or down (swapping with its neighbour). Throws as updateCriterion. */
export async function moveCriterion(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { criterionId, direction } = parseInput(moveCriterionSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const criterion = await criterionFor(tx, criterionId);
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, criterion.callId);
    const list = await tx.select({ id: callCriteria.id, position: callCriteria.position }).from(callCriteria).where(eq(callCriteria.callId, call.id)).orderBy(asc(callCriteria.position));
    const i = list.findIndex((c) => c.id === criterion.id);
    const j = direction === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= list.length) return;
    const [a, b] = [list[i], list[j]];
    // The (call, position) index is unique and not deferrable: park one row on a free position first.
    await tx.update(callCriteria).set({ position: -1 }).where(eq(callCriteria.id, a.id));
    await tx.update(callCriteria).set({ position: a.position }).where(eq(callCriteria.id, b.id));
    await tx.update(callCriteria).set({ position: b.position }).where(eq(callCriteria.id, a.id));
    await touch(tx, call.id);
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.criterion_moved",
      entityType: "call",
      entityId: call.id,
      data: { criterionId: criterion.id, direction, from: i + 1, to: j + 1 },
    });
  });
}

/**
 * A promoter sets how the appraisal combines with the vote: mode, minimum total and (weighted
 * only) the weight w in whole percent. Whether the minimum is reachable is checked at
 * publication, when the criteria are final. Throws as updateCriterion.
 */
export async function setEvaluationRule(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { callId, mode, minTotal, weightPercent } = parseInput(setEvaluationRuleSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, callId);
    const after = {
      evaluationMode: mode,
      evaluationMinTotal: mode === "none" ? 0 : minTotal,
      // Only the weighted mode uses w; the others keep what was set.
      evaluationWeightBp: mode === "weighted" ? weightPercent * 100 : call.evaluationWeightBp,
    };
    await tx.update(calls).set({ ...after, updatedAt: now() }).where(eq(calls.id, call.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.evaluation_rule_set",
      entityType: "call",
      entityId: call.id,
      data: {
        before: { mode: call.evaluationMode, minTotal: call.evaluationMinTotal, weightBp: call.evaluationWeightBp },
        after: { mode: after.evaluationMode, minTotal: after.evaluationMinTotal, weightBp: after.evaluationWeightBp },
      },
    });
  });
}

export type CriterionView = Pick<CallCriterion, "id" | "name" | "description" | "maxPoints" | "position">;

/**
 * The criteria of a call, in their order. Callers have already decided the viewer may see the
 * call (getCall: drafts for promoters only); a published call's criteria are public.
 */
export async function listCriteria(db: Db | Tx, callId: string): Promise<CriterionView[]> {
  return db
    .select({ id: callCriteria.id, name: callCriteria.name, description: callCriteria.description, maxPoints: callCriteria.maxPoints, position: callCriteria.position })
    .from(callCriteria)
    .where(eq(callCriteria.callId, callId))
    .orderBy(asc(callCriteria.position))
    .limit(MAX_CRITERIA_PER_CALL * 2);
}
