import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { sealSoon } from "@/lib/audit/after-commit";
import { cronAuthorized } from "@/lib/mail/cron";
import { deliverOutbox } from "@/lib/mail/outbox";

export const dynamic = "force-dynamic";

/**
 * Drains the e-mail outbox (Vercel Cron, or `npm run outbox`): sends what is due and
 * schedules retries. Idempotent — a mail being sent or sent is never taken again, so two
 * runs at once or one after the other send each mail once. 401 without CRON_SECRET.
 */
async function handle(request: Request): Promise<Response> {
  if (!cronAuthorized(request.headers.get("authorization"))) {
    return NextResponse.json({ error: "unauthorized" }, { status: 401, headers: { "cache-control": "no-store" } });
  }
  const db = await getDb();
  const report = await deliverOutbox(db, { limit: 200 });
  // Safety net: audit entries whose sealing after commit failed get their place in the chain now (lib/audit).
  await sealSoon(db);
  return NextResponse.json(report, { headers: { "cache-control": "no-store" } });
}

export const GET = handle;
export const POST = handle;
