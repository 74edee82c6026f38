import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organisationInvitations, organisationMembers, organisations, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { epochMicros, keysetCounts, keysetPage, keysetRange, keysetRequest, keysetWhere, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { invitationState } from "./policy";
import { hashToken } from "./service";

const organisationColumns = {
  id: organisations.id,
  kind: organisations.kind,
  legalName: organisations.legalName,
  partitaIva: organisations.partitaIva,
  codiceFiscale: organisations.codiceFiscale,
  codiceIpa: organisations.codiceIpa,
  atecoCode: organisations.atecoCode,
  sizeClass: organisations.sizeClass,
  municipalityCode: organisations.municipalityCode,
  status: organisations.status,
  rejectionReason: organisations.rejectionReason,
  createdAt: organisations.createdAt,
};

/** The organisations the actor belongs to, with their role in each. */
export async function listMyOrganisations(db: Db, actor: Actor) {
  return db
    .select({ ...organisationColumns, role: organisationMembers.role })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, actor.userId))
    .orderBy(asc(organisations.legalName));
}

/** One organisation as seen by one of its people; null for anyone else ("not found"). */
export async function getMyOrganisation(db: Db, actor: Actor, organisationId: string) {
  const [row] = await db
    .select({ ...organisationColumns, role: organisationMembers.role })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(and(eq(organisationMembers.userId, actor.userId), eq(organisations.id, organisationId)));
  return row ?? null;
}

/** The people of an organisation, for its own members only, with whether each represents it (admins always do). */
export async function listOrganisationPeople(db: Db, actor: Actor, organisationId: string) {
  if (!(await getMyOrganisation(db, actor, organisationId))) return [];
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: organisationMembers.role,
      isNamedRepresentative: organisationMembers.isRepresentative,
      since: organisationMembers.createdAt,
    })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .where(eq(organisationMembers.organisationId, organisationId))
    .orderBy(asc(users.name))
    .then((rows) => rows.map((r) => ({ ...r, represents: isRepresentative(r.role, r.isNamedRepresentative) })));
}

/** Invitations of an organisation with their state, for its admins only. */
export async function listOrganisationInvitations(db: Db, actor: Actor, organisationId: string) {
  const mine = await getMyOrganisation(db, actor, organisationId);
  if (mine?.role !== "admin") return [];
  const rows = await db
    .select({
      id: organisationInvitations.id,
      email: organisationInvitations.email,
      role: organisationInvitations.role,
      expiresAt: organisationInvitations.expiresAt,
      acceptedAt: organisationInvitations.acceptedAt,
      revokedAt: organisationInvitations.revokedAt,
      createdAt: organisationInvitations.createdAt,
    })
    .from(organisationInvitations)
    .where(eq(organisationInvitations.organisationId, organisationId))
    .orderBy(desc(organisationInvitations.createdAt));
  const at = now();
  return rows.map((r) => ({ ...r, state: invitationState(r, at) }));
}

/**
 * Organisations waiting for verification, oldest first, 50 a page: platform admins only.
 * Keyset on (created_at to the microsecond, id); the total and the page's position are SQL
 * counts of the pending ones.
 */
export async function listPendingOrganisations(db: Db, actor: Actor, options: { after?: KeyCursor<number>; before?: KeyCursor<number>; size?: number } = {}) {
  if (!actor.isPlatformAdmin) return { organisations: [], total: 0, from: 0, to: 0, next: undefined, previous: undefined };
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const at = epochMicros(organisations.createdAt);
  const key = sql`(${at}, ${organisations.id})`;
  const bound = (c: KeyCursor<number>) => sql`(${c.value}::bigint, ${c.id}::uuid)`;
  const scope = eq(organisations.status, "pending");
  const rows = await db
    .select({ ...organisationColumns, creatorName: users.name, creatorEmail: users.email, at })
    .from(organisations)
    .leftJoin(users, eq(users.id, organisations.createdBy))
    .where(and(scope, keysetWhere(key, cursor && bound(cursor), backwards)))
    .orderBy(...(backwards ? [desc(organisations.createdAt), desc(organisations.id)] : [asc(organisations.createdAt), asc(organisations.id)]))
    .limit(size + 1);
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, (r) => ({ value: r.at, id: r.id }));
  const first = page[0];
  const [counts] = await db
    .select(keysetCounts(key, first && bound({ value: first.at, id: first.id })))
    .from(organisations)
    .where(scope);
  return { organisations: page, ...keysetRange(counts, page.length), next, previous };
}

/** What the invitation page shows before accepting: only the organisation's name and the state. */
export async function getInvitationByToken(db: Db, token: string) {
  const [row] = await db
    .select({
      email: organisationInvitations.email,
      role: organisationInvitations.role,
      expiresAt: organisationInvitations.expiresAt,
      acceptedAt: organisationInvitations.acceptedAt,
      revokedAt: organisationInvitations.revokedAt,
      organisationName: organisations.legalName,
    })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(eq(organisationInvitations.tokenHash, hashToken(token)));
  if (!row) return null;
  return { ...row, state: invitationState(row, now()) };
}
