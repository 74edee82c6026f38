import { z } from "zod";

const schema = z.object({
  AUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("SPID / CIE"),
  APP_URL: z.url().optional(),
  IS_DEMO: z.enum(["0", "1"]).optional(),
});

const parsed = schema.parse(process.env);

/** Environment, read and validated once. */
export const env = {
  authSecret: parsed.AUTH_SECRET ?? parsed.NEXTAUTH_SECRET,
  oidc:
    parsed.OIDC_ISSUER && parsed.OIDC_CLIENT_ID && parsed.OIDC_CLIENT_SECRET
      ? { issuer: parsed.OIDC_ISSUER, clientId: parsed.OIDC_CLIENT_ID, clientSecret: parsed.OIDC_CLIENT_SECRET, name: parsed.OIDC_NAME }
      : null,
  appUrl: parsed.APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000",
  isDemo: parsed.IS_DEMO !== "0",
};

export const MISSING_AUTH_SECRET =
  "Tavolo refuses to start: AUTH_SECRET is not set. In production every session is signed with it, " +
  "so without it every page would fail. Set AUTH_SECRET (or NEXTAUTH_SECRET) to a random value of at " +
  "least 16 characters, e.g. the output of `openssl rand -base64 32`, and start again.";

export const NO_TRUSTED_CLIENT_ADDRESS =
  "Tavolo cannot tell clients apart by address: it is not on Vercel, TRUSTED_PROXY_HOPS is not set and it " +
  "was not started by server.mjs (`npm start`). Sign-in then limits guesses per e-mail only. Start it with " +
  "`npm start`, or set TRUSTED_PROXY_HOPS to the number of proxies in front of it.";

/**
 * What the server checks before serving (instrumentation.ts): errors stop it, warnings
 * are printed. A production server without a session secret would start and then
 * answer 500 on every page, public ones included; it must refuse instead.
 */
export function checkServerEnv(source: Record<string, string | undefined>): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const secret = source.AUTH_SECRET || source.NEXTAUTH_SECRET;
  if (source.NODE_ENV === "production" && !secret) errors.push(MISSING_AUTH_SECRET);
  const hops = Number.parseInt(source.TRUSTED_PROXY_HOPS ?? "", 10);
  const addressKnown = source.VERCEL === "1" || (Number.isFinite(hops) && hops > 0) || Boolean(source.TAVOLO_PEER_SECRET);
  if (source.NODE_ENV === "production" && !addressKnown) warnings.push(NO_TRUSTED_CLIENT_ADDRESS);
  return { errors, warnings };
}
