import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a scheduled route's request carries CRON_SECRET as `Authorization: Bearer …`
 * (what Vercel Cron sends). Refused when the secret is unset or short; compared in
 * constant time (digests of equal length, so not even the length leaks).
 */
export function cronAuthorized(authorization: string | null, secret: string | undefined = process.env.CRON_SECRET): boolean {
  if (!secret || secret.length < 16) return false;
  const given = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : "";
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(secret)) && given.length > 0;
}
