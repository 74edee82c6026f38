import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { organisationInvitations, organisationMembers, organisations, users } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { requireOrganisationPermission, requirePlatformAdmin } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { getMunicipality } from "@/lib/municipalities";
import { INVITATION_TTL_MS, invitationState, leavesAnAdmin } from "./policy";
import {
  acceptInvitationSchema,
  changeMemberRoleSchema,
  createOrganisationSchema,
  inviteMemberSchema,
  organisationIdSchema,
  rejectOrganisationSchema,
  removeMemberSchema,
  setRepresentativeSchema,
} from "./schemas";

const nullIfEmpty = (v: string) => (v === "" ? null : v);

/**
 * Creates an organisation pending verification, with its creator as admin, in one
 * transaction. Throws UNAUTHENTICATED, VALIDATION, CONFLICT (Partita IVA / CF taken).
 */
export async function createOrganisation(db: Db, actor: Actor | null, input: unknown): Promise<{ organisationId: string }> {
  const data = parseInput(createOrganisationSchema, input);
  const who = requireActor(actor);
  if (!getMunicipality(data.municipalityCode)) {
    throw new AppError("VALIDATION", "invalidInput", { municipalityCode: ["municipalityUnknown"] });
  }
  const isFirm = data.kind === "firm";
  const values = {
    kind: data.kind,
    legalName: data.legalName,
    partitaIva: nullIfEmpty(data.partitaIva),
    codiceFiscale: nullIfEmpty(data.codiceFiscale),
    codiceIpa: data.kind === "public_body" ? nullIfEmpty(data.codiceIpa.toLowerCase()) : null,
    atecoCode: nullIfEmpty(data.atecoCode),
    sizeClass: isFirm && data.sizeClass !== "" ? data.sizeClass : null,
    municipalityCode: data.municipalityCode,
    createdBy: who.userId,
  };
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx.insert(organisations).values(values).returning({ id: organisations.id });
      await tx.insert(organisationMembers).values({ organisationId: org.id, userId: who.userId, role: "admin" });
      await record(tx, {
        actorUserId: who.userId,
        organisationId: org.id,
        action: "organisation.created",
        entityType: "organisation",
        entityId: org.id,
        data: { ...values, createdBy: undefined },
      });
      return { organisationId: org.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "organisations_partita_iva_unique")) {
      throw new AppError("CONFLICT", "partitaIvaTaken", { partitaIva: ["partitaIvaTaken"] });
    }
    if (isUniqueViolation(error, "organisations_codice_fiscale_unique")) {
      throw new AppError("CONFLICT", "codiceFiscaleTaken", { codiceFiscale: ["codiceFiscaleTaken"] });
    }
    throw error;
  }
}

async function reviewOrganisation(
  db: Db,
  actor: Actor,
  organisationId: string,
  outcome: { status: "verified" } | { status: "rejected"; reason: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [org] = await tx
      .select({ status: organisations.status })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for("update");
    if (!org) throw new AppError("NOT_FOUND", "organisationNotFound");
    if (org.status !== "pending") throw new AppError("INVALID_STATE", "organisationAlreadyReviewed");
    const reason = outcome.status === "rejected" ? outcome.reason : null;
    await tx
      .update(organisations)
      .set({ status: outcome.status, rejectionReason: reason, reviewedAt: now(), reviewedBy: actor.userId })
      .where(eq(organisations.id, organisationId));
    await record(tx, {
      actorUserId: actor.userId,
      organisationId,
      action: outcome.status === "verified" ? "organisation.verified" : "organisation.rejected",
      entityType: "organisation",
      entityId: organisationId,
      data: { before: org.status, after: outcome.status, reason },
    });
  });
}

/** Platform admin verifies a pending organisation. Throws UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_STATE. */
export async function verifyOrganisation(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { organisationId } = parseInput(organisationIdSchema, input);
  const who = requireActor(actor);
  requirePlatformAdmin(who);
  await reviewOrganisation(db, who, organisationId, { status: "verified" });
}

