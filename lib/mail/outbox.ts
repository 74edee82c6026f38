import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db, Tx } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { now } from "@/lib/clock";
import type { Locale } from "@/lib/i18n/config";
import { mailFrom, smtpUrl } from "./config";
import { renderMail, type MailKind } from "./templates";

/** One message as handed to the transport. */
export type OutgoingMail = { from: string; to: string; subject: string; text: string; html: string; headers?: Record<string, string> };
/** Sends one message or throws. */
export type MailTransport = (mail: OutgoingMail) => Promise<void>;

/** Waits before the next attempt, by attempts made so far; after the last the mail is given up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000, 12 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** While one sender holds a mail, nobody else takes it (a crashed sender's mail comes back after this). */
export const SEND_LEASE_MS = 5 * 60_000;

/**
 * Writes an e-mail to the outbox inside the caller's transaction: it exists if and only if
 * the event that caused it committed. It is sent after commit by deliverOutbox.
 */
export async function enqueueMail(
  tx: Tx,
  mail: { to: string; userId: string | null; kind: MailKind; locale: Locale; values: { name: string; link: string } },
): Promise<string> {
  const rendered = renderMail(mail.kind, mail.locale, mail.values);
  const at = now();
  const [row] = await tx
    .insert(emailOutbox)
    .values({
      toAddress: mail.to,
      userId: mail.userId,
      kind: mail.kind,
      locale: mail.locale,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      nextAttemptAt: at,
      createdAt: at,
    })
    .returning({ id: emailOutbox.id });
  return row.id;
}

export type RenderedOutboxMail = { to: string; userId: string | null; kind: string; locale: Locale; subject: string; text: string; html: string; headers?: Record<string, string> };

/**
 * Writes an e-mail already rendered (notifications, digests) to the outbox inside the
 * caller's transaction, with its extra headers (List-Unsubscribe).
 */
export async function enqueueRenderedMail(tx: Tx | Db, mail: RenderedOutboxMail): Promise<string> {
  const [id] = await enqueueRenderedMails(tx, [mail]);
  return id;
}

/**
 * Many rendered e-mails in one insert (a notification to a whole coalition: one statement per
 * thousand people instead of one per person). Callers keep a batch under PostgreSQL's bind
 * parameters (10 a row). Returns the outbox ids.
 */
export async function enqueueRenderedMails(tx: Tx | Db, mails: RenderedOutboxMail[]): Promise<string[]> {
  if (mails.length === 0) return [];
  const at = now();
  const rows = await tx
    .insert(emailOutbox)
    .values(
      mails.map((mail) => ({
        toAddress: mail.to,
        userId: mail.userId,
        kind: mail.kind,
        locale: mail.locale,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        headers: mail.headers ?? null,
        nextAttemptAt: at,
        createdAt: at,
      })),
    )
    .returning({ id: emailOutbox.id });
  return rows.map((row) => row.id);
}

let cached: { url: string; transport: MailTransport } | null = null;

/** The SMTP transport of SMTP_URL, or null when none is configured (the mail stays in the outbox). */
export function smtpTransport(): MailTransport | null {
  const url = smtpUrl();
  if (!url) return null;
  if (cached?.url !== url) {
    const transporter = nodemailer.createTransport(url);
    cached = {
      url,
      transport: async (mail) => {
        await transporter.sendMail(mail);
      },
    };
  }
  return cached.transport;
}

export type DeliveryReport = { sent: number; retried: number; failed: number };

/**
 * Sends the mail that is due: claims up to `limit` pending rows whose time has come
 * (FOR UPDATE SKIP LOCKED, then a lease moves their next attempt forward and counts the
 * attempt, committed before any sending), so two runs at once — the request that wrote
 * the mail and the cron route, say — never send the same mail twice. A failure keeps
 * the error and schedules the next attempt; after MAX_ATTEMPTS the mail is marked failed.
 * Without a transport (no SMTP_URL) it sends nothing and leaves every mail where it is.
 */
export async function deliverOutbox(
  db: Db,
  options: { transport?: MailTransport | null; limit?: number; ids?: string[] } = {},
): Promise<DeliveryReport> {
  const transport = options.transport === undefined ? smtpTransport() : options.transport;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  if (!transport) return report;
  const at = now();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.status, "pending"),
          lte(emailOutbox.nextAttemptAt, at),
          options.ids ? inArray(emailOutbox.id, options.ids.length ? options.ids : ["00000000-0000-0000-0000-000000000000"]) : undefined,
        ),
      )
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(emailOutbox)
      .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(at.getTime() + SEND_LEASE_MS) })
      .where(
        inArray(
          emailOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  const from = mailFrom();
  for (const row of claimed) {
    try {
      await transport({ from, to: row.toAddress, subject: row.subject, text: row.textBody, html: row.htmlBody, headers: row.headers ?? undefined });
      await db.update(emailOutbox).set({ status: "sent", sentAt: now(), lastError: null }).where(eq(emailOutbox.id, row.id));
      report.sent += 1;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const gaveUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .update(emailOutbox)
        .set(
          gaveUp
            ? { status: "failed", lastError: message }
            : { lastError: message, nextAttemptAt: new Date(now().getTime() + RETRY_DELAYS_MS[row.attempts - 1]) },
        )
        .where(eq(emailOutbox.id, row.id));
      if (gaveUp) report.failed += 1;
      else report.retried += 1;
    }
  }
  return report;
}

/**
 * After an action committed: sends its mail (those ids, or whatever is due when none are
 * named) now, never failing the action (the cron route retries what fails).
 */
export async function deliverSoon(db: Db, ids: string[] | undefined): Promise<void> {
  if (ids?.length === 0 || !smtpTransport()) return;
  try {
    await deliverOutbox(db, { ids, limit: 20 });
  } catch (error) {
    console.error("Sending e-mail after commit failed; the outbox keeps it for the next run", error);
  }
}

export const OUTBOX_PAGE_SIZE = 50;

/** The latest mail, newest first, optionally for one recipient (bounded: the local outbox page). */
export async function latestOutbox(db: Db, filter: { to?: string } = {}) {
  const to = filter.to?.trim().toLowerCase();
  return db
    .select()
    .from(emailOutbox)
    .where(to ? sql`lower(${emailOutbox.toAddress}) = ${to}` : undefined)
    .orderBy(sql`${emailOutbox.createdAt} desc, ${emailOutbox.id} desc`)
    .limit(OUTBOX_PAGE_SIZE);
}

/** The links written out in a plain-text mail. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}
