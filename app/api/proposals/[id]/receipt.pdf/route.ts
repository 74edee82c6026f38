import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { submissionPdf } from "@/lib/documents/generated";
import { documentLocale, fileResponse, notFoundResponse } from "@/lib/documents/response";

const paramsSchema = z.object({ id: z.uuid() });

/** The receipt PDF of a proposal's submission: accepted partners and the call's promoters only (lib/documents/generated.ts); 404 to anyone else. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundResponse();
  const { locale } = await documentLocale(request);
  const file = await submissionPdf(await getDb(), await getCurrentActor(), parsed.data.id, "receipt", locale);
  return file ? fileResponse(request, file, { immutable: false }) : notFoundResponse();
}