/** Platform admin rejects a pending organisation with a reason. Same errors as verifyOrganisation. */
export async function rejectOrganisation(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { organisationId, reason } = parseInput(rejectOrganisationSchema, input);
  const who = requireActor(actor);
  requirePlatformAdmin(who);
  await reviewOrganisation(db, who, organisationId, { status: "rejected", reason });
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * An admin invites a person by e-mail. Returns the one-time token for the link
 * (only its hash is stored). Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, CONFLICT (already a member).
 */
export async function inviteMember(db: Db, actor: Actor | null, input: unknown): Promise<{ token: string; expiresAt: Date }> {
  const data = parseInput(inviteMemberSchema, input);
  const who = requireActor(actor);
  const email = data.email.toLowerCase();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now().getTime() + INVITATION_TTL_MS);
  await db.transaction(async (tx) => {
    await requireOrganisationPermission(tx, who, data.organisationId, "organisation.manage_people");
    const [already] = await tx
      .select({ id: organisationMembers.id })
      .from(organisationMembers)
      .innerJoin(users, eq(users.id, organisationMembers.userId))
      .where(and(eq(organisationMembers.organisationId, data.organisationId), sql`lower(${users.email}) = ${email}`));
    if (already) throw new AppError("CONFLICT", "alreadyMember", { email: ["alreadyMember"] });
    const [inv] = await tx
      .insert(organisationInvitations)
      .values({ organisationId: data.organisationId, email, role: data.role, tokenHash: hashToken(token), invitedBy: who.userId, expiresAt })
      .returning({ id: organisationInvitations.id });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "organisation.invitation_sent",
      entityType: "organisation_invitation",
      entityId: inv.id,
      data: { email, role: data.role, expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, expiresAt };
}

/**
 * The invited person (signed in with the invited e-mail) joins the organisation.
 * Works once, until it expires. Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN (other e-mail),
 * INVALID_STATE (used, revoked or expired), CONFLICT (already a member).
 */
export async function acceptInvitation(db: Db, actor: Actor | null, input: unknown): Promise<{ organisationId: string }> {
  const { token } = parseInput(acceptInvitationSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(organisationInvitations)
      .where(eq(organisationInvitations.tokenHash, hashToken(token)))
      .for("update");
    if (!inv) throw new AppError("NOT_FOUND", "invitationInvalid");
    // The e-mail first: someone else holding the link learns nothing about its state.
    if (inv.email !== who.email.toLowerCase()) throw new AppError("FORBIDDEN", "invitationOtherEmail");
    const state = invitationState(inv, now());
    if (state !== "pending") throw new AppError("INVALID_STATE", `invitation_${state}`);
    const [org] = await tx.select({ status: organisations.status }).from(organisations).where(eq(organisations.id, inv.organisationId));
    if (org?.status === "rejected") throw new AppError("INVALID_STATE", "organisationRejected");
    const inserted = await tx
      .insert(organisationMembers)
      .values({ organisationId: inv.organisationId, userId: who.userId, role: inv.role })
      .onConflictDoNothing()
      .returning({ id: organisationMembers.id });
    if (inserted.length === 0) throw new AppError("CONFLICT", "alreadyMember");
    await tx
      .update(organisationInvitations)
      .set({ acceptedAt: now(), acceptedBy: who.userId })
      .where(eq(organisationInvitations.id, inv.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: inv.organisationId,
      action: "organisation.invitation_accepted",
      entityType: "organisation_invitation",
      entityId: inv.id,
      data: { role: inv.role },
    });
    return { organisationId: inv.organisationId };
  });
}

/** Locks the organisation's memberships and returns them, so "last admin" checks cannot race. */
/**
 * For a change to one person's membership: checks that the actor manages the organisation's
 * people, then locks every membership (the last-admin rule reads them all) and finds the
 * target. Throws NOT_FOUND, FORBIDDEN.
 */
async function lockMemberForChange(tx: Tx, who: Actor, input: { organisationId: string; userId: string }) {
  await requireOrganisationPermission(tx, who, input.organisationId, "organisation.manage_people");
  const members = await tx
    .select({ userId: organisationMembers.userId, role: organisationMembers.role, isRepresentative: organisationMembers.isRepresentative })
    .from(organisationMembers)
    .where(eq(organisationMembers.organisationId, input.organisationId))
    .for("update");
  const target = members.find((m) => m.userId === input.userId);
  if (!target) throw new AppError("NOT_FOUND", "memberNotFound");
  return { target, adminCount: members.filter((m) => m.role === "admin").length };
}

/** An admin changes a person's role. Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, INVALID_STATE (last admin). */
export async function changeMemberRole(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(changeMemberRoleSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { target, adminCount } = await lockMemberForChange(tx, who, data);
    if (target.role === data.role) return;
    if (!leavesAnAdmin({ adminCount, currentRole: target.role, newRole: data.role })) {
      throw new AppError("INVALID_STATE", "lastAdmin");
    }
    await tx
      .update(organisationMembers)
      .set({ role: data.role })
      .where(and(eq(organisationMembers.organisationId, data.organisationId), eq(organisationMembers.userId, data.userId)));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "organisation.member_role_changed",
      entityType: "user",
      entityId: data.userId,
      data: { before: target.role, after: data.role },
    });
  });
}

/** An admin removes a person. Throws UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, INVALID_STATE (last admin). */
export async function removeMember(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(removeMemberSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { target, adminCount } = await lockMemberForChange(tx, who, data);
    if (!leavesAnAdmin({ adminCount, currentRole: target.role, newRole: null })) {
      throw new AppError("INVALID_STATE", "lastAdmin");
    }
    await tx
      .delete(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, data.organisationId), eq(organisationMembers.userId, data.userId)));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "organisation.member_removed",
      entityType: "user",
      entityId: data.userId,
      data: { role: target.role },
    });
  });
}

/**
 * An admin names a member as representative of the organisation (DESIGN: it then votes,
 * sends join requests and answers invitations for it, and runs coalitions it promotes),
 * or takes the naming back. Admins always represent, so they are not named. Throws
 * UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (the person is an admin).
 */
export async function setRepresentative(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(setRepresentativeSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { target } = await lockMemberForChange(tx, who, data);
    if (target.role === "admin") throw new AppError("INVALID_STATE", "adminAlwaysRepresents");
    if (target.isRepresentative === data.isRepresentative) return;
    await tx
      .update(organisationMembers)
      .set({ isRepresentative: data.isRepresentative })
      .where(and(eq(organisationMembers.organisationId, data.organisationId), eq(organisationMembers.userId, data.userId)));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "organisation.representative_set",
      entityType: "user",
      entityId: data.userId,
      data: { before: target.isRepresentative, after: data.isRepresentative },
    });
  });
}
