import { z } from "zod";
import { getDb } from "@/db/client";
import { resultsCsv } from "@/lib/documents/generated";
import { fileResponse, notFoundResponse } from "@/lib/documents/response";

const paramsSchema = z.object({ callId: z.uuid() });

/** The published results of a call as CSV, every version (lib/csv.ts): public once published, 404 before. */
export async function GET(request: Request, { params }: { params: Promise<{ callId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundResponse();
  const file = await resultsCsv(await getDb(), parsed.data.callId);
  // A correction adds a version to the same file, so it is revalidated rather than cached for good.
  return file ? fileResponse(request, file, { immutable: false }) : notFoundResponse();
}
