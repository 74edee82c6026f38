import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitionMembers, coalitions, organisationMembers, type CoalitionRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** The roles the actor's organisations hold in a coalition (a person may represent several). */
export async function getCoalitionRoles(
  db: Db | Tx,
  actor: Actor,
  coalitionId: string,
): Promise<{ organisationId: string; role: CoalitionRole; orgRole: "admin" | "member" }[]> {
  return db
    .select({ organisationId: coalitionMembers.organisationId, role: coalitionMembers.role, orgRole: organisationMembers.role })
    .from(coalitionMembers)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
    .where(and(eq(coalitionMembers.coalitionId, coalitionId), eq(organisationMembers.userId, actor.userId)));
}

export async function isCoalitionPromoter(db: Db | Tx, actor: Actor, coalitionId: string): Promise<boolean> {
  const roles = await getCoalitionRoles(db, actor, coalitionId);
  return roles.some((r) => r.role === "promoter");
}

/**
 * Throws unless the actor represents a promoter organisation of this coalition.
 * A coalition that does not exist is NOT_FOUND; anyone else is FORBIDDEN
 * (coalitions are public, so their existence is no secret).
 */
export async function requireCoalitionPromoter(db: Db | Tx, actor: Actor, coalitionId: string): Promise<void> {
  const [exists] = await db.select({ id: coalitions.id }).from(coalitions).where(eq(coalitions.id, coalitionId));
  if (!exists) throw new AppError("NOT_FOUND", "coalitionNotFound");
  if (!(await isCoalitionPromoter(db, actor, coalitionId))) throw new AppError("FORBIDDEN", "forbidden");
}

/** Organisation ids among `organisationIds` the actor administers. */
export async function organisationsAdministeredBy(db: Db | Tx, actor: Actor, organisationIds: string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .select({ organisationId: organisationMembers.organisationId })
    .from(organisationMembers)
    .where(
      and(
        eq(organisationMembers.userId, actor.userId),
        eq(organisationMembers.role, "admin"),
        inArray(organisationMembers.organisationId, organisationIds),
      ),
    );
  return rows.map((r) => r.organisationId);
}
