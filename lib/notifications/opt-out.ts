import { createHmac, timingSafeEqual } from "node:crypto";
import { now } from "@/lib/clock";
import { isNotificationKind, type NotificationKind } from "./kinds";

/** An opt-out link in an e-mail works for this long after the e-mail was written. */
export const OPT_OUT_TTL_MS = 60 * 24 * 60 * 60_000;

function secret(): string {
  // checkServerEnv refuses to start a production server without AUTH_SECRET.
  return process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET || "tavolo-development-only-secret";
}

function sign(payload: string): string {
  return createHmac("sha256", secret()).update(`notification-opt-out:${payload}`).digest("base64url");
}

/**
 * The token of an e-mail's one-click opt-out: it names one person and one kind and expires;
 * it can only move that kind to in-app (it authorizes nothing else, and carries no session).
 */
export function optOutToken(userId: string, kind: NotificationKind, at: Date = now()): string {
  const payload = `${userId}.${kind}.${Math.floor((at.getTime() + OPT_OUT_TTL_MS) / 1000)}`;
  return `${Buffer.from(payload).toString("base64url")}.${sign(payload)}`;
}

/** The person and kind a token names, or null when it is malformed, forged or expired. */
export function readOptOutToken(token: string, at: Date = now()): { userId: string; kind: NotificationKind } | null {
  if (typeof token !== "string" || token.length > 300) return null;
  const [encoded, signature, extra] = token.split(".");
  if (!encoded || !signature || extra !== undefined) return null;
  const payload = Buffer.from(encoded, "base64url").toString("utf8");
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const match = /^([0-9a-f-]{36})\.([a-z_]+)\.(\d{1,12})$/.exec(payload);
  if (!match || !isNotificationKind(match[2])) return null;
  if (Number(match[3]) * 1000 < at.getTime()) return null;
  return { userId: match[1], kind: match[2] };
}
