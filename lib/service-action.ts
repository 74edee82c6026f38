import { revalidatePath } from "next/cache";
import { getDb, type Db } from "@/db/client";
import { runAction, type ActionOptions, type ActionResult } from "@/lib/action";
import type { Actor } from "@/lib/auth/actor";
import { getCurrentActor } from "@/lib/auth/session";
import { sendMailAfterResponse } from "@/lib/mail/after-response";

/** A service as every domain writes it: (database, who acts, raw input) → result. */
export type Service<T> = (db: Db, actor: Actor | null, input: unknown) => Promise<T>;

/**
 * The body of a thin server action: the signed-in person runs the service (which parses,
 * checks permissions and writes with its audit entry), then the pages under `revalidate`
 * show the change. Like every action it first refuses a person whose address is
 * unconfirmed, unless `options.allowUnverified` (lib/action.ts). The mail the service queued
 * (its notifications' e-mails) goes out right after the response (lib/mail/after-response.ts).
 */
export function runService<T>(service: Service<T>, input: unknown, revalidate: string, options: ActionOptions = {}): Promise<ActionResult<T>> {
  return runAction(async () => {
    const result = await service(await getDb(), await getCurrentActor(), input);
    revalidatePath(revalidate, "layout");
    sendMailAfterResponse();
    return result;
  }, options);
}
