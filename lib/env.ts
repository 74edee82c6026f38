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
