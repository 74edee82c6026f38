import { env } from "@/lib/env";

/** Read on each call (not once), so tests and scripts can set them. */
export function smtpUrl(): string | null {
  return process.env.SMTP_URL?.trim() || null;
}

/** The sender's address: MAIL_FROM, else no-reply at the site's host. */
export function mailFrom(): string {
  const configured = process.env.MAIL_FROM?.trim();
  if (configured) return configured;
  let host = "localhost";
  try {
    host = new URL(env.appUrl).hostname;
  } catch {
    // keep localhost
  }
  return `Tavolo <no-reply@${host}>`;
}

/** The site's address for the links in e-mails. */
export function appUrl(): string {
  return (process.env.APP_URL || process.env.NEXTAUTH_URL || env.appUrl).replace(/\/+$/, "");
}

/**
 * Who may read the local outbox page. It shows one-time links (password resets), so:
 * platform admins always; everybody else when the operator said so explicitly with
 * MAIL_OUTBOX_PUBLIC=1 — the demo, and the browser tests, which run `next start` with a
 * local SMTP server capturing the mail (e2e/serve.mjs): the explicit choice wins over
 * SMTP_URL. Never set it on a real site: anyone could read anyone's reset link. Without
 * it, everybody only when no SMTP server is configured AND the server is not a production
 * one; with SMTP configured, nobody but the admins.
 */
export function outboxOpenToEveryone(source: Record<string, string | undefined> = process.env): boolean {
  if (source.MAIL_OUTBOX_PUBLIC === "1") return true;
  if (source.SMTP_URL?.trim()) return false;
  return source.NODE_ENV !== "production";
}

export function canReadOutbox(actor: { isPlatformAdmin: boolean } | null, source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(actor?.isPlatformAdmin) || outboxOpenToEveryone(source);
}
