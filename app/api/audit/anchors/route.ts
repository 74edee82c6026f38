import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { listPublishedAnchors } from "@/lib/audit/queries";

// Read at each request: a cached list would hide a decision just published.
export const dynamic = "force-dynamic";

/**
 * Every anchor published with a public decision (sequence number and hash of the audit
 * chain's head then), with the page that shows it. Save it: `npm run audit:verify -- FILE`
 * later holds the log to it.
 */
export async function GET() {
  const anchors = await listPublishedAnchors(await getDb());
  return NextResponse.json(
    {
      anchors: anchors.map((a) => ({
        seq: a.seq,
        hash: a.hash,
        action: a.action,
        entityType: a.entityType,
        entityId: a.entityId,
        version: a.version,
        publishedAt: a.publishedAt.toISOString(),
        page: a.page,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
