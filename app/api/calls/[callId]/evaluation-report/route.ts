import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { documentLocale, fileResponse, notFoundResponse } from "@/lib/documents/response";
import { evaluationReportFile } from "@/lib/evaluation/report";

/**
 * The committee's report (verbale di valutazione) of a call as PDF: for its committee and
 * promoters once approved, for everyone once the results are published; 404 otherwise.
 */
export async function GET(request: Request, { params }: { params: Promise<{ callId: string }> }) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) return notFoundResponse();
  const { locale } = await documentLocale(request);
  const file = await evaluationReportFile(await getDb(), await getCurrentActor(), callId, locale);
  return file ? fileResponse(request, file, { immutable: false }) : notFoundResponse();
}
