import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { notFoundResponse } from "@/lib/documents/response";
import { meetingIcs } from "@/lib/meetings/queries";

const paramsSchema = z.object({ meetingId: z.uuid() });

/**
 * A meeting as an iCalendar file (RFC 5545): public; the online link is in it only for the
 * people of invited organisations, so the response is private and never shared by caches.
 */
export async function GET(request: Request, { params }: { params: Promise<{ meetingId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundResponse();
  const origin = new URL(request.url).origin;
  const ics = await meetingIcs(await getDb(), await getCurrentActor(), parsed.data.meetingId, origin);
  if (!ics) return notFoundResponse();
  return new Response(ics.text, {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ics.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-cache",
      Vary: "Cookie",
    },
  });
}
