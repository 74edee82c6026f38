import { and, arrayContains, asc, desc, eq, ilike, inArray, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitionMembers, organisationMembers, organisations, proposalPartners, proposals, type OrganisationKind, type PartnerStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative, representsOrganisation } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { epochMicros, keysetCounts, keysetPage, keysetRange, keysetRequest, keysetWhere, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { getProposalAccess } from "./access";
import type { PartnerSearchFilters } from "./partnership-schemas";
import { livePartnerStatuses, partnerCoalitionRoles } from "./partnerships";

/**
 * Reads for partnerships, each scoped to the viewer in its `where` clause. Drafts are
 * private (DESIGN rule 10): the partner search shows only a card that the lead chose to
 * publish by setting `lookingForKinds`, never budgets, problem or objectives.
 */

/** The viewer's organisations that can take part in the coalition's proposals, with whether the viewer represents each. */
async function viewerPartnerOrganisations(db: Db, viewer: Actor, coalitionId: string) {
  const rows = await db
    .select({
      id: organisations.id,
      legalName: organisations.legalName,
      kind: organisations.kind,
      orgRole: organisationMembers.role,
      isNamedRepresentative: organisationMembers.isRepresentative,
    })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, coalitionId)))
    .where(
      and(
        eq(organisationMembers.userId, viewer.userId),
        eq(organisations.status, "verified"),
        inArray(coalitionMembers.role, [...partnerCoalitionRoles]),
      ),
    )
    .orderBy(asc(organisations.legalName));
  return rows.map(({ isNamedRepresentative, ...r }) => ({ ...r, represents: isRepresentative(r.orgRole, isNamedRepresentative) }));
}

export type PartnerSearchCard = {
  id: string;
  title: string;
  summary: string;
  solutionType: string | null;
  sectors: string[];
  lookingForKinds: string[];
  leadName: string;
  acceptedPartners: number;
  /** The partnership status of each organisation the viewer represents, where one exists. */
  myStatuses: { organisationId: string; status: PartnerStatus; isLead: boolean }[];
};

/**
 * Drafts of an open call whose lead is looking for partners, as cards, for representatives
 * of organisations that may take part (coalition members and promoters, not observers).
 * Anyone else gets an empty list, as does a call that no longer accepts proposals.
 * `organisations` are the viewer's organisations that could send a request (they represent them).
 */
export async function listProposalsLookingForPartners(
  db: Db,
  viewer: Actor | null,
  callId: string,
  filters: PartnerSearchFilters = {},
  options: { after?: KeyCursor<number>; before?: KeyCursor<number>; size?: number } = {},
): Promise<{ cards: PartnerSearchCard[]; organisations: { id: string; legalName: string }[]; total: number; from: number; to: number; next?: string; previous?: string }> {
  const empty = { cards: [], organisations: [], total: 0, from: 0, to: 0 };
  if (!viewer) return empty;
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  if (!call) return empty;
  const phase = callPhase(call, now());
  if (phase !== "open" && phase !== "scheduled") return empty;
  const mine = await viewerPartnerOrganisations(db, viewer, call.coalitionId);
  if (mine.length === 0) return empty;

  // Counted for this call's drafts only, not for every proposal of the platform.
  const accepted = db
    .select({ proposalId: proposalPartners.proposalId, n: sql<number>`count(*)::int`.as("n") })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .where(and(eq(proposals.callId, callId), eq(proposals.status, "draft"), eq(proposalPartners.status, "accepted")))
    .groupBy(proposalPartners.proposalId)
    .as("accepted");
  // 50 a page, most recently updated first: keyset on (minus updated_at to the microsecond, id), ascending.
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const value = sql<number>`(-${epochMicros(proposals.updatedAt)})`.mapWith(Number);
  const key = sql`(${value}, ${proposals.id})`;
  const bound = (c: KeyCursor<number>) => sql`(${c.value}::bigint, ${c.id}::uuid)`;
  const scope = and(
    eq(proposals.callId, callId),
    eq(proposals.status, "draft"),
    sql`cardinality(${proposals.lookingForKinds}) > 0`,
    filters.theme ? eq(proposals.solutionType, filters.theme) : undefined,
    filters.sector ? arrayContains(proposals.sectors, [filters.sector]) : undefined,
    filters.kind ? arrayContains(proposals.lookingForKinds, [filters.kind]) : undefined,
  );
  const read = await db
    .select({
      value,
      id: proposals.id,
      title: proposals.title,
      summary: proposals.summary,
      solutionType: proposals.solutionType,
      sectors: proposals.sectors,
      lookingForKinds: proposals.lookingForKinds,
      leadName: organisations.legalName,
      acceptedPartners: sql<number>`coalesce(${accepted.n}, 0)`,
    })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .leftJoin(accepted, eq(accepted.proposalId, proposals.id))
    .where(and(scope, keysetWhere(key, cursor && bound(cursor), backwards)))
    .orderBy(...(backwards ? [desc(value), desc(proposals.id)] : [asc(value), asc(proposals.id)]))
    .limit(size + 1);
  const { page: rows, next, previous } = keysetPage(read, size, backwards, cursor !== undefined, (r) => ({ value: r.value, id: r.id }));
  const first = rows[0];
  const [counts] = await db
    .select(keysetCounts(key, first && bound({ value: first.value, id: first.id })))
    .from(proposals)
    .where(scope);

  const representedIds = mine.filter((o) => o.represents).map((o) => o.id);
  const statuses =
    rows.length > 0 && representedIds.length > 0
      ? await db
          .select({ proposalId: proposalPartners.proposalId, organisationId: proposalPartners.organisationId, status: proposalPartners.status, isLead: proposalPartners.isLead })
          .from(proposalPartners)
          .where(and(inArray(proposalPartners.proposalId, rows.map((r) => r.id)), inArray(proposalPartners.organisationId, representedIds)))
      : [];
  return {
    ...keysetRange(counts, rows.length),
    next,
    previous,
    // The card without the keyset's sort value.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    cards: rows.map(({ value, ...r }) => ({
      ...r,
      acceptedPartners: Number(r.acceptedPartners),
      myStatuses: statuses.filter((s) => s.proposalId === r.id).map(({ organisationId, status, isLead }) => ({ organisationId, status, isLead })),
    })),
    organisations: mine.filter((o) => o.represents).map(({ id, legalName }) => ({ id, legalName })),
  };
}

