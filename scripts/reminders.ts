/**
 * `npm run reminders`: the scheduled reminders (voting opened and closing, draft and incentive
 * deadlines, the daily digest), then the mail that is due through SMTP_URL — what
 * /api/cron/reminders does, for hosts without Vercel Cron. Schedule it hourly (the digest
 * goes out on the first run from 07:00 Rome time). Safe to run twice or alongside the server.
 */
import { closeDb, getDb } from "@/db/client";
import { deliverOutbox, smtpTransport } from "@/lib/mail/outbox";
import { runReminders } from "@/lib/notifications/reminders";

async function main(): Promise<void> {
  const db = await getDb();
  const counts = await runReminders(db);
  console.log(
    `Reminders: ${counts.voting_opened} voting opened, ${counts.voting_closing} voting closing, ${counts.draft_deadline} draft deadline, ${counts.incentive_deadline} incentive deadline; ${counts.digest} digests (${counts.digestItems} items)${counts.failed ? `; ${counts.failed} failed, retried next run` : ""}.`,
  );
  if (!smtpTransport()) {
    console.log("SMTP_URL is not set: the mail stays in the outbox (the local outbox page shows it).");
    return;
  }
  const report = await deliverOutbox(db, { limit: 500 });
  console.log(`Outbox: ${report.sent} sent, ${report.retried} to retry later, ${report.failed} given up.`);
}

main()
  .then(() => closeDb())
  .catch(async (error) => {
    console.error(error);
    await closeDb();
    process.exit(1);
  });
