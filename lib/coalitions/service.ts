import { and, eq, like } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitionJoinRequests, coalitionMembers, coalitions, organisations } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { getMembership, requireOrganisationPermission, requireRepresentative } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { getMunicipality } from "@/lib/municipalities";
import { notifyCoalitionInvitation, notifyCoalitionJoinRequest, notifyCoalitionRequestAnswered } from "@/lib/notifications/triggers";
import { ensureCoalitionVoterSnapshots, ensureVoterSnapshotsForJoinRequest, withdrawFromPendingVotes } from "@/lib/voting/snapshot";
import { requireCoalitionPromoter } from "./access";
import { keepsAPromoter, slugify } from "./policy";
import {
  createCoalitionSchema,
  decideJoinRequestSchema,
  inviteOrganisationSchema,
  leaveCoalitionSchema,
  removeCoalitionMemberSchema,
  requestToJoinSchema,
  respondToInvitationSchema,
  setCoalitionMemberSchema,
} from "./schemas";

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await tx.select({ slug: coalitions.slug }).from(coalitions).where(like(coalitions.slug, `${base}%`))).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * A representative of a verified public body (or a platform admin) creates a coalition
 * promoted by that body. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN.
 */
export async function createCoalition(db: Db, actor: Actor | null, input: unknown): Promise<{ coalitionId: string; slug: string }> {
  const data = parseInput(createCoalitionSchema, input);
  const who = requireActor(actor);
  const unknown = data.territory.filter((code) => !getMunicipality(code));
  if (unknown.length > 0) throw new AppError("VALIDATION", "invalidInput", { territory: ["municipalityUnknown"] });
  const territory = [...new Set(data.territory)];
  return db.transaction(async (tx) => {
    const [promoter] = await tx
      .select({ kind: organisations.kind, status: organisations.status })
      .from(organisations)
      .where(eq(organisations.id, data.promoterOrganisationId));
    const membership = promoter ? await getMembership(tx, who, data.promoterOrganisationId) : null;
    if (!promoter || (!membership && !who.isPlatformAdmin)) throw new AppError("NOT_FOUND", "organisationNotFound");
    if (membership && !membership.represents && !who.isPlatformAdmin) throw new AppError("FORBIDDEN", "notRepresentative");
    if (promoter.kind !== "public_body" || promoter.status !== "verified") {
      throw new AppError("FORBIDDEN", "promoterMustBeVerifiedPublicBody", { promoterOrganisationId: ["promoterMustBeVerifiedPublicBody"] });
    }
    const slug = await uniqueSlug(tx, data.name);
    const [coalition] = await tx
      .insert(coalitions)
      .values({ slug, name: data.name, description: data.description, territory, promoterOrganisationId: data.promoterOrganisationId })
      .returning({ id: coalitions.id });
    await tx.insert(coalitionMembers).values({ coalitionId: coalition.id, organisationId: data.promoterOrganisationId, role: "promoter", weight: 1 });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.promoterOrganisationId,
      action: "coalition.created",
      entityType: "coalition",
      entityId: coalition.id,
      data: { name: data.name, slug, territory },
    });
    return { coalitionId: coalition.id, slug };
  });
}

async function requireVerifiedNonMember(tx: Tx, coalitionId: string, organisationId: string) {
  const [org] = await tx.select({ status: organisations.status }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org) throw new AppError("NOT_FOUND", "organisationNotFound", { organisationId: ["organisationNotFound"] });
  if (org.status !== "verified") throw new AppError("INVALID_STATE", "organisationNotVerified", { organisationId: ["organisationNotVerified"] });
  const [member] = await tx
    .select({ id: coalitionMembers.id })
    .from(coalitionMembers)
    .where(and(eq(coalitionMembers.coalitionId, coalitionId), eq(coalitionMembers.organisationId, organisationId)));
  if (member) throw new AppError("CONFLICT", "alreadyCoalitionMember", { organisationId: ["alreadyCoalitionMember"] });
}

function pendingConflict(error: unknown): never {
  if (isUniqueViolation(error, "coalition_join_requests_one_pending")) {
    throw new AppError("CONFLICT", "joinRequestPending", { organisationId: ["joinRequestPending"] });
  }
  throw error;
}

/** A promoter invites a verified organisation with a role and weight. Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, INVALID_STATE, CONFLICT. */
export async function inviteOrganisationToCoalition(db: Db, actor: Actor | null, input: unknown): Promise<{ requestId: string }> {
  const data = parseInput(inviteOrganisationSchema, input);
  const who = requireActor(actor);
  try {
    return await db.transaction(async (tx) => {
      await requireCoalitionPromoter(tx, who, data.coalitionId);
      await requireVerifiedNonMember(tx, data.coalitionId, data.organisationId);
      const [row] = await tx
        .insert(coalitionJoinRequests)
        .values({ coalitionId: data.coalitionId, organisationId: data.organisationId, direction: "invitation", role: data.role, weight: data.weight, createdBy: who.userId })
        .returning({ id: coalitionJoinRequests.id });
      await record(tx, {
        actorUserId: who.userId,
        organisationId: data.organisationId,
        action: "coalition.invitation_sent",
        entityType: "coalition",
        entityId: data.coalitionId,
        data: { requestId: row.id, role: data.role, weight: data.weight },
      });
      await notifyCoalitionInvitation(tx, { actorUserId: who.userId, requestId: row.id, coalitionId: data.coalitionId, organisationId: data.organisationId });
      return { requestId: row.id };
    });
  } catch (error) {
    pendingConflict(error);
  }
}

