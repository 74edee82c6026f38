"use server";

import { runService } from "@/lib/service-action";
import * as service from "./service";

export async function createProposalAction(input: unknown) {
  return runService(service.createProposal, input, "/");
}

export async function updateProposalAction(input: unknown) {
  return runService(service.updateProposal, input, "/");
}

export async function saveBudgetPartAction(input: unknown) {
  return runService(service.saveBudgetPart, input, "/");
}

export async function submitProposalAction(input: unknown) {
  return runService(service.submitProposal, input, "/");
}

export async function withdrawProposalAction(input: unknown) {
  return runService(service.withdrawProposal, input, "/");
}
