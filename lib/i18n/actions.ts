"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { setPreferredLocale } from "@/lib/users/service";
import { LOCALE_COOKIE, locales } from "./config";

const schema = z.object({ locale: z.enum(locales) });

/**
 * Remembers the visitor's language for a year. No session needed: it is a preference, not a
 * state change (so also open to a person whose address is unconfirmed). A signed-in person's
 * e-mails and notifications follow it too (users.locale).
 */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const parsed = schema.safeParse({ locale: formData.get("locale") });
  if (!parsed.success) return;
  const store = await cookies();
  store.set(LOCALE_COOKIE, parsed.data.locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
  await setPreferredLocale(await getDb(), await getCurrentActor(), parsed.data.locale);
  revalidatePath("/", "layout");
}
