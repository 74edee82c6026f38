import { z } from "zod";
import { getDb } from "@/db/client";
import { notFoundResponse } from "@/lib/documents/response";
import { getResultsVersionSummary, streamResultReceipts } from "@/lib/voting/queries";

const paramsSchema = z.object({ callId: z.uuid() });
const versionSchema = z.coerce.number().int().min(1).max(1_000_000);

/**
 * The counted ballots' receipt hashes of a published results version, as a text file: one
 * hash a line in fingerprint order, so `sha256sum` of the file is the published fingerprint.
 * Streamed in keyset batches (lib/voting/queries.ts streamResultReceipts). `?version=N` names
 * a version, which never changes: cached for good; without it, the latest, revalidated.
 */
export async function GET(request: Request, { params }: { params: Promise<{ callId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundResponse();
  const versionParam = new URL(request.url).searchParams.get("version");
  const version = versionParam === null ? null : versionSchema.safeParse(versionParam);
  if (version && !version.success) return notFoundResponse();
  const db = await getDb();
  const summary = await getResultsVersionSummary(db, parsed.data.callId, version ? version.data : null);
  if (!summary) return notFoundResponse();
  const immutable = version !== null;
  const etag = `"${summary.fingerprint}"`;
  const headers = new Headers({
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Disposition": `attachment; filename="receipts-v${summary.version}.txt"`,
    "X-Content-Type-Options": "nosniff",
    ETag: etag,
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, no-cache",
  });
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((m) => m.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(streamResultReceipts(db, { callId: summary.callId, version: summary.version }), { status: 200, headers });
}
