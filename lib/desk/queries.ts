import { and, asc, desc, eq, exists, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import {
  ballots,
  callQuestions,
  callVoterSnapshots,
  callVoters,
  calls,
  coalitionJoinRequests,
  coalitionMembers,
  coalitions,
  organisationMembers,
  organisations,
  proposalPartners,
  proposals,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";

/**
 * "La mia scrivania": what waits for one person across their organisations. Each list is
 * scoped to the viewer in its `where` clause to exactly those who may act on it
 * (lib/auth/permissions.ts, DESIGN "Permissions"), and bounded: it fetches one row more
 * than it shows, so the page knows whether to offer "see all".
 */

/** How many rows each list of the desk shows. */
export const DESK_LIST_LIMIT = 10;

export type Bounded<T> = { items: T[]; hasMore: boolean };

function bounded<T>(rows: T[]): Bounded<T> {
  return { items: rows.slice(0, DESK_LIST_LIMIT), hasMore: rows.length > DESK_LIST_LIMIT };
}

// Subqueries need no connection: they are only SQL text inside the viewer's query.
const qb = new QueryBuilder();

function organisationsOf(viewer: Actor, condition: SQL) {
  return qb
    .select({ id: organisationMembers.organisationId })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.userId, viewer.userId), condition));
}

/** The organisations the viewer represents (admins and named representatives). */
const representedBy = (viewer: Actor) => organisationsOf(viewer, representsOrganisation());

/** The organisations the viewer administers: only admins edit proposals and answer join requests. */
const administeredBy = (viewer: Actor) => organisationsOf(viewer, eq(organisationMembers.role, "admin"));

/** Pending coalition invitations to organisations the viewer represents (they accept or decline). */
export async function listCoalitionInvitations(db: Db, viewer: Actor) {
  const rows = await db
    .select({
      id: coalitionJoinRequests.id,
      coalitionName: coalitions.name,
      coalitionSlug: coalitions.slug,
      organisationName: organisations.legalName,
      role: coalitionJoinRequests.role,
      weight: coalitionJoinRequests.weight,
      createdAt: coalitionJoinRequests.createdAt,
    })
    .from(coalitionJoinRequests)
    .innerJoin(coalitions, eq(coalitions.id, coalitionJoinRequests.coalitionId))
    .innerJoin(organisations, eq(organisations.id, coalitionJoinRequests.organisationId))
    .where(
      and(
        eq(coalitionJoinRequests.direction, "invitation"),
        eq(coalitionJoinRequests.status, "pending"),
        inArray(coalitionJoinRequests.organisationId, representedBy(viewer)),
      ),
    )
    .orderBy(asc(coalitionJoinRequests.createdAt))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows);
}

/** Invitations to take part in a draft, sent to organisations the viewer represents (they accept or decline). */
export async function listPartnerInvitations(db: Db, viewer: Actor) {
  const rows = await db
    .select({
      proposalId: proposals.id,
      proposalTitle: proposals.title,
      callTitle: calls.title,
      leadName: sql<string>`(select legal_name from organisations where id = ${proposals.leadOrganisationId})`,
      organisationId: proposalPartners.organisationId,
      organisationName: organisations.legalName,
      roleDescription: proposalPartners.roleDescription,
      submissionClosesAt: calls.submissionClosesAt,
      createdAt: proposalPartners.createdAt,
    })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(
      and(
        eq(proposalPartners.status, "invited"),
        eq(proposalPartners.isLead, false),
        eq(proposals.status, "draft"),
        inArray(proposalPartners.organisationId, representedBy(viewer)),
      ),
    )
    .orderBy(asc(proposalPartners.createdAt))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows);
}

/** Requests to join drafts led by an organisation the viewer administers (the lead's admins decide). */
export async function listPartnerJoinRequests(db: Db, viewer: Actor) {
  const rows = await db
    .select({
      proposalId: proposals.id,
      proposalTitle: proposals.title,
      organisationId: proposalPartners.organisationId,
      organisationName: organisations.legalName,
      message: proposalPartners.message,
      createdAt: proposalPartners.createdAt,
    })
    .from(proposalPartners)
    .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(and(eq(proposalPartners.status, "requested"), eq(proposals.status, "draft"), inArray(proposals.leadOrganisationId, administeredBy(viewer))))
    .orderBy(asc(proposalPartners.createdAt))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows);
}

