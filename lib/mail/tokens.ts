import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { emailTokens, users } from "@/db/schema";
import { now } from "@/lib/clock";

export type TokenPurpose = "password_reset" | "email_verification";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  password_reset: 60 * 60_000,
  email_verification: 48 * 60 * 60_000,
};

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new one-time token for the person's current address: the raw token (to mail), only its hash stored. */
export async function issueToken(tx: Tx, user: { id: string; email: string }, purpose: TokenPurpose): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const at = now();
  await tx.insert(emailTokens).values({
    userId: user.id,
    purpose,
    email: user.email.toLowerCase(),
    tokenHash: hashToken(token),
    expiresAt: new Date(at.getTime() + TOKEN_TTL_MS[purpose]),
    createdAt: at,
  });
  return token;
}

/**
 * Uses a token once: it must exist for this purpose, be unused and unexpired, and name the
 * address the person has now. Marks it and every other open token of the same person and
 * purpose used, and returns the person — or null, whatever the reason (the caller says
 * the same thing for all of them).
 */
export async function consumeToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<{ userId: string; email: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const at = now();
  const [row] = await tx
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, purpose)))
    .for("update");
  if (!row || row.usedAt || row.expiresAt.getTime() <= at.getTime()) return null;
  const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, row.userId)).for("update");
  if (!user || user.email.toLowerCase() !== row.email) return null;
  await tx
    .update(emailTokens)
    .set({ usedAt: at })
    .where(and(eq(emailTokens.userId, row.userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  return { userId: user.id, email: user.email };
}

/** Whether a token is still usable (for the page that shows the form), without using it. */
export async function tokenIsOpen(tx: Tx, token: string, purpose: TokenPurpose): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  const [row] = await tx
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.tokenHash, hashToken(token)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now()),
        sql`lower(${users.email}) = ${emailTokens.email}`,
      ),
    );
  return Boolean(row);
}
