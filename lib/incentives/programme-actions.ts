"use server";

import { runService } from "@/lib/service-action";
import * as programmes from "./programmes";

// The catalogue shows on /incentives, each programme's page and every radar.
const PAGES = "/";

export async function createProgrammeAction(input: unknown) {
  return runService(programmes.createProgramme, input, PAGES);
}

export async function updateProgrammeAction(input: unknown) {
  return runService(programmes.updateProgramme, input, PAGES);
}
