"use server";

import { runService } from "@/lib/service-action";
import { refFrom, refreshDashboard } from "@/lib/dashboard/cache";
import * as service from "./service";

// Applications show on /funding (desk and detail); the ledger on /organisations/[id]/de-minimis.
const PAGES = "/";

export async function createApplicationAction(input: unknown) {
  return runService(service.createApplication, input, PAGES);
}

export async function updateApplicationAction(input: unknown) {
  return refreshDashboard(await runService(service.updateApplication, input, PAGES), refFrom(input, "applicationId"));
}

export async function moveApplicationAction(input: unknown) {
  return refreshDashboard(await runService(service.moveApplication, input, PAGES), refFrom(input, "applicationId"));
}

export async function recordDisbursementAction(input: unknown) {
  return refreshDashboard(await runService(service.recordDisbursement, input, PAGES), refFrom(input, "applicationId"));
}

export async function declareDeMinimisAidAction(input: unknown) {
  return runService(service.declareDeMinimisAid, input, PAGES);
}

export async function withdrawDeMinimisAidAction(input: unknown) {
  return runService(service.withdrawDeMinimisAid, input, PAGES);
}
