import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callEvaluators, coalitionMembers, organisationMembers, type Call, type CallEvaluator } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { appUrl } from "@/lib/mail/config";
import { enqueueRenderedMail } from "@/lib/mail/outbox";
import { notifyUsers } from "@/lib/notifications/notify";
import { formatRomeIn } from "@/lib/time";
import { consolidationStarted, isApproved, loadCall } from "./committee-access";
import { appointmentProblem, compositionProblem, invitationProblem } from "./committee-policy";
import { acceptInvitationSchema, appointMemberSchema, evaluatorIdSchema, INVITATION_TTL_MS, inviteExpertSchema } from "./committee-schemas";
import { renderInvitationMail } from "./invitation-mail";

/**
 * The evaluation committee of a call: the promoter's representatives appoint people of the
 * coalition's member organisations or invite outside experts by link, name one chair, and
 * may remove an evaluator or change the chair until the chair starts consolidating.
 */

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Locks the call for one of its promoter's representatives; anyone else (and an unknown call) gets NOT_FOUND. */
async function lockCallForPromoter(tx: Tx, actor: Actor, callId: string): Promise<{ call: Call; organisationId: string }> {
  const call = await loadCall(tx, callId, "update");
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, call.coalitionId);
  if (!organisationId) throw new AppError("NOT_FOUND", "callNotFound");
  return { call, organisationId };
}

async function requireAppointable(tx: Tx, call: Call): Promise<void> {
  const problem = appointmentProblem(call, await isApproved(tx, call.id));
  if (problem) throw new AppError("INVALID_STATE", problem);
}

async function requireChairFree(tx: Tx, callId: string): Promise<void> {
  const [chair] = await tx
    .select({ id: callEvaluators.id })
    .from(callEvaluators)
    .where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.role, "chair"), isNull(callEvaluators.removedAt)));
  if (chair) throw new AppError("INVALID_STATE", "evaluationChairTaken", { role: ["evaluationChairTaken"] });
}

/**
 * A person removed from a committee is not appointed to it again: with a fresh appointment
 * (fresh reviews) a chair who has read every score, or a member whose declared conflict is
 * final, would come back and score knowing the others' scores.
 */
async function refuseRemovedBefore(tx: Tx, callId: string, userId: string): Promise<void> {
  const [removed] = await tx
    .select({ id: callEvaluators.id })
    .from(callEvaluators)
    .where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, userId), isNotNull(callEvaluators.removedAt)))
    .limit(1);
  if (removed) throw new AppError("CONFLICT", "evaluationRemovedBefore", { userId: ["evaluationRemovedBefore"] });
}

/**
 * Appoints a person of one of the coalition's member organisations (promoter included) to
 * the committee, as member or chair. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND (call,
 * or not the promoter), FORBIDDEN (the person is not of that member organisation),
 * INVALID_STATE (no evaluation, draft, approved, chair taken), CONFLICT (already appointed, or removed before).
 */
export async function appointMember(db: Db, actor: Actor | null, input: unknown): Promise<{ evaluatorId: string }> {
  const data = parseInput(appointMemberSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { call, organisationId } = await lockCallForPromoter(tx, who, data.callId);
    await requireAppointable(tx, call);
    const [person] = await tx
      .select({ userId: organisationMembers.userId })
      .from(organisationMembers)
      .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisationMembers.organisationId), eq(coalitionMembers.coalitionId, call.coalitionId)))
      .where(and(eq(organisationMembers.userId, data.userId), eq(organisationMembers.organisationId, data.organisationId)));
    if (!person) throw new AppError("FORBIDDEN", "evaluationNotAMember", { userId: ["evaluationNotAMember"] });
    const [existing] = await tx
      .select({ id: callEvaluators.id })
      .from(callEvaluators)
      .where(and(eq(callEvaluators.callId, call.id), eq(callEvaluators.userId, data.userId), isNull(callEvaluators.removedAt)));
    if (existing) throw new AppError("CONFLICT", "evaluationAlreadyAppointed", { userId: ["evaluationAlreadyAppointed"] });
    await refuseRemovedBefore(tx, call.id, data.userId);
    if (data.role === "chair") await requireChairFree(tx, call.id);
    const at = now();
    const [row] = await tx
      .insert(callEvaluators)
      .values({ callId: call.id, role: data.role, userId: data.userId, organisationId: data.organisationId, appointedBy: who.userId, appointedAt: at, acceptedAt: at })
      .returning({ id: callEvaluators.id });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "evaluation.evaluator_appointed",
      entityType: "call_evaluator",
      entityId: row.id,
      data: { callId: call.id, userId: data.userId, organisationId: data.organisationId, role: data.role },
    });
    await notifyUsers(
      tx,
      [data.userId],
      { kind: "evaluator_appointed", params: { call: call.title, role: data.role }, href: `/calls/${call.id}/evaluation/reviews`, dedupeKey: `evaluator_appointed:${row.id}` },
      { except: who.userId },
    );
    return { evaluatorId: row.id };
  });
}

