"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import { deliverSoon } from "@/lib/mail/outbox";
import { sendCoalitionMessage, sendVoteReminder } from "./promoter";

/** The e-mail the service queued goes out once the response is on its way; a failure stays in the outbox for the cron route. */
function sendAfterResponse(ids: string[]): void {
  if (ids.length === 0) return;
  after(async () => deliverSoon(await getDb(), ids));
}

/** A promoter reminds the organisations that have not voted yet (once per call and day). */
export async function sendVoteReminderAction(input: unknown) {
  return runAction(async () => {
    const { mailIds, ...counts } = await sendVoteReminder(await getDb(), await getCurrentActor(), input);
    sendAfterResponse(mailIds);
    revalidatePath("/calls", "layout");
    return counts;
  });
}

/** A promoter writes to every member organisation's people. */
export async function sendCoalitionMessageAction(input: unknown) {
  return runAction(async () => {
    const { mailIds, ...counts } = await sendCoalitionMessage(await getDb(), await getCurrentActor(), input);
    sendAfterResponse(mailIds);
    revalidatePath("/coalitions", "layout");
    return counts;
  });
}
