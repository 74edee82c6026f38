import { and, desc, eq, isNotNull, isNull, max } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitionMembers, coalitionProtocolVersions, coalitions, protocolAdhesions, type ProtocolVersion } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { getMembership } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { coalitionUserIds, notifyUsers } from "@/lib/notifications/notify";
import { protocolTextSha256 } from "./canonical";
import { adheringCoalitionRoles, amendmentNoteProblem, resolveThemes } from "./policy";
import { adhereSchema, publishVersionSchema, saveDraftSchema } from "./schemas";

/**
 * The coalition's protocol of understanding (protocollo d'intesa): the promoter's
 * representatives write one draft at a time and publish it as the next version (frozen,
 * hashed); each member organisation adheres to the current version through a representative.
 * Every write takes the coalition's row lock first, so a publication and an adhesion never
 * interleave: an adhesion is always to the version that is current when it commits.
 */

/**
 * Locks the coalition and returns the promoter organisation the actor acts for. An unknown
 * coalition is NOT_FOUND; anyone who does not represent a promoter is FORBIDDEN.
 */
async function lockCoalitionForPromoter(tx: Tx, actor: Actor, coalitionId: string): Promise<string> {
  const [coalition] = await tx.select({ id: coalitions.id }).from(coalitions).where(eq(coalitions.id, coalitionId)).for("update");
  if (!coalition) throw new AppError("NOT_FOUND", "coalitionNotFound");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, coalitionId);
  if (!organisationId) throw new AppError("FORBIDDEN", "forbidden");
  return organisationId;
}

/** The published version with the highest number: the current protocol. */
export async function currentVersionOf(tx: Db | Tx, coalitionId: string): Promise<ProtocolVersion | null> {
  const [row] = await tx
    .select()
    .from(coalitionProtocolVersions)
    .where(and(eq(coalitionProtocolVersions.coalitionId, coalitionId), isNotNull(coalitionProtocolVersions.publishedAt)))
    .orderBy(desc(coalitionProtocolVersions.version))
    .limit(1);
  return row ?? null;
}

/**
 * A promoter's representative writes the coalition's draft: the next version (1, 2, 3…),
 * created on the first save and changed by the next ones until it is published. One draft
 * at a time (a unique index holds it too). From version 2 on an amendment note is required.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN.
 */
export async function saveProtocolDraft(db: Db, actor: Actor | null, input: unknown): Promise<{ versionId: string; version: number }> {
  const { coalitionId, ...fields } = parseInput(saveDraftSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const organisationId = await lockCoalitionForPromoter(tx, who, coalitionId);
    const [draft] = await tx
      .select()
      .from(coalitionProtocolVersions)
      .where(and(eq(coalitionProtocolVersions.coalitionId, coalitionId), isNull(coalitionProtocolVersions.publishedAt)))
      .for("update");
    const [{ last }] = await tx.select({ last: max(coalitionProtocolVersions.version) }).from(coalitionProtocolVersions).where(eq(coalitionProtocolVersions.coalitionId, coalitionId));
    const version = draft?.version ?? Number(last ?? 0) + 1;
    const { themes, errors } = resolveThemes(fields.themes);
    const noteProblem = amendmentNoteProblem(version, fields.amendmentNote);
    if (noteProblem) errors.amendmentNote = [noteProblem];
    if (Object.keys(errors).length > 0) throw new AppError("VALIDATION", "protocolDraftInvalid", errors);
    const at = now();
    const values = { title: fields.title, body: fields.body, themes, amendmentNote: version >= 2 ? fields.amendmentNote : null, updatedAt: at };
    let versionId: string;
    if (draft) {
      await tx.update(coalitionProtocolVersions).set(values).where(eq(coalitionProtocolVersions.id, draft.id));
      versionId = draft.id;
    } else {
      const [row] = await tx
        .insert(coalitionProtocolVersions)
        .values({ ...values, coalitionId, version, createdBy: who.userId, createdAt: at })
        .returning({ id: coalitionProtocolVersions.id });
      versionId = row.id;
    }
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "protocol.draft_saved",
      entityType: "protocol_version",
      entityId: versionId,
      data: { coalitionId, version, created: !draft, title: values.title, themes, amendmentNote: values.amendmentNote, bodyLength: values.body.length },
    });
    return { versionId, version };
  });
}

/**
 * A promoter's representative publishes the draft: from now on it is the current protocol,
 * frozen, with the SHA-256 of its canonical text (./canonical.ts); members adhere to it
 * (again, after an amendment). Irreversible. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN, INVALID_STATE (already published).
 */
