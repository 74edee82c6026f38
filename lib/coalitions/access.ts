import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitionMembers, coalitions, organisationMembers, type CoalitionRole, type OrganisationRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

export type CoalitionRoleOfActor = {
  organisationId: string;
  role: CoalitionRole;
  orgRole: OrganisationRole;
  /** The actor represents this organisation (lib/auth/permissions.ts): only then do they act for it here. */
  represents: boolean;
};

/**
 * The roles the actor's organisations hold in a coalition (a person may belong to several),
 * each with whether the actor represents that organisation. Rights in the coalition
 * follow `represents`; mere membership only lets the person read as the organisation.
 */
export async function getCoalitionRoles(db: Db | Tx, actor: Actor, coalitionId: string): Promise<CoalitionRoleOfActor[]> {
  const rows = await db
    .select({
      organisationId: coalitionMembers.organisationId,
      role: coalitionMembers.role,
      orgRole: organisationMembers.role,
      isNamedRepresentative: organisationMembers.isRepresentative,
    })
    .from(coalitionMembers)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
    .where(and(eq(coalitionMembers.coalitionId, coalitionId), eq(organisationMembers.userId, actor.userId)));
  return rows.map(({ isNamedRepresentative, ...r }) => ({ ...r, represents: isRepresentative(r.orgRole, isNamedRepresentative) }));
}

/** The promoter organisations of the coalition that the actor represents (DESIGN: only they run it). */
export async function promoterOrganisationsRepresentedBy(db: Db | Tx, actor: Actor, coalitionId: string): Promise<string[]> {
  const roles = await getCoalitionRoles(db, actor, coalitionId);
  return roles.filter((r) => r.role === "promoter" && r.represents).map((r) => r.organisationId);
}

/** The actor represents a promoter organisation of this coalition: a plain member of one does not count. */
export async function isCoalitionPromoter(db: Db | Tx, actor: Actor, coalitionId: string): Promise<boolean> {
  return (await promoterOrganisationsRepresentedBy(db, actor, coalitionId)).length > 0;
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
