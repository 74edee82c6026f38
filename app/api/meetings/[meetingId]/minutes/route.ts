import { z } from "zod";
import { getDb } from "@/db/client";
import { documentLocale, fileResponse, notFoundResponse } from "@/lib/documents/response";
import { renderMinutesPdf } from "@/lib/meetings/pdf";
import { approvedMinutesSource } from "@/lib/meetings/queries";

const paramsSchema = z.object({ meetingId: z.uuid() });

/**
 * The PDF of a meeting's approved minutes: public; 404 until they are approved. Approved
 * minutes are frozen, so with ?lang= the URL always gives the same bytes: cached for good.
 */
export async function GET(request: Request, { params }: { params: Promise<{ meetingId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundResponse();
  const source = await approvedMinutesSource(await getDb(), parsed.data.meetingId);
  if (!source) return notFoundResponse();
  const { locale, explicit } = await documentLocale(request);
  const pdf = await renderMinutesPdf(source, locale);
  return fileResponse(request, { ...pdf, mediaType: "application/pdf" }, { immutable: explicit });
}
