"use server";

import { runService } from "@/lib/service-action";
import * as service from "./service";

export async function createProposalAction(input: unknown) {
  return runService(service.createProposal, input, "/");
}

/** The proposal page's one save: description, budget parts and (where allowed) the requested amount. */
export async function saveProposalAction(input: unknown) {
  return runService(service.saveProposal, input, "/");
}

export async function submitProposalAction(input: unknown) {
  return runService(service.submitProposal, input, "/");
}

export async function withdrawProposalAction(input: unknown) {
  return runService(service.withdrawProposal, input, "/");
}
