"use server";

import { after } from "next/server";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { requestClientAddress } from "@/lib/auth/request-address";
import { getCurrentActor } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { deliverSoon } from "@/lib/mail/outbox";
import { runService } from "@/lib/service-action";
import { changePassword, signUp } from "./service";
import { endOwnSessions, endUserSessions } from "./sessions";

export async function signUpAction(input: unknown) {
  return runAction(async () => {
    const locale = await getLocale();
    await signUp(await getDb(), input, { clientAddress: await requestClientAddress(), locale: isLocale(locale) ? locale : undefined });
    // The verification e-mail, once the response is on its way (the outbox keeps it if this fails).
    after(async () => deliverSoon(await getDb(), undefined));
  }, { allowUnverified: true });
}

export async function changePasswordAction(input: unknown) {
  // No revalidation: the page would re-render with this browser's token, which the change
  // has just revoked, and send it to sign-in; the form signs in afresh, then refreshes.
  return runAction(async () => {
    await changePassword(await getDb(), await getCurrentActor(), input);
  }, { allowUnverified: true });
}

export async function endOwnSessionsAction() {
  return runAction(async () => {
    await endOwnSessions(await getDb(), await getCurrentActor());
  }, { allowUnverified: true });
}

export async function endUserSessionsAction(input: unknown) {
  return runService(endUserSessions, input, "/admin/sessions");
}
