"use server";

import { runService } from "@/lib/service-action";
import * as service from "./service";

// Applications show on /funding (desk and detail); the ledger on /organisations/[id]/de-minimis.
const PAGES = "/";

export async function createApplicationAction(input: unknown) {
  return runService(service.createApplication, input, PAGES);
}

export async function updateApplicationAction(input: unknown) {
  return runService(service.updateApplication, input, PAGES);
}

export async function moveApplicationAction(input: unknown) {
  return runService(service.moveApplication, input, PAGES);
}

export async function recordDisbursementAction(input: unknown) {
  return runService(service.recordDisbursement, input, PAGES);
}

export async function declareDeMinimisAidAction(input: unknown) {
  return runService(service.declareDeMinimisAid, input, PAGES);
}

export async function withdrawDeMinimisAidAction(input: unknown) {
  return runService(service.withdrawDeMinimisAid, input, PAGES);
}
