import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCriteria, calls, meetingAgendaItems, meetingMinutes, type Call } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record, recordDecision } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { promoterOrganisationsRepresentedBy, requireCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { evaluationRuleProblem } from "@/lib/evaluation/criteria-policy";
import { notifyCallOpened } from "@/lib/notifications/triggers";
import { protocolThemesProblem } from "@/lib/protocol/call-themes";
import { callPhase, canArchive, isEditable, rulesOf, submissionExtensionProblem, validateCallRules } from "./policy";
import { callIdSchema, createCallSchema, extendSubmissionSchema, updateCallSchema, type CallFields } from "./schemas";

/** The columns a form's fields write. */
function columnsOf(f: CallFields) {
  return {
    title: f.title,
    description: f.description,
    themes: [...new Set(f.themes)],
    sectors: [...new Set(f.sectors)],
    budgetCents: f.budget,
    maxRequestCents: f.maxRequest,
    allowLowerRequest: f.allowLowerRequest ?? false,
    minCofinancingBp: f.minCofinancing,
    // Left out of the input: the stored values stay (the defaults on a new call).
    ...(f.advanceMax !== undefined ? { advanceMaxBp: f.advanceMax } : {}),
    ...(f.lineTolerance !== undefined ? { lineToleranceBp: f.lineTolerance } : {}),
    minPartners: f.minPartners,
    maxPartners: f.maxPartners,
    requiredPartnerKinds: [...new Set(f.requiredPartnerKinds)],
    leadKinds: [...new Set(f.leadKinds)],
    sizeClasses: [...new Set(f.sizeClasses)],
    submissionOpensAt: f.submissionOpensAt,
    submissionClosesAt: f.submissionClosesAt,
    votingOpensAt: f.votingOpensAt,
    votingClosesAt: f.votingClosesAt,
    questionsCloseAt: f.questionsCloseAt ?? null,
    votingMethod: f.votingMethod,
    quorumBp: f.quorum,
    ballotsPublic: f.ballotsPublic,
    ...(f.protocolThemes !== undefined ? { protocolThemes: [...new Set(f.protocolThemes)] } : {}),
  };
}

/** What the audit trail keeps of a call's rules: everything but the long description. */
function auditView(c: ReturnType<typeof columnsOf>) {
  const { description, ...rest } = c;
  return { ...rest, descriptionLength: description.length };
}

/** Locks the call and checks the actor promotes its coalition. Unknown calls are NOT_FOUND. */
async function lockCallForPromoter(tx: Tx, actor: Actor, callId: string): Promise<Call> {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  await requireCoalitionPromoter(tx, actor, call.coalitionId);
  return call;
}

/** The organisation the actor acts for as promoter, for the audit trail (called after requireCoalitionPromoter). */
async function actingOrganisation(tx: Tx, actor: Actor, coalitionId: string): Promise<string> {
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, coalitionId);
  return organisationId;
}

/**
 * A promoter creates a draft call in their coalition; its rules are checked only for
 * format (see publishCall). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN.
 */
export async function createCall(db: Db, actor: Actor | null, input: unknown): Promise<{ callId: string }> {
  const { coalitionId, ...fields } = parseInput(createCallSchema, input);
  const who = requireActor(actor);
  const values = columnsOf(fields);
  return db.transaction(async (tx) => {
    await requireCoalitionPromoter(tx, who, coalitionId);
    await protocolThemesProblem(tx, coalitionId, values.protocolThemes, true);
    const [call] = await tx
      .insert(calls)
      .values({ ...values, coalitionId, createdBy: who.userId, createdAt: now(), updatedAt: now() })
      .returning({ id: calls.id });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: await actingOrganisation(tx, who, coalitionId),
      action: "call.created",
      entityType: "call",
      entityId: call.id,
      data: { coalitionId, ...auditView(values) },
    });
    return { callId: call.id };
  });
}

/**
 * A promoter changes a draft. A published call's rules are frozen.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (not a draft).
 */
export async function updateCall(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { callId, ...fields } = parseInput(updateCallSchema, input);
  const who = requireActor(actor);
  const values = columnsOf(fields);
  await db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    if (!isEditable(call)) throw new AppError("INVALID_STATE", "callRulesFrozen");
    await protocolThemesProblem(tx, call.coalitionId, values.protocolThemes, true);
    await tx.update(calls).set({ ...values, updatedAt: now() }).where(eq(calls.id, callId));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: await actingOrganisation(tx, who, call.coalitionId),
      action: "call.updated",
      entityType: "call",
      entityId: callId,
      data: { before: auditView(columnsOf(rulesOf(call))), after: auditView(values) },
    });
  });
}

/**
 * A promoter publishes a draft whose rules fit together; otherwise VALIDATION with
 * every problem as field errors. From now on its phase follows its windows.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (not a draft).
 */
