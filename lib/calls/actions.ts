"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import * as service from "./service";

// Call pages live under /coalitions/<slug>/…; the coalition's public page lists them.
const revalidateCoalitions = () => revalidatePath("/coalitions", "layout");

export async function createCallAction(input: unknown) {
  return runAction(async () => {
    const result = await service.createCall(await getDb(), await getCurrentActor(), input);
    revalidateCoalitions();
    return result;
  });
}

export async function updateCallAction(input: unknown) {
  return runAction(async () => {
    await service.updateCall(await getDb(), await getCurrentActor(), input);
    revalidateCoalitions();
  });
}

export async function publishCallAction(input: unknown) {
  return runAction(async () => {
    await service.publishCall(await getDb(), await getCurrentActor(), input);
    revalidateCoalitions();
    // Those who chose e-mail at once for a new call.
    sendMailAfterResponse();
  });
}

export async function deleteDraftCallAction(input: unknown) {
  return runAction(async () => {
    await service.deleteDraftCall(await getDb(), await getCurrentActor(), input);
    revalidateCoalitions();
  });
}

export async function extendSubmissionDeadlineAction(input: unknown) {
  return runAction(async () => {
    await service.extendSubmissionDeadline(await getDb(), await getCurrentActor(), input);
    revalidateCoalitions();
  });
}

export async function archiveCallAction(input: unknown) {
  return runAction(async () => {
    await service.archiveCall(await getDb(), await getCurrentActor(), input);
    revalidateCoalitions();
  });
}
