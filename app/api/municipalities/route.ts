import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { searchMunicipalities } from "@/lib/municipalities";

const querySchema = z.object({ q: z.string().trim().max(60).default("") });

/** Public search over the ISTAT list of municipalities (no personal data). */
export function GET(request: NextRequest) {
  const parsed = querySchema.safeParse({ q: request.nextUrl.searchParams.get("q") ?? undefined });
  if (!parsed.success) return NextResponse.json({ error: "invalidInput" }, { status: 400 });
  return NextResponse.json(
    { results: searchMunicipalities(parsed.data.q, 25) },
    { headers: { "Cache-Control": "public, max-age=86400" } },
  );
}