export async function publishProtocolVersion(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; textSha256: string }> {
  const { versionId } = parseInput(publishVersionSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ coalitionId: coalitionProtocolVersions.coalitionId }).from(coalitionProtocolVersions).where(eq(coalitionProtocolVersions.id, versionId));
    if (!found) throw new AppError("NOT_FOUND", "protocolVersionNotFound");
    const organisationId = await lockCoalitionForPromoter(tx, who, found.coalitionId);
    const [draft] = await tx.select().from(coalitionProtocolVersions).where(eq(coalitionProtocolVersions.id, versionId)).for("update");
    if (draft.publishedAt) throw new AppError("INVALID_STATE", "protocolAlreadyPublished");
    const noteProblem = amendmentNoteProblem(draft.version, draft.amendmentNote ?? "");
    if (noteProblem) throw new AppError("VALIDATION", noteProblem, { amendmentNote: [noteProblem] });
    const textSha256 = protocolTextSha256(draft);
    const at = now();
    await tx.update(coalitionProtocolVersions).set({ publishedAt: at, publishedBy: who.userId, textSha256, updatedAt: at }).where(eq(coalitionProtocolVersions.id, draft.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "protocol.published",
      entityType: "protocol_version",
      entityId: draft.id,
      data: { coalitionId: draft.coalitionId, version: draft.version, textSha256, themes: draft.themes.map((t) => t.key), amendmentNote: draft.amendmentNote },
    });
    // Every member organisation's representatives are asked to adhere (again).
    const [coalition] = await tx.select({ name: coalitions.name, slug: coalitions.slug }).from(coalitions).where(eq(coalitions.id, draft.coalitionId));
    await notifyUsers(
      tx,
      await coalitionUserIds(tx, draft.coalitionId, { roles: [...adheringCoalitionRoles], representativesOnly: true }),
      { kind: "protocol_published", params: { coalition: coalition.name, version: draft.version }, href: `/coalitions/${coalition.slug}/protocol`, dedupeKey: `protocol_published:${draft.id}` },
      { except: who.userId },
    );
    return { version: draft.version, textSha256 };
  });
}

/**
 * A representative of a member organisation (any role) adheres, for it, to the current
 * protocol: the input names the version and the SHA-256 of the text the person read, and
 * both must match the version current now. Adhering again to the same version changes
 * nothing (no second audit entry). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND (no such
 * published version), FORBIDDEN (not a representative, not a member), INVALID_STATE (not
 * the current version, the hash differs).
 */
export async function adhereToProtocol(db: Db, actor: Actor | null, input: unknown): Promise<{ adhesionId: string; alreadyAdhered: boolean }> {
  const data = parseInput(adhereSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ coalitionId: coalitionProtocolVersions.coalitionId })
      .from(coalitionProtocolVersions)
      .where(and(eq(coalitionProtocolVersions.id, data.versionId), isNotNull(coalitionProtocolVersions.publishedAt)));
    if (!found) throw new AppError("NOT_FOUND", "protocolVersionNotFound");
    // Shared with other adhesions, exclusive with a publication (lockCoalitionForPromoter).
    await tx.select({ id: coalitions.id }).from(coalitions).where(eq(coalitions.id, found.coalitionId)).for("share");

    const membership = await getMembership(tx, who, data.organisationId);
    if (!membership) throw new AppError("FORBIDDEN", "forbidden");
    if (!membership.represents) throw new AppError("FORBIDDEN", "notRepresentative");
    const [member] = await tx
      .select({ role: coalitionMembers.role })
      .from(coalitionMembers)
      .where(and(eq(coalitionMembers.coalitionId, found.coalitionId), eq(coalitionMembers.organisationId, data.organisationId)));
    if (!member || !adheringCoalitionRoles.includes(member.role)) throw new AppError("FORBIDDEN", "protocolNotMember");

    const current = await currentVersionOf(tx, found.coalitionId);
    if (!current || current.id !== data.versionId) throw new AppError("INVALID_STATE", "protocolVersionNotCurrent");
    if (current.textSha256 !== data.textSha256) throw new AppError("INVALID_STATE", "protocolHashMismatch");

    const [inserted] = await tx
      .insert(protocolAdhesions)
      .values({ protocolVersionId: current.id, coalitionId: found.coalitionId, organisationId: data.organisationId, adheredBy: who.userId, adheredAt: now(), textSha256: current.textSha256 })
      .onConflictDoNothing()
      .returning({ id: protocolAdhesions.id });
    if (!inserted) {
      const [existing] = await tx
        .select({ id: protocolAdhesions.id })
        .from(protocolAdhesions)
        .where(and(eq(protocolAdhesions.protocolVersionId, current.id), eq(protocolAdhesions.organisationId, data.organisationId)));
      return { adhesionId: existing.id, alreadyAdhered: true };
    }
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "protocol.adhered",
      entityType: "protocol_adhesion",
      entityId: inserted.id,
      data: { coalitionId: found.coalitionId, versionId: current.id, version: current.version, textSha256: current.textSha256 },
    });
    return { adhesionId: inserted.id, alreadyAdhered: false };
  });
}
