import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { AppError, type ErrorCode } from "@/lib/errors";
import { exportProposalsCsv } from "@/lib/proposals/review";

const paramsSchema = z.object({ callId: z.uuid() });

const statusOf: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** The promoters' CSV of a call's submitted proposals (see exportProposalsCsv for who may read it). */
export async function GET(_request: Request, { params }: { params: Promise<{ callId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return NextResponse.json({ error: "notFound" }, { status: 404 });
  try {
    const { filename, body } = await exportProposalsCsv(await getDb(), await getCurrentActor(), parsed.data.callId);
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError) return NextResponse.json({ error: error.messageKey }, { status: statusOf[error.code] ?? 400 });
    throw error;
  }
}
