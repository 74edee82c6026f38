import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { AUDIT_CSV_HEADER, assertCanExport, auditLogBatches, parseAuditLogFilters } from "@/lib/audittrail/admin";
import { getCurrentActor } from "@/lib/auth/session";
import { CSV_BOM, CSV_RECORD_END, csvRecord } from "@/lib/csv";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * The audit log as CSV for platform admins, with the page's filters, streamed: rows are read
 * in keyset batches of 1,000 and written as they come, so millions of entries never sit in
 * memory. Anyone else: "not found".
 */
export async function GET(request: Request) {
  try {
    assertCanExport(await getCurrentActor());
  } catch (error) {
    if (error instanceof AppError) return NextResponse.json({ error: "notFound" }, { status: 404 });
    throw error;
  }
  const filters = parseAuditLogFilters(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  const encoder = new TextEncoder();
  const batches = auditLogBatches(db, filters);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRecord([...AUDIT_CSV_HEADER]) + CSV_RECORD_END));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value
        .map((r) => csvRecord([r.seq, r.occurredAt, r.action, r.entityType, r.entityId, r.actorName, r.actorEmail, r.organisationName, JSON.stringify(r.data), r.hash]) + CSV_RECORD_END)
        .join("");
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="registro-audit.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