/**
 * A representative of the organisation (an admin or a member an admin named) asks to join,
 * with a motivation. Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, INVALID_STATE, CONFLICT.
 */
export async function requestToJoinCoalition(db: Db, actor: Actor | null, input: unknown): Promise<{ requestId: string }> {
  const data = parseInput(requestToJoinSchema, input);
  const who = requireActor(actor);
  try {
    return await db.transaction(async (tx) => {
      await requireRepresentative(tx, who, data.organisationId);
      const [coalition] = await tx.select({ id: coalitions.id }).from(coalitions).where(eq(coalitions.id, data.coalitionId));
      if (!coalition) throw new AppError("NOT_FOUND", "coalitionNotFound");
      await requireVerifiedNonMember(tx, data.coalitionId, data.organisationId);
      const [row] = await tx
        .insert(coalitionJoinRequests)
        .values({ coalitionId: data.coalitionId, organisationId: data.organisationId, direction: "request", motivation: data.motivation, createdBy: who.userId })
        .returning({ id: coalitionJoinRequests.id });
      await record(tx, {
        actorUserId: who.userId,
        organisationId: data.organisationId,
        action: "coalition.join_requested",
        entityType: "coalition",
        entityId: data.coalitionId,
        data: { requestId: row.id, motivation: data.motivation },
      });
      await notifyCoalitionJoinRequest(tx, { actorUserId: who.userId, requestId: row.id, coalitionId: data.coalitionId, organisationId: data.organisationId });
      return { requestId: row.id };
    });
  } catch (error) {
    pendingConflict(error);
  }
}

async function lockPendingRequest(tx: Tx, requestId: string, direction: "request" | "invitation") {
  const [req] = await tx.select().from(coalitionJoinRequests).where(eq(coalitionJoinRequests.id, requestId)).for("update");
  if (!req || req.direction !== direction) throw new AppError("NOT_FOUND", "joinRequestNotFound");
  if (req.status !== "pending") throw new AppError("INVALID_STATE", "joinRequestDecided");
  return req;
}

async function admit(tx: Tx, req: { coalitionId: string; organisationId: string }, role: "promoter" | "member" | "observer", weight: number) {
  await requireVerifiedNonMember(tx, req.coalitionId, req.organisationId);
  await tx.insert(coalitionMembers).values({ coalitionId: req.coalitionId, organisationId: req.organisationId, role, weight });
}

/** A promoter accepts (with role and weight) or declines (with a reason) a request to join. */
export async function decideJoinRequest(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(decideJoinRequestSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    await ensureVoterSnapshotsForJoinRequest(tx, data.requestId, who.userId);
    const req = await lockPendingRequest(tx, data.requestId, "request");
    await requireCoalitionPromoter(tx, who, req.coalitionId);
    const accepted = data.decision === "accept";
    if (accepted) await admit(tx, req, data.role, data.weight);
    await tx
      .update(coalitionJoinRequests)
      .set({
        status: accepted ? "accepted" : "declined",
        decidedBy: who.userId,
        decidedAt: now(),
        decisionReason: accepted ? null : data.reason,
        ...(accepted ? { role: data.role, weight: data.weight } : {}),
      })
      .where(eq(coalitionJoinRequests.id, req.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: req.organisationId,
      action: accepted ? "coalition.member_admitted" : "coalition.join_declined",
      entityType: "coalition",
      entityId: req.coalitionId,
      data: accepted ? { requestId: req.id, role: data.role, weight: data.weight } : { requestId: req.id, reason: data.reason },
    });
    await notifyCoalitionRequestAnswered(tx, { actorUserId: who.userId, requestId: req.id, coalitionId: req.coalitionId, organisationId: req.organisationId, direction: "request", accepted });
  });
}

