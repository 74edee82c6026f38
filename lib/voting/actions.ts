"use server";

import { revalidatePath, updateTag } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import { refFrom, refreshDashboard } from "@/lib/dashboard/cache";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { resultsTag } from "./cache";
import { checkReceipt } from "./queries";
import { formatToken } from "./receipt";
import * as service from "./service";

export async function castBallotAction(input: unknown) {
  return runAction(async () => {
    const result = await service.castBallot(await getDb(), await getCurrentActor(), input);
    revalidatePath("/calls", "layout");
    // The code is shown once, here, and stored nowhere (only its hash is).
    return { token: formatToken(result.token), code: result.code, revision: result.revision, value: result.value };
  });
}

export async function publishResultsAction(input: unknown) {
  const outcome = await runAction(async () => {
    const result = await service.publishResults(await getDb(), await getCurrentActor(), input);
    // The new version replaces the cached results of the call at once (lib/voting/cache.ts).
    const ref = refFrom(input, "callId");
    if (ref && "callId" in ref) updateTag(resultsTag(ref.callId));
    revalidatePath("/", "layout");
    // Those who chose e-mail at once for results.
    sendMailAfterResponse();
    return result;
  });
  // The results fund projects and make their grants: the coalition's dashboard shows both.
  return refreshDashboard(outcome, refFrom(input, "callId"));
}

export async function correctResultsAction(input: unknown) {
  const outcome = await runAction(async () => {
    const result = await service.correctResults(await getDb(), await getCurrentActor(), input);
    // The new version replaces the cached results of the call at once (lib/voting/cache.ts).
    const ref = refFrom(input, "callId");
    if (ref && "callId" in ref) updateTag(resultsTag(ref.callId));
    revalidatePath("/", "layout");
    // Those who chose e-mail at once for results.
    sendMailAfterResponse();
    return result;
  });
  // The results fund projects and make their grants: the coalition's dashboard shows both.
  return refreshDashboard(outcome, refFrom(input, "callId"));
}

/** Open to everyone: checking a receipt needs no account. */
export async function checkReceiptAction(input: unknown) {
  return runAction(async () => checkReceipt(await getDb(), input), { allowUnverified: true });
}