/** Drafts led by an organisation the viewer administers, in calls still taking proposals, soonest deadline first. */
export async function listDraftsWithDeadlines(db: Db, viewer: Actor) {
  const at = now();
  const rows = await db
    .select({
      proposalId: proposals.id,
      title: proposals.title,
      callId: calls.id,
      callTitle: calls.title,
      leadName: organisations.legalName,
      submissionClosesAt: calls.submissionClosesAt,
      updatedAt: proposals.updatedAt,
    })
    .from(proposals)
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .where(
      and(
        eq(proposals.status, "draft"),
        eq(calls.status, "published"),
        or(isNull(calls.submissionClosesAt), gt(calls.submissionClosesAt, at)),
        inArray(proposals.leadOrganisationId, administeredBy(viewer)),
      ),
    )
    .orderBy(sql`${calls.submissionClosesAt} asc nulls last`, desc(proposals.updatedAt))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows);
}

/**
 * Calls whose vote is open now, for each organisation the viewer represents that votes in
 * it (in the voter snapshot and not removed once it is taken; a voting member with a
 * positive weight before), with whether that organisation has cast any ballot yet.
 * A plain member who was not named representative sees none (DESIGN rule 2).
 */
export async function listOpenVotes(db: Db, viewer: Actor) {
  const at = now();
  const hasSnapshot = exists(qb.select({ id: callVoterSnapshots.callId }).from(callVoterSnapshots).where(eq(callVoterSnapshots.callId, calls.id)));
  const inSnapshot = exists(
    qb
      .select({ id: callVoters.organisationId })
      .from(callVoters)
      .where(and(eq(callVoters.callId, calls.id), eq(callVoters.organisationId, coalitionMembers.organisationId), isNull(callVoters.removedAt))),
  );
  const rows = await db
    .select({
      callId: calls.id,
      callTitle: calls.title,
      coalitionName: coalitions.name,
      organisationId: organisations.id,
      organisationName: organisations.legalName,
      votingClosesAt: calls.votingClosesAt,
      hasVoted: sql<boolean>`exists (select 1 from ${ballots} where ${ballots.callId} = ${calls.id} and ${ballots.organisationId} = ${organisations.id})`,
    })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .innerJoin(coalitionMembers, eq(coalitionMembers.coalitionId, calls.coalitionId))
    .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
    .where(
      and(
        eq(calls.status, "published"),
        isNotNull(calls.votingOpensAt),
        lte(calls.votingOpensAt, at),
        gt(calls.votingClosesAt, at),
        inArray(coalitionMembers.organisationId, representedBy(viewer)),
        or(
          and(hasSnapshot, inSnapshot),
          and(sql`not ${hasSnapshot}`, inArray(coalitionMembers.role, ["promoter", "member"]), gt(coalitionMembers.weight, 0)),
        ),
      ),
    )
    .orderBy(asc(calls.votingClosesAt), asc(organisations.legalName))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows.map((r) => ({ ...r, hasVoted: Boolean(r.hasVoted), votingClosesAt: r.votingClosesAt! })));
}

/** Calls in review (submissions closed, vote not yet open) of coalitions the viewer runs as a representative of a promoter. */
export async function listCallsInReview(db: Db, viewer: Actor) {
  const at = now();
  const rows = await db
    .select({
      callId: calls.id,
      callTitle: calls.title,
      coalitionName: coalitions.name,
      votingOpensAt: calls.votingOpensAt,
      submitted: sql<number>`(select count(*)::int from ${proposals} where ${proposals.callId} = ${calls.id} and ${proposals.status} = 'submitted')`,
    })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(
      and(
        eq(calls.status, "published"),
        lte(calls.submissionClosesAt, at),
        or(isNull(calls.votingOpensAt), gt(calls.votingOpensAt, at)),
        exists(
          qb
            .select({ id: coalitionMembers.id })
            .from(coalitionMembers)
            .where(
              and(
                eq(coalitionMembers.coalitionId, calls.coalitionId),
                eq(coalitionMembers.role, "promoter"),
                inArray(coalitionMembers.organisationId, representedBy(viewer)),
              ),
            ),
        ),
      ),
    )
    .orderBy(sql`${calls.votingOpensAt} asc nulls last`)
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows.map((r) => ({ ...r, submitted: Number(r.submitted) })));
}

/**
 * Votes the viewer follows as a representative of a promoter: open now, or closed with the
 * results still to publish (those wait for them). Each links to the call's count page, which
 * shows promoters the turnout and then the count.
 */
