import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { callAttachmentRequirements, calls, documents, proposalPartners, type CallAttachmentRequirement, type Proposal } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { lockProposalFor, type ProposalAccess } from "@/lib/proposals/access";
import { attachmentsEditable, canUploadSlot } from "./attachment-policy";
import { isFileKind, type FileKind } from "./file-type";
import { documentAuditData, insertDocument, replaceDocument } from "./service";
import { readUpload, uploadErrorKeys } from "./upload";

/**
 * A proposal's required attachments (issue 10): the lead uploads proposal-scope files, each
 * accepted partner its own partner-scope files (attachment-policy.ts). A replacement keeps
 * the old version (stamped replaced); a removal is a soft delete. Each is one transaction
 * with its audit entry, so a refused or failed upload leaves nothing behind.
 */

const uploadSchema = z.object({
  proposalId: z.uuid("invalidInput"),
  requirementId: z.uuid("invalidInput"),
  /** Partner-scope: whose file it is. Proposal-scope files belong to the lead. */
  organisationId: z.union([z.uuid("invalidInput"), z.literal("")]).optional(),
  file: z.unknown().optional(),
});

const removeSchema = z.object({ documentId: z.uuid("invalidInput") });

/** A server action receives FormData from the browser; tests and the seed pass plain objects. */
export function uploadInputOf(input: unknown): unknown {
  if (typeof FormData !== "undefined" && input instanceof FormData) {
    return { proposalId: input.get("proposalId"), requirementId: input.get("requirementId"), organisationId: input.get("organisationId") ?? undefined, file: input.get("file") };
  }
  return input;
}

/** The requirement, the organisation whose file it is, and the checks every write shares. Throws NOT_FOUND, FORBIDDEN, INVALID_STATE. */
async function slotFor(
  tx: Tx,
  actor: Actor,
  proposal: Proposal,
  access: ProposalAccess,
  requirementId: string,
  organisationId: string | undefined,
): Promise<{ requirement: CallAttachmentRequirement; organisationId: string }> {
  // Promoters read submitted proposals but never write to them: to them the file is not there to change.
  if (!access.isInvolved) throw new AppError("NOT_FOUND", "proposalNotFound");
  const [requirement] = await tx
    .select()
    .from(callAttachmentRequirements)
    .where(and(eq(callAttachmentRequirements.id, requirementId), eq(callAttachmentRequirements.callId, proposal.callId)));
  if (!requirement) throw new AppError("NOT_FOUND", "attachmentRequirementNotFound");
  let owner = proposal.leadOrganisationId;
  if (requirement.scope === "partner") {
    if (!organisationId) throw new AppError("VALIDATION", "invalidInput", { organisationId: ["required"] });
    const [partner] = await tx
      .select({ status: proposalPartners.status, isLead: proposalPartners.isLead })
      .from(proposalPartners)
      .where(and(eq(proposalPartners.proposalId, proposal.id), eq(proposalPartners.organisationId, organisationId)));
    if (!partner || partner.status !== "accepted" || partner.isLead) throw new AppError("NOT_FOUND", "partnerNotFound");
    owner = organisationId;
  }
  if (!canUploadSlot(access, requirement.scope, owner)) throw new AppError("FORBIDDEN", "attachmentNotYours");
  const [call] = await tx.select().from(calls).where(eq(calls.id, proposal.callId));
  if (!attachmentsEditable(proposal.status, callPhase(call, now()))) throw new AppError("INVALID_STATE", "attachmentsFrozen");
  return { requirement, organisationId: owner };
}

async function currentFile(tx: Tx, proposalId: string, requirementId: string, organisationId: string) {
  const [row] = await tx
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.proposalId, proposalId),
        eq(documents.kind, "proposal_attachment"),
        eq(documents.requirementId, requirementId),
        eq(documents.organisationId, organisationId),
        isNull(documents.replacedAt),
        isNull(documents.deletedAt),
      ),
    )
    .for("update");
  return row ?? null;
}

/**
 * The lead (proposal scope) or a partner (its own partner-scope file) uploads a required
 * attachment to a draft, or replaces the one there. The type is decided from the content and
 * must be one the requirement allows; a signature, when required, must be found.
 * Throws UNAUTHENTICATED, VALIDATION (file refused: field "file"), NOT_FOUND, FORBIDDEN,
 * INVALID_STATE (submitted or closed: frozen).
 */
export async function uploadProposalAttachment(db: Db, actor: Actor | null, input: unknown): Promise<{ documentId: string; replaced: boolean }> {
  const data = parseInput(uploadSchema, uploadInputOf(input));
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    const { requirement, organisationId } = await slotFor(tx, who, proposal, access, data.requirementId, data.organisationId || undefined);
    const allowed = requirement.allowedTypes.filter(isFileKind);
    const read = await readUpload(data.file, allowed, requirement.signatureRequired);
    if (!read.ok) {
      if (read.error === "typeNotAllowed") {
        throw new AppError("VALIDATION", "attachmentTypeNotAllowed", { file: ["attachmentTypeNotAllowed"] }, { values: { types: allowed.map((k) => fileKindLabel(k)).join(", ") } });
      }
      const key = uploadErrorKeys[read.error];
      throw new AppError("VALIDATION", key, { file: [key] });
    }
    const previous = await currentFile(tx, proposal.id, requirement.id, organisationId);
    const file = { title: requirement.title, fileName: read.upload.fileName, uploadedBy: who.userId, bytes: read.upload.bytes, detected: read.upload.detected };
    const doc = previous
      ? await replaceDocument(tx, previous, file)
      : await insertDocument(tx, { ...file, kind: "proposal_attachment", proposalId: proposal.id, organisationId, requirementId: requirement.id });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: previous ? "proposal.attachment_replaced" : "proposal.attachment_uploaded",
      entityType: "proposal",
      entityId: proposal.id,
      data: { documentId: doc.id, ...documentAuditData(doc), ...(previous ? { replacedDocumentId: previous.id, replacedSha256: previous.sha256 } : {}) },
    });
    return { documentId: doc.id, replaced: previous !== null };
  });
}

/** Removes the current file of a slot from a draft (soft delete: the row stays). Throws as uploadProposalAttachment. */
export async function removeProposalAttachment(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { documentId } = parseInput(removeSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const [doc] = await tx.select().from(documents).where(and(eq(documents.id, documentId), eq(documents.kind, "proposal_attachment")));
    if (!doc?.proposalId || !doc.requirementId || !doc.organisationId) throw new AppError("NOT_FOUND", "attachmentNotFound");
    const { proposal, access } = await lockProposalFor(tx, who, doc.proposalId);
    const { requirement, organisationId } = await slotFor(tx, who, proposal, access, doc.requirementId, doc.organisationId);
    const current = await currentFile(tx, proposal.id, requirement.id, organisationId);
    if (current?.id !== doc.id) throw new AppError("NOT_FOUND", "attachmentNotFound");
    await tx.update(documents).set({ deletedAt: now() }).where(eq(documents.id, doc.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "proposal.attachment_removed",
      entityType: "proposal",
      entityId: proposal.id,
      data: { documentId: doc.id, requirementId: requirement.id, title: requirement.title, fileName: doc.fileName, sha256: doc.sha256 },
    });
  });
}

/** A kind as named in messages: "PDF", "PDF/A", ".p7m", "DOCX". */
export function fileKindLabel(kind: FileKind): string {
  return kind === "p7m" ? ".p7m" : kind === "pdfa" ? "PDF/A" : kind.toUpperCase();
}
