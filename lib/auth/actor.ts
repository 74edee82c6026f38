import { AppError } from "@/lib/errors";

/** Who is acting: the signed-in person, as services see them. */
export type Actor = { userId: string; email: string; name: string; isPlatformAdmin: boolean };

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "signInRequired");
  return actor;
}