export async function listVotesToFollow(db: Db, viewer: Actor) {
  const at = now();
  const rows = await db
    .select({
      callId: calls.id,
      callTitle: calls.title,
      coalitionName: coalitions.name,
      votingClosesAt: calls.votingClosesAt,
    })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(
      and(
        eq(calls.status, "published"),
        isNotNull(calls.votingOpensAt),
        isNotNull(calls.votingClosesAt),
        lte(calls.votingOpensAt, at),
        isNull(calls.resultsPublishedAt),
        isNull(calls.archivedAt),
        exists(
          qb
            .select({ id: coalitionMembers.id })
            .from(coalitionMembers)
            .where(
              and(
                eq(coalitionMembers.coalitionId, calls.coalitionId),
                eq(coalitionMembers.role, "promoter"),
                inArray(coalitionMembers.organisationId, representedBy(viewer)),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(calls.votingClosesAt))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows.map((r) => ({ ...r, votingClosesAt: r.votingClosesAt!, isOpen: r.votingClosesAt! > at })));
}

/**
 * Calls with questions waiting for an answer or its publication, in coalitions the viewer
 * runs as a representative of a promoter (only they answer), oldest question first.
 */
export async function listQuestionsWaiting(db: Db, viewer: Actor) {
  const rows = await db
    .select({
      callId: calls.id,
      callTitle: calls.title,
      coalitionName: coalitions.name,
      waiting: sql<number>`count(*)::int`,
      oldestAskedAt: sql<Date>`min(${callQuestions.askedAt})`.mapWith(callQuestions.askedAt),
    })
    .from(callQuestions)
    .innerJoin(calls, eq(calls.id, callQuestions.callId))
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(
      and(
        isNull(callQuestions.publishedAt),
        exists(
          qb
            .select({ id: coalitionMembers.id })
            .from(coalitionMembers)
            .where(
              and(
                eq(coalitionMembers.coalitionId, calls.coalitionId),
                eq(coalitionMembers.role, "promoter"),
                inArray(coalitionMembers.organisationId, representedBy(viewer)),
              ),
            ),
        ),
      ),
    )
    .groupBy(calls.id, calls.title, coalitions.name)
    .orderBy(sql`min(${callQuestions.askedAt}) asc`)
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows.map((r) => ({ ...r, waiting: Number(r.waiting) })));
}

/** Organisations awaiting verification: platform admins only (anyone else gets an empty list). */
export async function listOrganisationsAwaitingVerification(db: Db, viewer: Actor) {
  if (!viewer.isPlatformAdmin) return bounded<{ id: string; legalName: string; kind: string; createdAt: Date }>([]);
  const rows = await db
    .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind, createdAt: organisations.createdAt })
    .from(organisations)
    .where(eq(organisations.status, "pending"))
    .orderBy(asc(organisations.createdAt))
    .limit(DESK_LIST_LIMIT + 1);
  return bounded(rows);
}

/** Everything on the viewer's desk. One query after another: on PGlite there is one connection anyway. */
export async function getDesk(db: Db, viewer: Actor) {
  const coalitionInvitations = await listCoalitionInvitations(db, viewer);
  const partnerInvitations = await listPartnerInvitations(db, viewer);
  const joinRequests = await listPartnerJoinRequests(db, viewer);
  const drafts = await listDraftsWithDeadlines(db, viewer);
  const votes = await listOpenVotes(db, viewer);
  const reviews = await listCallsInReview(db, viewer);
  const questions = await listQuestionsWaiting(db, viewer);
  const votesToFollow = await listVotesToFollow(db, viewer);
  const pendingOrganisations = await listOrganisationsAwaitingVerification(db, viewer);
  // Someone who belongs to no organisation yet is offered to register one (or wait for an invitation).
  const [membership] = await db.select({ id: organisationMembers.id }).from(organisationMembers).where(eq(organisationMembers.userId, viewer.userId)).limit(1);
  return { hasOrganisation: Boolean(membership), coalitionInvitations, partnerInvitations, joinRequests, drafts, votes, reviews, questions, votesToFollow, pendingOrganisations };
}

export type Desk = Awaited<ReturnType<typeof getDesk>>;

/**
 * How many things wait for the viewer (the header's badge): everything to answer or act
 * on, less the votes their organisation has already cast; of the votes promoters follow, the
 * closed ones, whose results wait to be published. `capped` says a list held more
 * than the desk shows, so the number is a lower bound ("10+").
 */
export function countWaiting(desk: Desk): { count: number; capped: boolean } {
  const lists = [desk.coalitionInvitations, desk.partnerInvitations, desk.joinRequests, desk.drafts, desk.reviews, desk.questions, desk.pendingOrganisations];
  const count =
    lists.reduce((n, l) => n + l.items.length, 0) + desk.votes.items.filter((v) => !v.hasVoted).length + desk.votesToFollow.items.filter((v) => !v.isOpen).length;
  return { count, capped: lists.some((l) => l.hasMore) || desk.votes.hasMore || desk.votesToFollow.hasMore };
}
