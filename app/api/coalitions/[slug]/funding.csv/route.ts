import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { AppError, type ErrorCode } from "@/lib/errors";
import { parseCoalitionFundingFilters } from "@/lib/incentives/coalition-funding";
import { exportCoalitionFundingCsv } from "@/lib/incentives/coalition-funding-csv";

const statusOf: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 404, NOT_FOUND: 404 };

/** The coalition's grants and applications as CSV, with the page's filters; promoters and platform admins only, "not found" for anyone else. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (slug.length === 0 || slug.length > 200) return NextResponse.json({ error: "notFound" }, { status: 404 });
  const { programme, status, organisationId } = parseCoalitionFundingFilters(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const { filename, body } = await exportCoalitionFundingCsv(await getDb(), await getCurrentActor(), slug, { programme, status, organisationId });
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