/**
 * Invites an outside expert: a random token (only its SHA-256 kept) valid 14 days, mailed
 * through the outbox and returned once as a link for the promoter to pass on. Throws
 * UNAUTHENTICATED, VALIDATION, NOT_FOUND, INVALID_STATE (as appointMember).
 */
export async function inviteExpert(db: Db, actor: Actor | null, input: unknown, options: { locale?: Locale } = {}): Promise<{ evaluatorId: string; link: string }> {
  const data = parseInput(inviteExpertSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { call, organisationId } = await lockCallForPromoter(tx, who, data.callId);
    await requireAppointable(tx, call);
    if (data.role === "chair") await requireChairFree(tx, call.id);
    const token = randomBytes(32).toString("base64url");
    const at = now();
    const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
    const [row] = await tx
      .insert(callEvaluators)
      .values({
        callId: call.id,
        role: data.role,
        externalName: data.name,
        externalEmail: data.email.toLowerCase(),
        inviteTokenHash: hashInvitationToken(token),
        inviteExpiresAt: expiresAt,
        appointedBy: who.userId,
        appointedAt: at,
      })
      .returning({ id: callEvaluators.id });
    const link = `${appUrl()}/evaluation-invitations?token=${token}`;
    const locale = options.locale ?? "it";
    const mail = renderInvitationMail(locale, { name: data.name, callTitle: call.title, link, expires: formatRomeIn(expiresAt, locale, "il") });
    await enqueueRenderedMail(tx, { to: data.email, userId: null, kind: "evaluation_invitation", locale, ...mail });
    // The log keeps who was invited by name, never the address.
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "evaluation.expert_invited",
      entityType: "call_evaluator",
      entityId: row.id,
      data: { callId: call.id, name: data.name, role: data.role, expiresAt: expiresAt.toISOString() },
    });
    return { evaluatorId: row.id, link };
  });
}

/**
 * The invited expert, signed in with the invited address, accepts the invitation: the
 * appointment becomes theirs. Once only, before it expires, while still appointed. Throws
 * UNAUTHENTICATED, VALIDATION, NOT_FOUND (unknown token), INVALID_STATE (used, expired,
 * removed), FORBIDDEN (signed in with another address), CONFLICT (already on this committee).
 */
