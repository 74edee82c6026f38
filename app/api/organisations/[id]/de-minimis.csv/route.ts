import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { AppError, type ErrorCode } from "@/lib/errors";
import { exportDeMinimisCsv } from "@/lib/incentives/ledger-csv";

const paramsSchema = z.object({ id: z.uuid() });

const statusOf: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 404, NOT_FOUND: 404 };

/** An organisation's de minimis ledger as CSV, for its members only; anyone else is told "not found". */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return NextResponse.json({ error: "notFound" }, { status: 404 });
  try {
    const { filename, body } = await exportDeMinimisCsv(await getDb(), await getCurrentActor(), parsed.data.id);
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
