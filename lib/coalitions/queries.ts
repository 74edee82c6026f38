import { and, asc, count, desc, eq, ilike, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coalitionJoinRequests, coalitionMembers, coalitions, organisationMembers, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { epochMicros, keysetCounts, keysetPage, keysetRange, keysetRequest, keysetWhere, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { getCoalitionRoles } from "./access";

/** Every coalition, for anyone: name, promoter and size. */
export async function listCoalitions(db: Db) {
  const memberCounts = db
    .select({ coalitionId: coalitionMembers.coalitionId, members: count().as("members") })
    .from(coalitionMembers)
    .groupBy(coalitionMembers.coalitionId)
    .as("member_counts");
  return db
    .select({
      id: coalitions.id,
      slug: coalitions.slug,
      name: coalitions.name,
      description: coalitions.description,
      promoterName: organisations.legalName,
      members: memberCounts.members,
    })
    .from(coalitions)
    .innerJoin(organisations, eq(organisations.id, coalitions.promoterOrganisationId))
    .leftJoin(memberCounts, eq(memberCounts.coalitionId, coalitions.id))
    .orderBy(asc(coalitions.name));
}

/** A coalition's public facts by its address, or null. */
export async function getCoalitionBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({
      id: coalitions.id,
      slug: coalitions.slug,
      name: coalitions.name,
      description: coalitions.description,
      territory: coalitions.territory,
      promoterOrganisationId: coalitions.promoterOrganisationId,
      promoterName: organisations.legalName,
      createdAt: coalitions.createdAt,
    })
    .from(coalitions)
    .innerJoin(organisations, eq(organisations.id, coalitions.promoterOrganisationId))
    .where(eq(coalitions.slug, slug));
  return row ?? null;
}

/** Members as the public sees them: organisation, kind, role and weight (no people). */
export async function listCoalitionMembers(db: Db, coalitionId: string) {
  return db
    .select({
      organisationId: organisations.id,
      legalName: organisations.legalName,
      kind: organisations.kind,
      sizeClass: organisations.sizeClass,
      municipalityCode: organisations.municipalityCode,
      role: coalitionMembers.role,
      weight: coalitionMembers.weight,
      joinedAt: coalitionMembers.joinedAt,
    })
    .from(coalitionMembers)
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .where(eq(coalitionMembers.coalitionId, coalitionId))
    .orderBy(asc(organisations.legalName));
}

/**
 * What the viewer may do in this coalition: whether they represent a promoter (a plain
 * member of the promoter organisation does not run the coalition), and which of their
 * organisations are in it.
 */
export async function getViewerContext(db: Db, viewer: Actor | null, coalitionId: string) {
  if (!viewer) return { isPromoter: false, memberOrganisationIds: [] as string[] };
  const roles = await getCoalitionRoles(db, viewer, coalitionId);
  return { isPromoter: roles.some((r) => r.role === "promoter" && r.represents), memberOrganisationIds: roles.map((r) => r.organisationId) };
}

const requestColumns = {
  id: coalitionJoinRequests.id,
  coalitionId: coalitionJoinRequests.coalitionId,
  organisationId: coalitionJoinRequests.organisationId,
  organisationName: organisations.legalName,
  organisationKind: organisations.kind,
  direction: coalitionJoinRequests.direction,
  status: coalitionJoinRequests.status,
  motivation: coalitionJoinRequests.motivation,
  role: coalitionJoinRequests.role,
  weight: coalitionJoinRequests.weight,
  createdAt: coalitionJoinRequests.createdAt,
  decidedAt: coalitionJoinRequests.decidedAt,
  decisionReason: coalitionJoinRequests.decisionReason,
};

/**
 * A coalition's pending requests (or invitations), oldest first, 50 a page: promoters only.
 * Keyset on (created_at to the microsecond, id); the total and the page's position are SQL
 * counts of this coalition's pending ones of that direction.
 */
export async function listPendingJoinRequests(
  db: Db,
  viewer: Actor,
  coalitionId: string,
  direction: "request" | "invitation",
  options: { after?: KeyCursor<number>; before?: KeyCursor<number>; size?: number } = {},
) {
  const { isPromoter } = await getViewerContext(db, viewer, coalitionId);
  if (!isPromoter) return { requests: [], total: 0, from: 0, to: 0, next: undefined, previous: undefined };
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const at = epochMicros(coalitionJoinRequests.createdAt);
  const key = sql`(${at}, ${coalitionJoinRequests.id})`;
  const bound = (c: KeyCursor<number>) => sql`(${c.value}::bigint, ${c.id}::uuid)`;
  const scope = and(eq(coalitionJoinRequests.coalitionId, coalitionId), eq(coalitionJoinRequests.status, "pending"), eq(coalitionJoinRequests.direction, direction));
  const rows = await db
    .select({ ...requestColumns, at })
    .from(coalitionJoinRequests)
    .innerJoin(organisations, eq(organisations.id, coalitionJoinRequests.organisationId))
    .where(and(scope, keysetWhere(key, cursor && bound(cursor), backwards)))
    .orderBy(...(backwards ? [desc(coalitionJoinRequests.createdAt), desc(coalitionJoinRequests.id)] : [asc(coalitionJoinRequests.createdAt), asc(coalitionJoinRequests.id)]))
    .limit(size + 1);
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, (r) => ({ value: r.at, id: r.id }));
  const first = page[0];
  const [counts] = await db
    .select(keysetCounts(key, first && bound({ value: first.at, id: first.id })))
    .from(coalitionJoinRequests)
    .where(scope);
  return { requests: page, ...keysetRange(counts, page.length), next, previous };
}

