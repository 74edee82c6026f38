/* eslint-disable @typescript-eslint/consistent-type-definitions -- module augmentation needs interfaces */
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: { id?: string; sessionVersion?: number; name?: string | null; email?: string | null; image?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The person's session version when the token was issued (lib/auth/session-version.ts). */
    sv?: number;
  }
}
