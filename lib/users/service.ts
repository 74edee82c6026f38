import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { signUpSchema } from "./schemas";

/** Creates a person with a hashed password. Throws VALIDATION, CONFLICT (e-mail taken). */
export async function signUp(db: Db, input: unknown): Promise<{ userId: string }> {
  const data = parseInput(signUpSchema, input);
  const email = data.email.toLowerCase();
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email, name: data.name, passwordHash }).returning({ id: users.id });
      await record(tx, {
        actorUserId: user.id,
        action: "user.signed_up",
        entityType: "user",
        entityId: user.id,
        data: { name: data.name },
      });
      return { userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_unique")) {
      throw new AppError("CONFLICT", "emailTaken", { email: ["emailTaken"] });
    }
    throw error;
  }
}

/**
 * Makes an existing person a platform admin, or creates one with the given password.
 * Used by the seed and by `npm run admin:create`. Throws VALIDATION.
 */
export async function ensurePlatformAdmin(
  db: Db,
  input: { email: string; name?: string; password?: string },
): Promise<{ userId: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  if (existing) {
    if (existing.isPlatformAdmin) return { userId: existing.id, created: false };
    await db.transaction(async (tx) => {
      await tx.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, existing.id));
      await record(tx, { actorUserId: null, action: "user.platform_admin_granted", entityType: "user", entityId: existing.id });
    });
    return { userId: existing.id, created: false };
  }
  if (!input.password) throw new AppError("VALIDATION", "passwordTooShort", { password: ["passwordTooShort"] });
  const { userId } = await signUp(db, { name: input.name ?? email, email, password: input.password });
  await db.transaction(async (tx) => {
    await tx.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, userId));
    await record(tx, { actorUserId: null, action: "user.platform_admin_granted", entityType: "user", entityId: userId });
  });
  return { userId, created: true };
}
