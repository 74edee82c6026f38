import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { findReadableDocument } from "@/lib/documents/access";
import { downloadHeaders, etagMatches } from "@/lib/documents/download";
import { blobStream } from "@/lib/documents/storage";

const paramsSchema = z.object({ id: z.uuid() });

function notFound() {
  return NextResponse.json({ error: "documentNotFound" }, { status: 404, headers: { "Cache-Control": "private, no-store" } });
}

/**
 * Downloads one document, streamed from storage, to whoever may read it (lib/documents/access.ts);
 * everyone else gets "not found", whether it exists or not.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFound();
  const found = await findReadableDocument(await getDb(), await getCurrentActor(), parsed.data.id);
  if (!found) return notFound();
  const headers = downloadHeaders(found.document, found.isPublic);
  if (etagMatches(request.headers.get("if-none-match"), headers.ETag)) {
    const { ETag, "Cache-Control": cacheControl } = headers;
    return new Response(null, { status: 304, headers: { ETag, "Cache-Control": cacheControl } });
  }
  return new Response(blobStream(found.document.sha256), { headers });
}
