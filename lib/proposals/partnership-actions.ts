"use server";

import { runService } from "@/lib/service-action";
import * as partnerships from "./partnerships";
import { markAdmissibility } from "./review";

// Partnerships show on the proposal pages, the partner search, "my partnerships" and the review table.
export async function invitePartnerAction(input: unknown) {
  return runService(partnerships.invitePartner, input, "/");
}

export async function requestToJoinProposalAction(input: unknown) {
  return runService(partnerships.requestToJoinProposal, input, "/");
}

export async function decidePartnerRequestAction(input: unknown) {
  return runService(partnerships.decidePartnerRequest, input, "/");
}

export async function respondToPartnerInvitationAction(input: unknown) {
  return runService(partnerships.respondToPartnerInvitation, input, "/");
}

export async function removePartnerAction(input: unknown) {
  return runService(partnerships.removePartner, input, "/");
}

export async function markAdmissibilityAction(input: unknown) {
  return runService(markAdmissibility, input, "/");
}
