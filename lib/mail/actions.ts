"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { requestClientAddress } from "@/lib/auth/request-address";
import { getCurrentActor } from "@/lib/auth/session";
import { isLocale, defaultLocale, type Locale } from "@/lib/i18n/config";
import { requestPasswordReset, resendVerification, resetPassword, verifyEmail } from "./accounts";
import { deliverSoon } from "./outbox";

async function locale(): Promise<Locale> {
  const value = await getLocale();
  return isLocale(value) ? value : defaultLocale;
}

/** Mail written by the action goes out once the response is on its way; a failure stays in the outbox for the cron route. */
function sendAfterResponse(ids: string[]): void {
  if (ids.length === 0) return;
  after(async () => deliverSoon(await getDb(), ids));
}

export async function requestPasswordResetAction(input: unknown) {
  return runAction(async () => {
    const ids = await requestPasswordReset(await getDb(), input, { clientAddress: await requestClientAddress(), locale: await locale() });
    sendAfterResponse(ids);
  }, { allowUnverified: true });
}

export async function resetPasswordAction(input: unknown) {
  return runAction(async () => {
    await resetPassword(await getDb(), input);
  }, { allowUnverified: true });
}

export async function verifyEmailAction(input: unknown) {
  return runAction(async () => {
    await verifyEmail(await getDb(), input);
    // The banner for unconfirmed addresses (root layout) goes.
    revalidatePath("/", "layout");
  }, { allowUnverified: true });
}

export async function resendVerificationAction() {
  return runAction(async () => {
    const ids = await resendVerification(await getDb(), await getCurrentActor(), { locale: await locale() });
    sendAfterResponse(ids);
  }, { allowUnverified: true });
}