/** How many invitable organisations the proposal page lists at most for one search. */
export const INVITABLE_SEARCH_LIMIT = 20;

/**
 * Coalition members the lead's admin could invite to a draft: verified, member or
 * promoter, not already requested / invited / accepted; searched in SQL by name (any part)
 * or Partita IVA / codice fiscale (from the start, spaces ignored), by name, at most
 * `limit` (20) of them; `more` tells that others match (the page asks to refine the
 * search). A coalition of thousands never loads more than that. Empty for anyone but the
 * lead's admins.
 */
export async function searchInvitablePartners(db: Db, viewer: Actor | null, proposalId: string, query = "", limit = INVITABLE_SEARCH_LIMIT) {
  const none = { matches: [] as { id: string; legalName: string; kind: OrganisationKind }[], more: false };
  if (!viewer) return none;
  const [proposal] = await db
    .select({ id: proposals.id, status: proposals.status, callId: proposals.callId, coalitionId: calls.coalitionId })
    .from(proposals)
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .where(eq(proposals.id, proposalId));
  if (!proposal || proposal.status !== "draft") return none;
  const access = await getProposalAccess(db, viewer, proposal);
  if (!access.isLeadAdmin) return none;
  const involved = db
    .select({ id: proposalPartners.organisationId })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), inArray(proposalPartners.status, livePartnerStatuses)));
  const q = query.replace(/\u0000/g, "").trim().slice(0, 100);
  const like = (s: string) => s.replace(/[%_\\]/g, (c) => `\\${c}`);
  const code = q.replace(/\s+/g, "").toUpperCase();
  const matchesQuery = q
    ? or(
        ilike(organisations.legalName, `%${like(q)}%`),
        code ? ilike(organisations.partitaIva, `${like(code)}%`) : undefined,
        code ? ilike(organisations.codiceFiscale, `${like(code)}%`) : undefined,
      )
    : undefined;
  const rows = await db
    .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind })
    .from(coalitionMembers)
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .where(
      and(
        eq(coalitionMembers.coalitionId, proposal.coalitionId),
        inArray(coalitionMembers.role, [...partnerCoalitionRoles]),
        eq(organisations.status, "verified"),
        notInArray(organisations.id, involved),
        matchesQuery,
      ),
    )
    .orderBy(asc(organisations.legalName), asc(organisations.id))
    .limit(limit + 1);
  return { matches: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * "My partnerships": every invitation and request of the organisations the viewer
 * represents (not the proposals they lead), newest first: representatives answer them.
 */
export async function listMyPartnerships(db: Db, viewer: Actor) {
  const representedBy = db
    .select({ id: organisationMembers.organisationId })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.userId, viewer.userId), representsOrganisation()));
  const lead = sql<string>`(select legal_name from organisations where id = ${proposals.leadOrganisationId})`;
  return db
    .select({
      proposalId: proposals.id,
      proposalTitle: proposals.title,
      proposalStatus: proposals.status,
      callId: proposals.callId,
      callTitle: calls.title,
      leadName: lead,
      organisationId: proposalPartners.organisationId,
      organisationName: organisations.legalName,
      status: proposalPartners.status,
      roleDescription: proposalPartners.roleDescription,
      message: proposalPartners.message,
      contribution: proposalPartners.contribution,
      createdAt: proposalPartners.createdAt,
      decidedAt: proposalPartners.decidedAt,
    })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(and(inArray(proposalPartners.organisationId, representedBy), eq(proposalPartners.isLead, false)))
    .orderBy(desc(proposalPartners.createdAt));
}

export type MyPartnership = Awaited<ReturnType<typeof listMyPartnerships>>[number];
