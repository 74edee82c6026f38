"use server";

import { runService } from "@/lib/service-action";
import { addAttachmentRequirement, removeAttachmentRequirement, updateAttachmentRequirement } from "./requirements";

// Call pages live under /coalitions/<slug>/…
export async function addAttachmentRequirementAction(input: unknown) {
  return runService(addAttachmentRequirement, input, "/coalitions");
}

export async function updateAttachmentRequirementAction(input: unknown) {
  return runService(updateAttachmentRequirement, input, "/coalitions");
}

export async function removeAttachmentRequirementAction(input: unknown) {
  return runService(removeAttachmentRequirement, input, "/coalitions");
}
