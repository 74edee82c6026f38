import type { Metadata } from "next";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { getCall } from "./queries";

/** "<call title> — <page>"; the root layout's template adds " · Tavolo". */
export function callPageTitle(callTitle: string | null | undefined, page: string): string {
  return callTitle ? `${callTitle} — ${page}` : page;
}

/**
 * The document title of one of a call's pages, naming the call. The call is looked up as the
 * viewer may see it (a draft only for its promoters), so the title never tells more than the page.
 */
export async function callPageMetadata(callId: string, page: string): Promise<Metadata> {
  const call = z.uuid().safeParse(callId).success ? await getCall(await getDb(), await getCurrentActor(), callId) : null;
  return { title: callPageTitle(call?.title, page) };
}
