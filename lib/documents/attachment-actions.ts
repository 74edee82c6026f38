"use server";

import { runService } from "@/lib/service-action";
import { removeProposalAttachment, uploadProposalAttachment } from "./proposal-attachments";

/** FormData from the attachments panel: proposalId, requirementId, organisationId (partner scope), file. */
export async function uploadProposalAttachmentAction(input: FormData) {
  return runService(uploadProposalAttachment, input, "/proposals");
}

export async function removeProposalAttachmentAction(input: unknown) {
  return runService(removeProposalAttachment, input, "/proposals");
}
