import type { AttachmentScope, ProposalStatus } from "@/db/schema";
import type { CallPhase } from "@/lib/calls/policy";

/**
 * Who uploads which required attachment, and when (issue 10). Pure rules, unit-tested:
 * - a proposal-scope requirement is answered once per proposal, by the lead's admins;
 * - a partner-scope requirement once by each accepted partner other than the lead (a letter
 *   of intent is written to the lead), by that partner's own representatives — the lead
 *   sees them but cannot upload on a partner's behalf;
 * - files change only while the proposal is a draft and the call takes submissions; after
 *   submission (a submitted proposal is frozen, lib/proposals/policy.ts) or closing they stay as they are.
 */

export type AttachmentSlot = { requirementId: string; organisationId: string };

/** The slots a proposal must fill: one per proposal-scope requirement (kept under the lead), one per accepted partner for partner-scope ones. */
export function attachmentSlots(
  requirements: { id: string; scope: AttachmentScope }[],
  partners: { organisationId: string; status: string; isLead: boolean }[],
): AttachmentSlot[] {
  const lead = partners.find((p) => p.isLead);
  const others = partners.filter((p) => p.status === "accepted" && !p.isLead);
  return requirements.flatMap((r) =>
    r.scope === "proposal"
      ? lead
        ? [{ requirementId: r.id, organisationId: lead.organisationId }]
        : []
      : others.map((p) => ({ requirementId: r.id, organisationId: p.organisationId })),
  );
}

/** Uploads, replacements and removals are possible while the proposal is a draft and its call is (or will be) open. */
export function attachmentsEditable(status: ProposalStatus, phase: CallPhase): boolean {
  return status === "draft" && (phase === "open" || phase === "scheduled");
}

/** What the actor's access says about one slot: the lead's admins for proposal scope, the partner's own representatives for partner scope. */
export function canUploadSlot(
  access: { isLeadAdmin: boolean; partnerRepresentativeOf: { organisationId: string; status: string; isLead: boolean }[] },
  scope: AttachmentScope,
  organisationId: string,
): boolean {
  if (scope === "proposal") return access.isLeadAdmin;
  return access.partnerRepresentativeOf.some((p) => p.organisationId === organisationId && p.status === "accepted" && !p.isLead);
}
