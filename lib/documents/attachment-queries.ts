import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, documents, organisations, proposalPartners, proposals, users, type AttachmentScope, type Proposal } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { getProposalAccess } from "@/lib/proposals/access";
import { attachmentsEditable, attachmentSlots, canUploadSlot } from "./attachment-policy";
import { listAttachmentRequirements } from "./requirements";

/** The current (neither replaced nor removed) attachments of a proposal. */
export async function currentAttachments(db: Db | Tx, proposalId: string) {
  return db
    .select({
      id: documents.id,
      seriesId: documents.seriesId,
      version: documents.version,
      requirementId: documents.requirementId,
      organisationId: documents.organisationId,
      fileName: documents.fileName,
      mediaType: documents.mediaType,
      signed: documents.signed,
      sizeBytes: documents.sizeBytes,
      sha256: documents.sha256,
      createdAt: documents.createdAt,
      uploadedByName: users.name,
    })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.uploadedBy))
    .where(and(eq(documents.proposalId, proposalId), eq(documents.kind, "proposal_attachment"), isNull(documents.replacedAt), isNull(documents.deletedAt)));
}

/** What lib/proposals/eligibility.ts needs to know of a proposal's attachments, read in the caller's transaction. */
export async function attachmentEligibilityInput(tx: Db | Tx, proposal: Pick<Proposal, "id" | "callId" | "leadOrganisationId">) {
  const requirements = await listAttachmentRequirements(tx, proposal.callId);
  const uploaded = requirements.length > 0 ? await currentAttachments(tx, proposal.id) : [];
  return {
    leadOrganisationId: proposal.leadOrganisationId,
    requirements: requirements.map((r) => ({ id: r.id, title: r.title, scope: r.scope })),
    uploaded: uploaded.flatMap((u) => (u.requirementId && u.organisationId ? [{ requirementId: u.requirementId, organisationId: u.organisationId }] : [])),
  };
}

export type AttachmentSlotView = {
  organisationId: string;
  organisationName: string;
  /** The viewer may upload, replace and remove this file now. */
  canUpload: boolean;
  current: Awaited<ReturnType<typeof currentAttachments>>[number] | null;
  /** Earlier versions, replaced, newest first: kept and downloadable. */
  earlier: { id: string; version: number; fileName: string; replacedAt: Date }[];
};

export type RequirementWithSlots = {
  id: string;
  scope: AttachmentScope;
  title: string;
  description: string;
  allowedTypes: string[];
  signatureRequired: boolean;
  slots: AttachmentSlotView[];
};

/**
 * The proposal's required attachments with each slot's file, for those involved in the
 * proposal and the call's promoters; null ("not found") for anyone else.
 */
export async function listProposalAttachments(db: Db, viewer: Actor, proposalId: string): Promise<{ editable: boolean; requirements: RequirementWithSlots[] } | null> {
  const [proposal] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal) return null;
  const access = await getProposalAccess(db, viewer, proposal);
  if (!access.isInvolved && !(access.isPromoter && access.canRead)) return null;
  const [call] = await db.select().from(calls).where(eq(calls.id, proposal.callId));
  const editable = attachmentsEditable(proposal.status, callPhase(call, now()));
  const requirements = await listAttachmentRequirements(db, proposal.callId);
  if (requirements.length === 0) return { editable, requirements: [] };
  const partners = await db
    .select({ organisationId: proposalPartners.organisationId, status: proposalPartners.status, isLead: proposalPartners.isLead, legalName: organisations.legalName })
    .from(proposalPartners)
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(eq(proposalPartners.proposalId, proposal.id))
    .orderBy(asc(organisations.legalName));
  const current = await currentAttachments(db, proposal.id);
  const seriesIds = current.map((c) => c.seriesId);
  const replaced = seriesIds.length
    ? await db
        .select({ id: documents.id, seriesId: documents.seriesId, version: documents.version, fileName: documents.fileName, replacedAt: documents.replacedAt })
        .from(documents)
        .where(and(inArray(documents.seriesId, seriesIds), isNull(documents.deletedAt)))
    : [];
  const slots = attachmentSlots(requirements, partners);
  return {
    editable,
    requirements: requirements.map((r) => ({
      id: r.id,
      scope: r.scope,
      title: r.title,
      description: r.description,
      allowedTypes: r.allowedTypes,
      signatureRequired: r.signatureRequired,
      slots: slots
        .filter((s) => s.requirementId === r.id)
        .map((s) => {
          const file = current.find((c) => c.requirementId === r.id && c.organisationId === s.organisationId) ?? null;
          return {
            organisationId: s.organisationId,
            organisationName: partners.find((p) => p.organisationId === s.organisationId)!.legalName,
            canUpload: editable && canUploadSlot(access, r.scope, s.organisationId),
            current: file,
            earlier: file
              ? replaced
                  .filter((d) => d.seriesId === file.seriesId && d.replacedAt)
                  .map((d) => ({ id: d.id, version: d.version, fileName: d.fileName, replacedAt: d.replacedAt! }))
                  .sort((a, b) => b.version - a.version)
              : [],
          };
        }),
    })),
  };
}
