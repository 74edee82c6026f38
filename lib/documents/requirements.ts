import { asc, count, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callAttachmentRequirements, calls, type Call, type CallAttachmentRequirement } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { promoterOrganisationsRepresentedBy, requireCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { addRequirementSchema, MAX_REQUIREMENTS_PER_CALL, requirementIdSchema, updateRequirementSchema, type RequirementFields } from "./requirement-schemas";

/**
 * A call's required attachments (issue 10): declared by its promoters while the call is a
 * draft; once published they are part of its frozen rules, like its eligibility rules.
 */

function columnsOf(f: RequirementFields) {
  return {
    scope: f.scope,
    title: f.title,
    description: f.description,
    allowedTypes: [...new Set(f.allowedTypes)],
    signatureRequired: f.signatureRequired,
  };
}

/** Locks the call, checks the actor promotes its coalition and that it is still a draft. */
async function lockDraftCallForPromoter(tx: Tx, actor: Actor, callId: string): Promise<{ call: Call; organisationId: string }> {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  await requireCoalitionPromoter(tx, actor, call.coalitionId);
  if (call.status !== "draft") throw new AppError("INVALID_STATE", "attachmentRequirementsFrozen");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, call.coalitionId);
  return { call, organisationId };
}

async function requirementFor(tx: Tx, requirementId: string): Promise<CallAttachmentRequirement> {
  const [row] = await tx.select().from(callAttachmentRequirements).where(eq(callAttachmentRequirements.id, requirementId));
  if (!row) throw new AppError("NOT_FOUND", "attachmentRequirementNotFound");
  return row;
}

/**
 * A promoter adds a required attachment to a draft call. Throws UNAUTHENTICATED,
 * VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (published: frozen), CONFLICT (too many).
 */
export async function addAttachmentRequirement(db: Db, actor: Actor | null, input: unknown): Promise<{ requirementId: string }> {
  const { callId, ...fields } = parseInput(addRequirementSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, callId);
    const [{ n }] = await tx.select({ n: count() }).from(callAttachmentRequirements).where(eq(callAttachmentRequirements.callId, call.id));
    if (n >= MAX_REQUIREMENTS_PER_CALL) throw new AppError("CONFLICT", "attachmentRequirementsTooMany", undefined, { values: { max: MAX_REQUIREMENTS_PER_CALL } });
    const values = columnsOf(fields);
    const [row] = await tx
      .insert(callAttachmentRequirements)
      .values({ ...values, callId: call.id, position: sql`(select coalesce(max(position), -1) + 1 from call_attachment_requirements where call_id = ${call.id})` })
      .returning({ id: callAttachmentRequirements.id });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.attachment_requirement_added",
      entityType: "call",
      entityId: call.id,
      data: { requirementId: row.id, ...values },
    });
    return { requirementId: row.id };
  });
}

/** A promoter changes a required attachment of a draft call. Throws as addAttachmentRequirement. */
export async function updateAttachmentRequirement(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { requirementId, ...fields } = parseInput(updateRequirementSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const requirement = await requirementFor(tx, requirementId);
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, requirement.callId);
    const values = columnsOf(fields);
    await tx.update(callAttachmentRequirements).set(values).where(eq(callAttachmentRequirements.id, requirement.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.attachment_requirement_updated",
      entityType: "call",
      entityId: call.id,
      data: { requirementId: requirement.id, ...values },
    });
  });
}

/** A promoter removes a required attachment from a draft call. Throws as addAttachmentRequirement. */
export async function removeAttachmentRequirement(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { requirementId } = parseInput(requirementIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const requirement = await requirementFor(tx, requirementId);
    const { call, organisationId } = await lockDraftCallForPromoter(tx, who, requirement.callId);
    await tx.delete(callAttachmentRequirements).where(eq(callAttachmentRequirements.id, requirement.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.attachment_requirement_removed",
      entityType: "call",
      entityId: call.id,
      data: { requirementId: requirement.id, title: requirement.title, scope: requirement.scope },
    });
  });
}

export type RequirementView = Pick<CallAttachmentRequirement, "id" | "scope" | "title" | "description" | "allowedTypes" | "signatureRequired" | "position">;

/**
 * The required attachments of a call, in their order. Callers have already decided the viewer
 * may see the call (getCall: drafts for promoters only); a published call's list is public.
 */
export async function listAttachmentRequirements(db: Db | Tx, callId: string): Promise<RequirementView[]> {
  return db
    .select({
      id: callAttachmentRequirements.id,
      scope: callAttachmentRequirements.scope,
      title: callAttachmentRequirements.title,
      description: callAttachmentRequirements.description,
      allowedTypes: callAttachmentRequirements.allowedTypes,
      signatureRequired: callAttachmentRequirements.signatureRequired,
      position: callAttachmentRequirements.position,
    })
    .from(callAttachmentRequirements)
    .where(eq(callAttachmentRequirements.callId, callId))
    .orderBy(asc(callAttachmentRequirements.position), asc(callAttachmentRequirements.createdAt));
}
