import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { sealSoon } from "@/lib/audit/after-commit";
import { cronAuthorized } from "@/lib/mail/cron";
import { deliverOutbox } from "@/lib/mail/outbox";
import { runReminders } from "@/lib/notifications/reminders";

export const dynamic = "force-dynamic";
// A run is bounded (lib/notifications/reminders.ts) but may write many notifications.
export const maxDuration = 60;

/**
 * The scheduled reminders (Vercel Cron hourly, or `npm run reminders`): voting opened and
 * closing, draft and incentive deadlines, the daily digest; then sends the mail that is due.
 * Idempotent — run twice, it tells nobody twice. 401 without CRON_SECRET (as a Bearer token).
 */
async function handle(request: Request): Promise<Response> {
  if (!cronAuthorized(request.headers.get("authorization"))) {
    return NextResponse.json({ error: "unauthorized" }, { status: 401, headers: { "cache-control": "no-store" } });
  }
  const db = await getDb();
  // Leaves time to send before the function's limit; what is left waits for the next hour.
  const reminders = await runReminders(db, undefined, { budgetMs: 40_000 });
  const outbox = await deliverOutbox(db, { limit: 200 });
  // Safety net: audit entries whose sealing after commit failed get their place in the chain now (lib/audit).
  await sealSoon(db);
  return NextResponse.json({ reminders, outbox }, { headers: { "cache-control": "no-store" } });
}

export const GET = handle;
export const POST = handle;
