import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** One message the local SMTP server of e2e/serve.mjs captured (e2e/mail-capture.mjs). */
export type CapturedMail = {
  to: string[];
  from: string | null;
  subject: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  html: string;
  receivedAt: string;
};

/** The file the capture server of the run on E2E_PORT writes (the same path as mailCaptureFile in e2e/mail-capture.mjs). */
export function mailCaptureFile(port = Number(process.env.E2E_PORT ?? 3100)): string {
  return path.join(os.tmpdir(), `tavolo-e2e-mail-${port}.jsonl`);
}

/** Every message captured so far in this run, oldest first. */
export function capturedMail(): CapturedMail[] {
  const file = mailCaptureFile();
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CapturedMail);
}

/**
 * The newest captured message to `to` that `match` accepts, waiting for it (mail leaves after
 * the response, so it lands a moment after the action that wrote it).
 */
export async function waitForMail(to: string, match: (mail: CapturedMail) => boolean = () => true, timeoutMs = 15_000): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = capturedMail()
      .filter((mail) => mail.to.some((address) => address.toLowerCase() === to.toLowerCase()) && match(mail))
      .at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no captured mail to ${to} within ${timeoutMs} ms (${mailCaptureFile()})`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The links of a message's plain text. */
export function linksOf(mail: CapturedMail): string[] {
  return [...new Set(mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}

/** What would make a mail load something or tell someone it was opened: images, scripts, styles or frames from anywhere, pixels. */
export function trackingIn(html: string): string[] {
  const found: string[] = [];
  for (const pattern of [/<img\b/gi, /<script\b/gi, /<link\b/gi, /<iframe\b/gi, /<object\b/gi, /<embed\b/gi, /<video\b/gi, /<audio\b/gi, /\bsrc\s*=/gi, /\bbackground\s*=/gi, /url\s*\(/gi, /@import/gi]) {
    found.push(...(html.match(pattern) ?? []));
  }
  return found;
}
