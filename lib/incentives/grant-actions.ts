"use server";

import { runService } from "@/lib/service-action";
import * as service from "./grants";

// The grant page, the reports under it, the results page and the funding desks.
const PAGES = "/";

export async function recordConcessionAction(input: unknown) {
  return runService(service.recordConcession, input, PAGES);
}

export async function releaseTrancheAction(input: unknown) {
  return runService(service.releaseTranche, input, PAGES);
}

export async function closeGrantAction(input: unknown) {
  return runService(service.closeGrant, input, PAGES);
}

export async function revokeGrantAction(input: unknown) {
  return runService(service.revokeGrant, input, PAGES);
}
