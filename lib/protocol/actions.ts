"use server";

import { runService } from "@/lib/service-action";
import * as service from "./service";

// The protocol shows on the coalition's public pages and the promoter's manage page.
const PAGES = "/";

export async function saveProtocolDraftAction(input: unknown) {
  return runService(service.saveProtocolDraft, input, PAGES);
}

export async function publishProtocolVersionAction(input: unknown) {
  return runService(service.publishProtocolVersion, input, PAGES);
}

export async function adhereToProtocolAction(input: unknown) {
  return runService(service.adhereToProtocol, input, PAGES);
}
