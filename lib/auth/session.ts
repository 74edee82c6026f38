import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "./actor";
import { authOptions } from "./options";

/** The only reader of the session: the signed-in person as stored now, or null. */
export async function getCurrentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  return { userId: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin };
}

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
