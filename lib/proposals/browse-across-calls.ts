import { and, arrayContains, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitionMembers, coalitions, organisationMembers, organisations, proposalPartners, proposals, type PartnerStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative } from "@/lib/auth/permissions";
import { phaseCondition } from "@/lib/calls/browse";
import type { Cursor, PartnerBrowseParams } from "@/lib/calls/browse-params";
import { now } from "@/lib/clock";
import { partnerCoalitionRoles } from "./partnerships";

/**
 * "Projects seeking partners" across every call: the per-call partner search of
 * browse.ts generalised, with the same viewer scoping. A draft card is shown only to
 * people of a verified organisation that takes part in the call's coalition as member or
 * promoter (not observers), only while the call accepts proposals, and only when its lead
 * published what it looks for (`lookingForKinds`). Never budgets, problem or objectives.
 */

export type SeekingPartnersCard = {
  id: string;
  title: string;
  summary: string;
  solutionType: string | null;
  sectors: string[];
  lookingForKinds: string[];
  leadName: string;
  acceptedPartners: number;
  callId: string;
  callTitle: string;
  coalitionSlug: string;
  coalitionName: string;
  /** The viewer's organisations, in this card's coalition, that they represent: those can ask to join. */
  organisations: { id: string; legalName: string }[];
  /** The partnership status of each of those organisations, where one exists. */
  myStatuses: { organisationId: string; status: PartnerStatus; isLead: boolean }[];
};

/** The viewer's verified organisations that take part in coalitions as partners, one row per coalition. */
async function viewerMemberships(db: Db, viewer: Actor) {
  const rows = await db
    .select({
      coalitionId: coalitionMembers.coalitionId,
      organisationId: organisations.id,
      legalName: organisations.legalName,
      orgRole: organisationMembers.role,
      isNamedRepresentative: organisationMembers.isRepresentative,
    })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .innerJoin(coalitionMembers, eq(coalitionMembers.organisationId, organisations.id))
    .where(and(eq(organisationMembers.userId, viewer.userId), eq(organisations.status, "verified"), inArray(coalitionMembers.role, [...partnerCoalitionRoles])))
    .orderBy(asc(organisations.legalName));
  return rows.map(({ isNamedRepresentative, orgRole, ...r }) => ({ ...r, represents: isRepresentative(orgRole, isNamedRepresentative) }));
}

const searchDocument = sql`to_tsvector('italian', ${proposals.title} || ' ' || ${proposals.summary})`;

/**
 * One page of draft proposals seeking partners, across the calls the viewer may see them
 * in, newest first, keyset-paginated on (created, id). Nobody signed in, or in no
 * coalition, gets an empty page.
 */
export async function listProposalsSeekingPartners(
  db: Db,
  viewer: Actor | null,
  params: PartnerBrowseParams,
): Promise<{ cards: SeekingPartnersCard[]; total: number; next?: Cursor; previous?: Cursor }> {
  const empty = { cards: [], total: 0 };
  if (!viewer) return empty;
  const memberships = await viewerMemberships(db, viewer);
  if (memberships.length === 0) return empty;
  const at = now();

  const where = and(
    inArray(calls.coalitionId, [...new Set(memberships.map((m) => m.coalitionId))]),
    or(phaseCondition("open", at), phaseCondition("scheduled", at)),
    eq(proposals.status, "draft"),
    sql`cardinality(${proposals.lookingForKinds}) > 0`,
    params.q ? sql`${searchDocument} @@ websearch_to_tsquery('italian', ${params.q})` : undefined,
    params.coalition ? eq(coalitions.slug, params.coalition) : undefined,
    params.theme ? eq(proposals.solutionType, params.theme) : undefined,
    params.kind ? arrayContains(proposals.lookingForKinds, [params.kind]) : undefined,
  ) as SQL;
  const backwards = !params.after && params.before !== undefined;
  const cursor = params.after ?? params.before;
  const key = sql`(${proposals.createdAt}, ${proposals.id})`;
  const bound = cursor ? sql`(${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : undefined;
  const keyset = bound ? (backwards ? sql`${key} > ${bound}` : sql`${key} < ${bound}`) : undefined;

  const accepted = sql<number>`(select count(*)::int from ${proposalPartners} where ${proposalPartners.proposalId} = ${proposals.id} and ${proposalPartners.status} = 'accepted')`;
  const base = () =>
    db
      .select({
        id: proposals.id,
        createdAt: proposals.createdAt,
        title: proposals.title,
        summary: proposals.summary,
        solutionType: proposals.solutionType,
        sectors: proposals.sectors,
        lookingForKinds: proposals.lookingForKinds,
        leadName: organisations.legalName,
        acceptedPartners: accepted,
        callId: calls.id,
        callTitle: calls.title,
        coalitionId: coalitions.id,
        coalitionSlug: coalitions.slug,
        coalitionName: coalitions.name,
      })
      .from(proposals)
      .innerJoin(calls, eq(calls.id, proposals.callId))
      .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
      .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId));
  const [rows, [{ total }]] = await Promise.all([
    base()
      .where(and(where, keyset))
      .orderBy(...(backwards ? [asc(proposals.createdAt), asc(proposals.id)] : [desc(proposals.createdAt), desc(proposals.id)]))
      .limit(params.size + 1),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(proposals)
      .innerJoin(calls, eq(calls.id, proposals.callId))
      .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
      .where(where),
  ]);
  const more = rows.length > params.size;
  const page = rows.slice(0, params.size);
  if (backwards) page.reverse();

  const represented = memberships.filter((m) => m.represents);
  const statuses =
    page.length > 0 && represented.length > 0
      ? await db
          .select({ proposalId: proposalPartners.proposalId, organisationId: proposalPartners.organisationId, status: proposalPartners.status, isLead: proposalPartners.isLead })
          .from(proposalPartners)
          .where(and(inArray(proposalPartners.proposalId, page.map((r) => r.id)), inArray(proposalPartners.organisationId, [...new Set(represented.map((m) => m.organisationId))])))
      : [];
  const edge = (r: (typeof page)[number] | undefined): Cursor | undefined => (r ? { at: r.createdAt, id: r.id } : undefined);
  return {
    cards: page.map(({ coalitionId, ...r }) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      solutionType: r.solutionType,
      sectors: r.sectors,
      lookingForKinds: r.lookingForKinds,
      leadName: r.leadName,
      callId: r.callId,
      callTitle: r.callTitle,
      coalitionSlug: r.coalitionSlug,
      coalitionName: r.coalitionName,
      acceptedPartners: Number(r.acceptedPartners),
      organisations: represented.filter((m) => m.coalitionId === coalitionId).map((m) => ({ id: m.organisationId, legalName: m.legalName })),
      myStatuses: statuses.filter((s) => s.proposalId === r.id).map(({ organisationId, status, isLead }) => ({ organisationId, status, isLead })),
    })),
    total: Number(total),
    next: (backwards ? cursor !== undefined : more) ? edge(page.at(-1)) : undefined,
    previous: (backwards ? more : cursor !== undefined) ? edge(page[0]) : undefined,
  };
}

/** The coalitions whose seeking-partner cards the viewer may see, for the coalition filter. */
export async function listViewerPartnerCoalitions(db: Db, viewer: Actor | null) {
  if (!viewer) return [];
  const ids = [...new Set((await viewerMemberships(db, viewer)).map((m) => m.coalitionId))];
  if (ids.length === 0) return [];
  return db.select({ slug: coalitions.slug, name: coalitions.name }).from(coalitions).where(inArray(coalitions.id, ids)).orderBy(asc(coalitions.name));
}
