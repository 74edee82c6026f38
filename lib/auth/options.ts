import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { endSessionOnSignOut } from "@/lib/users/sessions";
import { clientAddress, clientAddressConfig } from "./client-address";
import { verifyCredentials } from "./credentials";
import { hashPassword } from "./password";
import { currentSessionVersion, findSessionActor } from "./session-version";

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
          ipAddress: clientAddress(req?.headers, clientAddressConfig()),
        });
        if (!result.ok) {
          // next-auth passes the message through as the error code: "locked", "wait" or the generic one.
          if (result.reason === "locked" || result.reason === "wait") throw new Error(result.reason);
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
      if (!user) return token;
      token.uid = account?.provider === "oidc" && user.email ? await findOrCreateOidcUser(user.email, user.name ?? user.email) : user.id;
      // Stamped once, at sign-in: a later bump (sign-out, password change) revokes this token.
      const version = await currentSessionVersion(await getDb(), token.uid);
      if (version === null) throw new Error("user vanished during sign-in");
      token.sv = version;
      return token;
    },
    async session({ session, token }) {
      if (typeof token.uid !== "string") return session;
      // A revoked token gets no user, also from next-auth's own /api/auth/session.
      if (!(await findSessionActor(await getDb(), { userId: token.uid, sessionVersion: token.sv }))) return { expires: session.expires };
      // Copied for getCurrentActor, the one reader, which checks them against the database itself.
      if (session.user) {
        session.user.id = token.uid;
        session.user.sessionVersion = token.sv;
      }
      return session;
    },
    // Wherever next-auth is about to send the browser (sign-in, sign-out, OIDC return):
    // only a path of this site, decided by lib/safe-redirect.ts.
    async redirect({ url, baseUrl }) {
      return `${baseUrl}${safeRedirectPath(url, baseUrl)}`;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.uid === "string" && typeof token.sv === "number") {
        await endSessionOnSignOut(await getDb(), { userId: token.uid, sessionVersion: token.sv });
      }
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
    // The identity provider vouches for the address (it signs the person in to an existing
    // account by it already), so it counts as confirmed.
    .values({ email: email.toLowerCase(), name, passwordHash: await hashPassword(randomBytes(32).toString("hex")), emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  return created.id;
}