/** A representative of the invited organisation accepts or declines an invitation. Throws …, NOT_FOUND, FORBIDDEN (not a representative). */
export async function respondToCoalitionInvitation(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(respondToInvitationSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    await ensureVoterSnapshotsForJoinRequest(tx, data.requestId, who.userId);
    const req = await lockPendingRequest(tx, data.requestId, "invitation");
    await requireRepresentative(tx, who, req.organisationId);
    const accepted = data.decision === "accept";
    if (accepted) await admit(tx, req, req.role, req.weight);
    await tx
      .update(coalitionJoinRequests)
      .set({ status: accepted ? "accepted" : "declined", decidedBy: who.userId, decidedAt: now() })
      .where(eq(coalitionJoinRequests.id, req.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: req.organisationId,
      action: accepted ? "coalition.member_admitted" : "coalition.invitation_declined",
      entityType: "coalition",
      entityId: req.coalitionId,
      data: { requestId: req.id, role: req.role, weight: req.weight },
    });
    await notifyCoalitionRequestAnswered(tx, { actorUserId: who.userId, requestId: req.id, coalitionId: req.coalitionId, organisationId: req.organisationId, direction: "invitation", accepted });
  });
}

async function lockCoalitionMembers(tx: Tx, coalitionId: string) {
  return tx
    .select({ organisationId: coalitionMembers.organisationId, role: coalitionMembers.role, weight: coalitionMembers.weight })
    .from(coalitionMembers)
    .where(eq(coalitionMembers.coalitionId, coalitionId))
    .for("update");
}

/** A promoter sets a member's role and voting weight. Throws …, INVALID_STATE (last promoter). */
export async function setCoalitionMember(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(setCoalitionMemberSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    await ensureCoalitionVoterSnapshots(tx, data.coalitionId, who.userId);
    await requireCoalitionPromoter(tx, who, data.coalitionId);
    const members = await lockCoalitionMembers(tx, data.coalitionId);
    const target = members.find((m) => m.organisationId === data.organisationId);
    if (!target) throw new AppError("NOT_FOUND", "coalitionMemberNotFound");
    if (target.role === data.role && target.weight === data.weight) return;
    const promoterCount = members.filter((m) => m.role === "promoter").length;
    if (!keepsAPromoter({ promoterCount, currentRole: target.role, newRole: data.role })) throw new AppError("INVALID_STATE", "lastPromoter");
    await tx
      .update(coalitionMembers)
      .set({ role: data.role, weight: data.weight })
      .where(and(eq(coalitionMembers.coalitionId, data.coalitionId), eq(coalitionMembers.organisationId, data.organisationId)));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "coalition.member_changed",
      entityType: "coalition",
      entityId: data.coalitionId,
      data: { before: { role: target.role, weight: target.weight }, after: { role: data.role, weight: data.weight } },
    });
  });
}

/**
 * Ends a membership. The caller has taken the coalition's voter snapshots first, so the
 * organisation is then dropped from the votes not yet published (withdrawFromPendingVotes):
 * whether removed for cause or leaving, it takes no part in those counts.
 */
async function removeMembership(
  tx: Tx,
  who: Actor,
  input: { coalitionId: string; organisationId: string; reason: string | null; action: "coalition.member_removed" | "coalition.member_left" },
) {
  const members = await lockCoalitionMembers(tx, input.coalitionId);
  const target = members.find((m) => m.organisationId === input.organisationId);
  if (!target) throw new AppError("NOT_FOUND", "coalitionMemberNotFound");
  const promoterCount = members.filter((m) => m.role === "promoter").length;
  if (!keepsAPromoter({ promoterCount, currentRole: target.role, newRole: null })) throw new AppError("INVALID_STATE", "lastPromoter");
  await tx
    .delete(coalitionMembers)
    .where(and(eq(coalitionMembers.coalitionId, input.coalitionId), eq(coalitionMembers.organisationId, input.organisationId)));
  await record(tx, {
    actorUserId: who.userId,
    organisationId: input.organisationId,
    action: input.action,
    entityType: "coalition",
    entityId: input.coalitionId,
    data: { role: target.role, weight: target.weight, reason: input.reason },
  });
  await withdrawFromPendingVotes(tx, {
    coalitionId: input.coalitionId,
    organisationId: input.organisationId,
    reason: input.reason,
    cause: input.action === "coalition.member_removed" ? "removed" : "left",
    actorUserId: who.userId,
  });
}

/**
 * A promoter removes a member for cause, with a reason; during a vote not yet published
 * the member also leaves that vote and its ballots there are withdrawn. Throws …,
 * INVALID_STATE (last promoter).
 */
export async function removeCoalitionMember(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(removeCoalitionMemberSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    await ensureCoalitionVoterSnapshots(tx, data.coalitionId, who.userId);
    await requireCoalitionPromoter(tx, who, data.coalitionId);
    await removeMembership(tx, who, { ...data, action: "coalition.member_removed" });
  });
}

/**
 * An organisation's admin takes it out of a coalition (an admin, not any representative:
 * leaving is the organisation's decision). Votes not yet published lose it as removal
 * does. Throws …, INVALID_STATE (last promoter).
 */
export async function leaveCoalition(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(leaveCoalitionSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    await ensureCoalitionVoterSnapshots(tx, data.coalitionId, who.userId);
    await requireOrganisationPermission(tx, who, data.organisationId, "organisation.edit");
    await removeMembership(tx, who, { ...data, reason: null, action: "coalition.member_left" });
  });
}
