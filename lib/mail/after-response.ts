import { after } from "next/server";
import { getDb } from "@/db/client";
import { deliverSoon, smtpTransport } from "./outbox";

/**
 * Called by an action once its service has committed: the mail it queued (the e-mails of
 * its notifications, say) goes out right after the response is on its way, so sending never
 * delays the answer nor fails the action. Only with an SMTP transport (without one the
 * outbox keeps everything, as in the demo). Whatever is missed or fails here the cron route
 * (/api/cron/outbox) sends on its next run.
 */
export function sendMailAfterResponse(): void {
  if (!smtpTransport()) return;
  try {
    after(async () => deliverSoon(await getDb(), undefined));
  } catch (error) {
    // Outside a request (a script, a test) there is no response to wait for: the cron route sends it.
    console.error("Could not schedule sending after the response; the outbox keeps the mail for the cron route", error);
  }
}
