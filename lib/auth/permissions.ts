import { and, eq, or, type SQL } from "drizzle-orm";
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

/**
 * DESIGN "Person and representative": who acts for an organisation in coalitions (votes,
 * join requests and invitations, and for a promoter organisation the coalition and its
 * calls). Every admin does; a member only once an admin has named them. The one rule:
 * `isRepresentative` for rows in hand, `representsOrganisation` for queries joining
 * organisation_members, `requireRepresentative` for services.
 */
export function isRepresentative(role: OrganisationRole, isNamedRepresentative: boolean): boolean {
  return role === "admin" || isNamedRepresentative;
}

/** `isRepresentative` as a condition on organisation_members, for queries that join it. */
export function representsOrganisation(): SQL {
  return or(eq(organisationMembers.role, "admin"), eq(organisationMembers.isRepresentative, true))!;
}

export type Membership = { role: OrganisationRole; isNamedRepresentative: boolean; represents: boolean };

/** The actor's membership of the organisation and whether it makes them a representative; null when none. */
export async function getMembership(db: Db | Tx, actor: Actor, organisationId: string): Promise<Membership | null> {
  const [row] = await db
    .select({ role: organisationMembers.role, isNamedRepresentative: organisationMembers.isRepresentative })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, actor.userId)));
  return row ? { ...row, represents: isRepresentative(row.role, row.isNamedRepresentative) } : null;
}

/**
 * Throws unless the actor represents the organisation. Someone with no role at all gets
 * NOT_FOUND (as requireOrganisationPermission); a member not named gets FORBIDDEN.
 */
export async function requireRepresentative(db: Db | Tx, actor: Actor, organisationId: string): Promise<Membership> {
  const membership = await getMembership(db, actor, organisationId);
  if (!membership) throw new AppError("NOT_FOUND", "organisationNotFound");
  if (!membership.represents) throw new AppError("FORBIDDEN", "notRepresentative");
  return membership;
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
