import { z } from "zod";
import { getDb } from "@/db/client";
import { rankingPdf } from "@/lib/documents/generated";
import { documentLocale, fileResponse, notFoundResponse } from "@/lib/documents/response";

const paramsSchema = z.object({ callId: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) });

/**
 * The ranking PDF of one version of a call's published results: public, like the results
 * page; 404 before publication, for a draft call or an unknown version. With ?lang= the
 * URL always gives the same bytes, so it is cached for good.
 */
export async function GET(request: Request, { params }: { params: Promise<{ callId: string; version: string }> }) {
  const raw = await params;
  const parsed = paramsSchema.safeParse({ callId: raw.callId, version: /^\d+$/.test(raw.version) ? raw.version : "x" });
  if (!parsed.success) return notFoundResponse();
  const { locale, explicit } = await documentLocale(request);
  const file = await rankingPdf(await getDb(), parsed.data.callId, parsed.data.version, locale);
  return file ? fileResponse(request, file, { immutable: explicit }) : notFoundResponse();
}
