"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import { markAllNotificationsRead, openNotification, optOut, saveNotificationPreferences } from "./inbox";

/**
 * The notification pages' actions. Each is the action of a plain <form> (it works without
 * JavaScript): on success it redirects, so a refresh does not post again and the result
 * is said by the page it lands on (?done=); a refusal comes back as the typed result.
 */

/** The form's fields as an object (a call from code passes the object itself). */
function fields(input: unknown): unknown {
  if (typeof FormData !== "undefined" && input instanceof FormData) {
    const out: Record<string, string> = {};
    for (const [key, value] of input.entries()) if (typeof value === "string" && !key.startsWith("$")) out[key] = value;
    return out;
  }
  return input;
}

/** Opens a notification: marks it read (the person's own only) and goes where it leads. */
export async function openNotificationAction(input: unknown) {
  // Reading: open to a person whose address is not confirmed yet (lib/action.ts).
  const result = await runAction(async () => openNotification(await getDb(), await getCurrentActor(), fields(input)), { allowUnverified: true });
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect(result.data.href);
}

export async function markAllNotificationsReadAction() {
  const result = await runAction(async () => markAllNotificationsRead(await getDb(), await getCurrentActor()), { allowUnverified: true });
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect("/notifications?done=read");
}

export async function saveNotificationPreferencesAction(input: unknown) {
  // Preferences stay the person's own before the address is confirmed (lib/action.ts).
  const result = await runAction(async () => saveNotificationPreferences(await getDb(), await getCurrentActor(), fields(input)), { allowUnverified: true });
  if (!result.ok) return result;
  revalidatePath("/account/notifications");
  redirect("/account/notifications?done=saved");
}

/** The opt-out page's button: no session, the e-mail's token is the authority (see optOut). */
export async function optOutAction(input: unknown) {
  const values = fields(input);
  const result = await runAction(async () => optOut(await getDb(), values), { allowUnverified: true });
  if (!result.ok) return result;
  const token = (values as { token: string }).token;
  redirect(`/notifications/opt-out?token=${encodeURIComponent(token)}&done=1`);
}
