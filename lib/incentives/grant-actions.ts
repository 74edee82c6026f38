"use server";

import { runService } from "@/lib/service-action";
import { refFrom, refreshDashboard } from "@/lib/dashboard/cache";
import * as service from "./grants";

// The grant page, the reports under it, the results page and the funding desks.
const PAGES = "/";

export async function recordConcessionAction(input: unknown) {
  return refreshDashboard(await runService(service.recordConcession, input, PAGES), refFrom(input, "grantId"));
}

export async function releaseTrancheAction(input: unknown) {
  return refreshDashboard(await runService(service.releaseTranche, input, PAGES), refFrom(input, "grantId"));
}

export async function closeGrantAction(input: unknown) {
  return runService(service.closeGrant, input, PAGES);
}

export async function revokeGrantAction(input: unknown) {
  return refreshDashboard(await runService(service.revokeGrant, input, PAGES), refFrom(input, "grantId"));
}
