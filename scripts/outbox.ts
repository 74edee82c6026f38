/**
 * `npm run outbox`: sends the e-mail that is due in the outbox through SMTP_URL, once
 * (schedule it, e.g. every minute, where there is no Vercel Cron). Safe to run while the
 * server also sends: each mail is taken by one sender only.
 */
import { closeDb, getDb } from "@/db/client";
import { deliverOutbox, smtpTransport } from "@/lib/mail/outbox";

async function main(): Promise<void> {
  if (!smtpTransport()) {
    console.log("SMTP_URL is not set: the mail stays in the outbox (the local outbox page shows it).");
    return;
  }
  const report = await deliverOutbox(await getDb(), { limit: 500 });
  console.log(`Outbox: ${report.sent} sent, ${report.retried} to retry later, ${report.failed} given up.`);
}

main()
  .then(() => closeDb())
  .catch(async (error) => {
    console.error(error);
    await closeDb();
    process.exit(1);
  });