export async function publishCall(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    if (call.status !== "draft") throw new AppError("INVALID_STATE", "callAlreadyPublished");
    const at = now();
    const problems = validateCallRules(rulesOf(call), at);
    // The protocol's themes are frozen with the other rules: they must be the current protocol's.
    const themesProblem = await protocolThemesProblem(tx, call.coalitionId, call.protocolThemes, false);
    if (themesProblem) problems.protocolThemes = [themesProblem];
    if (Object.keys(problems).length > 0) throw new AppError("VALIDATION", "callRulesInvalid", problems);
    // The appraisal's rule (issue 14): criteria to score, and a minimum total that can be reached.
    const criteria = await tx.select({ maxPoints: callCriteria.maxPoints }).from(callCriteria).where(eq(callCriteria.callId, callId));
    const evaluationProblem = evaluationRuleProblem(call, criteria.map((c) => c.maxPoints));
    if (evaluationProblem) throw new AppError("VALIDATION", evaluationProblem.key, undefined, evaluationProblem.values ? { values: evaluationProblem.values } : undefined);
    await tx.update(calls).set({ status: "published", publishedAt: at, updatedAt: at }).where(eq(calls.id, callId));
    await notifyCallOpened(tx, { actorUserId: who.userId, callId });
    // Last in the transaction: the chain head it leaves is the anchor shown on the call's page.
    await recordDecision(tx, {
      actorUserId: who.userId,
      organisationId: await actingOrganisation(tx, who, call.coalitionId),
      action: "call.published",
      entityType: "call",
      entityId: callId,
      data: {
        before: "draft",
        after: "published",
        rules: auditView(columnsOf(rulesOf(call))),
        evaluation: { mode: call.evaluationMode, minTotal: call.evaluationMinTotal, weightBp: call.evaluationWeightBp, criteria: criteria.length },
      },
    });
  });
}

/**
 * While submission is open, a promoter moves its deadline later (never earlier, and not
 * past the opening of the vote), giving a reason that the audit trail keeps.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (not open).
 */
export async function extendSubmissionDeadline(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { callId, submissionClosesAt, reason } = parseInput(extendSubmissionSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    const at = now();
    const problem = submissionExtensionProblem(call, submissionClosesAt, at);
    if (problem === "callNotOpen") throw new AppError("INVALID_STATE", problem);
    if (problem) throw new AppError("VALIDATION", problem, { submissionClosesAt: [problem] });
    await tx.update(calls).set({ submissionClosesAt, updatedAt: at }).where(eq(calls.id, callId));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: await actingOrganisation(tx, who, call.coalitionId),
      action: "call.submission_extended",
      entityType: "call",
      entityId: callId,
      data: {
        before: call.submissionClosesAt!.toISOString(),
        after: submissionClosesAt.toISOString(),
        reason,
      },
    });
  });
}

/**
 * A promoter (a representative of the promoter organisation) deletes a draft call: a draft
 * was never public and has no proposals, so nothing else points at it. The audit entry
 * keeps what the draft said. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN,
 * INVALID_STATE (published: a public call is archived, never deleted; named by approved minutes).
 */
export async function deleteDraftCall(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    if (!isEditable(call)) throw new AppError("INVALID_STATE", "callAlreadyPublished");
    // Approved minutes may name the draft (a decision to publish it): deleting it would null
    // their decision_call_id (on delete set null) and change frozen, hashed minutes.
    const [named] = await tx
      .select({ id: meetingAgendaItems.id })
      .from(meetingAgendaItems)
      .innerJoin(meetingMinutes, and(eq(meetingMinutes.meetingId, meetingAgendaItems.meetingId), eq(meetingMinutes.status, "approved")))
      .where(eq(meetingAgendaItems.decisionCallId, callId))
      .limit(1);
    if (named) throw new AppError("INVALID_STATE", "callNamedInApprovedMinutes");
    const organisationId = await actingOrganisation(tx, who, call.coalitionId);
    await tx.delete(calls).where(eq(calls.id, callId));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.deleted",
      entityType: "call",
      entityId: callId,
      data: { coalitionId: call.coalitionId, before: "draft", rules: auditView(columnsOf(rulesOf(call))) },
    });
  });
}

/**
 * A promoter archives a call whose results are published.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (not in results).
 */
export async function archiveCall(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    const at = now();
    const phase = callPhase(call, at);
    if (!canArchive(phase)) throw new AppError("INVALID_STATE", "callNotInResults");
    await tx.update(calls).set({ status: "archived", archivedAt: at, updatedAt: at }).where(eq(calls.id, callId));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: await actingOrganisation(tx, who, call.coalitionId),
      action: "call.archived",
      entityType: "call",
      entityId: callId,
      data: { before: call.status, after: "archived" },
    });
  });
}