export async function acceptInvitation(db: Db, actor: Actor | null, input: unknown): Promise<{ callId: string }> {
  const { token } = parseInput(acceptInvitationSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const hash = hashInvitationToken(token);
    const [found] = await tx.select({ callId: callEvaluators.callId }).from(callEvaluators).where(eq(callEvaluators.inviteTokenHash, hash));
    if (!found) throw new AppError("NOT_FOUND", "evaluationInvitationInvalid");
    await loadCall(tx, found.callId, "update");
    const [row] = await tx.select().from(callEvaluators).where(eq(callEvaluators.inviteTokenHash, hash)).for("update");
    const at = now();
    const problem = invitationProblem(row, at);
    if (problem) throw new AppError("INVALID_STATE", problem);
    // Like an organisation's invitation, the link seats only the person it was sent to: a
    // forwarded or leaked link must not put someone else (a competitor's staff) on the committee.
    if (row.externalEmail && row.externalEmail !== who.email.toLowerCase()) throw new AppError("FORBIDDEN", "invitationOtherEmail");
    if (await isApproved(tx, row.callId)) throw new AppError("INVALID_STATE", "evaluationApproved");
    const [already] = await tx
      .select({ id: callEvaluators.id })
      .from(callEvaluators)
      .where(and(eq(callEvaluators.callId, row.callId), eq(callEvaluators.userId, who.userId), isNull(callEvaluators.removedAt), ne(callEvaluators.id, row.id)));
    if (already) throw new AppError("CONFLICT", "evaluationAlreadyAppointed");
    await refuseRemovedBefore(tx, row.callId, who.userId);
    await tx.update(callEvaluators).set({ userId: who.userId, acceptedAt: at }).where(eq(callEvaluators.id, row.id));
    await record(tx, {
      actorUserId: who.userId,
      action: "evaluation.invitation_accepted",
      entityType: "call_evaluator",
      entityId: row.id,
      data: { callId: row.callId },
    });
    return { callId: row.callId };
  });
}

/** Locks an evaluator and its call for the call's promoter, refusing once consolidation has started. */
async function lockEvaluatorForPromoter(tx: Tx, actor: Actor, evaluatorId: string): Promise<{ evaluator: CallEvaluator; call: Call; organisationId: string }> {
  const [found] = await tx.select({ callId: callEvaluators.callId }).from(callEvaluators).where(eq(callEvaluators.id, evaluatorId));
  if (!found) throw new AppError("NOT_FOUND", "evaluatorNotFound");
  const { call, organisationId } = await lockCallForPromoter(tx, actor, found.callId).catch(() => {
    throw new AppError("NOT_FOUND", "evaluatorNotFound");
  });
  const [evaluator] = await tx.select().from(callEvaluators).where(eq(callEvaluators.id, evaluatorId)).for("update");
  if (evaluator.removedAt) throw new AppError("INVALID_STATE", "evaluatorRemoved");
  const problem = compositionProblem(call, await isApproved(tx, call.id), await consolidationStarted(tx, call.id));
  if (problem) throw new AppError("INVALID_STATE", problem);
  return { evaluator, call, organisationId };
}

/**
 * Removes an evaluator (their rows stay for the record; they no longer count nor may act).
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, INVALID_STATE (removed already, consolidation started, approved).
 */
export async function removeEvaluator(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { evaluatorId } = parseInput(evaluatorIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { evaluator, call, organisationId } = await lockEvaluatorForPromoter(tx, who, evaluatorId);
    // An unused invitation dies with the appointment.
    await tx.update(callEvaluators).set({ removedAt: now(), inviteExpiresAt: evaluator.acceptedAt ? evaluator.inviteExpiresAt : now() }).where(eq(callEvaluators.id, evaluator.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "evaluation.evaluator_removed",
      entityType: "call_evaluator",
      entityId: evaluator.id,
      data: { callId: call.id, role: evaluator.role },
    });
  });
}

/**
 * Makes an evaluator the chair; the previous chair, if any, stays as a member. Throws
 * UNAUTHENTICATED, VALIDATION, NOT_FOUND, INVALID_STATE (removed, already chair, consolidation started, approved).
 */
export async function setChair(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { evaluatorId } = parseInput(evaluatorIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { evaluator, call, organisationId } = await lockEvaluatorForPromoter(tx, who, evaluatorId);
    if (evaluator.role === "chair") throw new AppError("INVALID_STATE", "evaluationAlreadyChair");
    await tx
      .update(callEvaluators)
      .set({ role: "member" })
      .where(and(eq(callEvaluators.callId, call.id), eq(callEvaluators.role, "chair"), isNull(callEvaluators.removedAt)));
    await tx.update(callEvaluators).set({ role: "chair" }).where(eq(callEvaluators.id, evaluator.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "evaluation.chair_changed",
      entityType: "call_evaluator",
      entityId: evaluator.id,
      data: { callId: call.id },
    });
  });
}
