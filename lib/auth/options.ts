import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { verifyCredentials } from "./credentials";
import { hashPassword } from "./password";

function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const real = headers?.["x-real-ip"];
  return first || (typeof real === "string" ? real : "") || "unknown";
}

/** next-auth configuration: e-mail and password, plus an OpenID Connect provider when configured. */
export const authOptions: NextAuthOptions = {
  secret: env.authSecret,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "E-mail",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        const result = await verifyCredentials(await getDb(), {
          email: credentials.email,
          password: credentials.password,
          ipAddress: clientAddress(req?.headers),
        });
        if (!result.ok) {
          // next-auth passes the message through as the error code: "locked" or the generic one.
          if (result.reason === "locked") throw new Error("locked");
          return null;
        }
        return { id: result.actor.userId, email: result.actor.email, name: result.actor.name };
      },
    }),
    ...(env.oidc
      ? [
          {
            id: "oidc",
            name: env.oidc.name,
            type: "oauth" as const,
            wellKnown: `${env.oidc.issuer}/.well-known/openid-configuration`,
            clientId: env.oidc.clientId,
            clientSecret: env.oidc.clientSecret,
            idToken: true,
            authorization: { params: { scope: "openid email profile" } },
            profile(profile: { sub: string; email: string; name?: string }) {
              return { id: profile.sub, email: profile.email, name: profile.name ?? profile.email };
            },
          },
        ]
      : []),
  ],
  callbacks: {
    async jwt({ token, user, account }) {
      if (user && account?.provider === "oidc" && user.email) {
        token.uid = await findOrCreateOidcUser(user.email, user.name ?? user.email);
      } else if (user) {
        token.uid = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
};

async function findOrCreateOidcUser(email: string, name: string): Promise<string> {
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (existing) return existing.id;
  // An identity-provider user has no password: store a hash of random bytes nobody knows.
  const [created] = await db
    .insert(users)
    .values({ email: email.toLowerCase(), name, passwordHash: await hashPassword(randomBytes(32).toString("hex")) })
    .returning({ id: users.id });
  return created.id;
}
