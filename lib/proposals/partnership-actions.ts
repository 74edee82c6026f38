"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import * as partnerships from "./partnerships";
import { markAdmissibility } from "./review";

type Service<T> = (db: Awaited<ReturnType<typeof getDb>>, actor: Awaited<ReturnType<typeof getCurrentActor>>, input: unknown) => Promise<T>;

// Partnerships show on the proposal pages, the partner search, "my partnerships" and the review table.
function act<T>(service: Service<T>, input: unknown) {
  return runAction(async () => {
    const result = await service(await getDb(), await getCurrentActor(), input);
    revalidatePath("/", "layout");
    return result;
  });
}

export async function invitePartnerAction(input: unknown) {
  return act(partnerships.invitePartner, input);
}

export async function requestToJoinProposalAction(input: unknown) {
  return act(partnerships.requestToJoinProposal, input);
}

export async function decidePartnerRequestAction(input: unknown) {
  return act(partnerships.decidePartnerRequest, input);
}

export async function respondToPartnerInvitationAction(input: unknown) {
  return act(partnerships.respondToPartnerInvitation, input);
}

export async function removePartnerAction(input: unknown) {
  return act(partnerships.removePartner, input);
}

export async function markAdmissibilityAction(input: unknown) {
  return act(markAdmissibility, input);
}
