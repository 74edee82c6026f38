import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { organisationMembers, type OrganisationRole } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";

/** What each role inside an organisation may do. The one place to read it. */
export const organisationPermissions = {
  "organisation.view": ["admin", "member"],
  "organisation.manage_people": ["admin"],
  "organisation.edit": ["admin"],
} as const satisfies Record<string, readonly OrganisationRole[]>;

export type OrganisationPermission = keyof typeof organisationPermissions;

export function roleAllows(role: OrganisationRole, permission: OrganisationPermission): boolean {
  return (organisationPermissions[permission] as readonly OrganisationRole[]).includes(role);
}

export async function getOrganisationRole(
  db: Db | Tx,
  actor: Actor,
  organisationId: string,
): Promise<OrganisationRole | null> {
  const [row] = await db
    .select({ role: organisationMembers.role })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, actor.userId)));
  return row?.role ?? null;
}

/**
 * Throws unless the actor holds a role with this permission in the organisation.
 * Someone with no role at all gets NOT_FOUND: they may not even know it exists.
 */
export async function requireOrganisationPermission(
  db: Db | Tx,
  actor: Actor,
  organisationId: string,
  permission: OrganisationPermission,
): Promise<OrganisationRole> {
  const role = await getOrganisationRole(db, actor, organisationId);
  if (!role) throw new AppError("NOT_FOUND", "organisationNotFound");
  if (!roleAllows(role, permission)) throw new AppError("FORBIDDEN", "forbidden");
  return role;
}

export function requirePlatformAdmin(actor: Actor): void {
  if (!actor.isPlatformAdmin) throw new AppError("FORBIDDEN", "forbidden");
}