/** Verified organisations a promoter could invite: not members, no pending request; searched by name. */
export async function searchInvitableOrganisations(db: Db, viewer: Actor, coalitionId: string, query: string) {
  const { isPromoter } = await getViewerContext(db, viewer, coalitionId);
  if (!isPromoter || query.trim().length < 2) return [];
  const members = db.select({ id: coalitionMembers.organisationId }).from(coalitionMembers).where(eq(coalitionMembers.coalitionId, coalitionId));
  const pending = db
    .select({ id: coalitionJoinRequests.organisationId })
    .from(coalitionJoinRequests)
    .where(and(eq(coalitionJoinRequests.coalitionId, coalitionId), eq(coalitionJoinRequests.status, "pending")));
  return db
    .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind })
    .from(organisations)
    .where(
      and(
        eq(organisations.status, "verified"),
        ilike(organisations.legalName, `%${query.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
        notInArray(organisations.id, members),
        notInArray(organisations.id, pending),
      ),
    )
    .orderBy(asc(organisations.legalName))
    .limit(20);
}

/**
 * The coalition requests, invitations and memberships of the organisations the viewer
 * represents (they send requests and answer invitations); `canLeave` marks the
 * memberships of organisations they administer (only admins take one out).
 */
export async function listMyCoalitionDealings(db: Db, viewer: Actor) {
  const representedBy = db
    .select({ id: organisationMembers.organisationId })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.userId, viewer.userId), representsOrganisation()));
  const requests = await db
    .select({ ...requestColumns, coalitionName: coalitions.name, coalitionSlug: coalitions.slug })
    .from(coalitionJoinRequests)
    .innerJoin(organisations, eq(organisations.id, coalitionJoinRequests.organisationId))
    .innerJoin(coalitions, eq(coalitions.id, coalitionJoinRequests.coalitionId))
    .where(inArray(coalitionJoinRequests.organisationId, representedBy))
    .orderBy(desc(coalitionJoinRequests.createdAt));
  const memberships = await db
    .select({
      coalitionId: coalitions.id,
      coalitionName: coalitions.name,
      coalitionSlug: coalitions.slug,
      organisationId: organisations.id,
      organisationName: organisations.legalName,
      role: coalitionMembers.role,
      weight: coalitionMembers.weight,
      orgRole: organisationMembers.role,
    })
    .from(coalitionMembers)
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .innerJoin(coalitions, eq(coalitions.id, coalitionMembers.coalitionId))
    .innerJoin(organisationMembers, and(eq(organisationMembers.organisationId, coalitionMembers.organisationId), eq(organisationMembers.userId, viewer.userId)))
    .where(representsOrganisation())
    .orderBy(asc(coalitions.name));
  return { requests, memberships: memberships.map(({ orgRole, ...m }) => ({ ...m, canLeave: orgRole === "admin" })) };
}

/** Verified organisations the viewer represents (to ask to join a coalition for them), with kind. */
export async function listMyVerifiedRepresentedOrganisations(db: Db, viewer: Actor) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(and(eq(organisationMembers.userId, viewer.userId), representsOrganisation(), eq(organisations.status, "verified")))
    .orderBy(asc(organisations.legalName));
}

/** Verified public bodies the viewer represents: the organisations that can promote a new coalition. */
export async function listPossiblePromoters(db: Db, viewer: Actor) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(and(eq(organisationMembers.userId, viewer.userId), representsOrganisation(), eq(organisations.kind, "public_body"), eq(organisations.status, "verified")))
    .orderBy(asc(organisations.legalName));
}
