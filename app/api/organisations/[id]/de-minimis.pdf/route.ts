import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { documentLocale, fileResponse } from "@/lib/documents/response";
import { AppError, type ErrorCode } from "@/lib/errors";
import { exportDeMinimisPdf } from "@/lib/incentives/ledger-pdf";

const paramsSchema = z.object({ id: z.uuid() });

const statusOf: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 404, NOT_FOUND: 404 };

/**
 * An organisation's de minimis ledger as a PDF (the self-declaration table), in the language
 * of `?lang=it|en` or the visitor's; for its members only, as the CSV: anyone else is told "not found".
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return NextResponse.json({ error: "notFound" }, { status: 404 });
  try {
    const { locale } = await documentLocale(request);
    const file = await exportDeMinimisPdf(await getDb(), await getCurrentActor(), parsed.data.id, locale);
    const response = fileResponse(request, file, { immutable: false });
    response.headers.set("Cache-Control", "private, no-store");
    return response;
  } catch (error) {
    if (error instanceof AppError) return NextResponse.json({ error: error.messageKey }, { status: statusOf[error.code] ?? 400 });
    throw error;
  }
}
