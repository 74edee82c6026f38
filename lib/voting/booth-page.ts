import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { ballots, organisations, proposalPartners, proposals, users } from "@/db/schema";
import { consolidatedTotalOfProposal } from "@/lib/evaluation/appraisal";
import { keysetPage, keysetRequest, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";

/** The proposals the voting page lists: those admitted to the vote (whatever the outcome since). */
export const BOOTH_STATUSES = ["admissible", "selected", "not_selected"] as const;

/** Which of the call's proposals the voting page shows: all, or only those the organisation still has to vote on. */
export type BoothFilter = "all" | "unvoted";

export function parseBoothFilter(value: string | undefined): BoothFilter {
  return value === "unvoted" ? "unvoted" : "all";
}

/**
 * One page of a call's proposals on the voting page, for one voting organisation: each with
 * its conflict of interest (the organisation is an accepted partner of it) and the
 * organisation's ballot (value, who cast it, when), by reference then id — keyset
 * pagination (`after` / `before` are the last / first row of the page the voter comes
 * from), so a call of thousands of proposals renders one page of forms. `unvoted` keeps
 * only the proposals the organisation may still vote on (no ballot, no conflict).
 *
 * The counts are SQL aggregates over this call only: `total` proposals, `votable` ones (not
 * in conflict), `voted` (votable ones with the organisation's ballot), `matching` (the
 * filter's), and the page's position among the matching ones. With `minTechnicalTotal` (a call
 * in threshold mode whose appraisal is approved) only proposals reaching it are listed. Who may vote and whether the
 * vote is open are the caller's (getVotingBooth) and castBallot's to decide.
 */
export async function listBoothProposalsPage(
  db: Db | Tx,
  callId: string,
  organisationId: string,
  options: { filter?: BoothFilter; after?: KeyCursor<string>; before?: KeyCursor<string>; size?: number; minTechnicalTotal?: number } = {},
) {
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const reference = sql`coalesce(${proposals.reference}, '')`;
  const key = sql`(${reference}, ${proposals.id})`;
  const bound = (c: KeyCursor<string>) => sql`(${c.value}::text, ${c.id}::uuid)`;
  const conflict = sql<boolean>`exists (select 1 from ${proposalPartners} where ${proposalPartners.proposalId} = ${proposals.id} and ${proposalPartners.organisationId} = ${organisationId}::uuid and ${proposalPartners.status} = 'accepted')`;
  const hasBallot = sql<boolean>`exists (select 1 from ${ballots} where ${ballots.proposalId} = ${proposals.id} and ${ballots.organisationId} = ${organisationId}::uuid)`;
  // Threshold mode (issue 14): only proposals whose consolidated total reaches the minimum are voted on.
  const threshold = options.minTechnicalTotal === undefined ? undefined : sql`${consolidatedTotalOfProposal()} >= ${options.minTechnicalTotal}`;
  const scope = and(eq(proposals.callId, callId), inArray(proposals.status, [...BOOTH_STATUSES]), threshold) as SQL;
  const matching = (options.filter === "unvoted" ? and(scope, sql`not ${hasBallot}`, sql`not ${conflict}`) : scope) as SQL;
  const rows = await db
    .select({
      id: proposals.id,
      reference: proposals.reference,
      title: proposals.title,
      requestedCents: proposals.requestedCents,
      leadName: organisations.legalName,
      conflict,
      ballotValue: ballots.value,
      ballotUpdatedAt: ballots.updatedAt,
      ballotRevision: ballots.revision,
      castByName: users.name,
    })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .leftJoin(ballots, and(eq(ballots.proposalId, proposals.id), eq(ballots.organisationId, organisationId)))
    .leftJoin(users, eq(users.id, ballots.castBy))
    .where(and(matching, cursor ? (backwards ? sql`${key} < ${bound(cursor)}` : sql`${key} > ${bound(cursor)}`) : undefined))
    .orderBy(...(backwards ? [desc(reference), desc(proposals.id)] : [asc(reference), asc(proposals.id)]))
    .limit(size + 1);
  const keyOf = (r: (typeof rows)[number]) => ({ value: r.reference ?? "", id: r.id });
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, keyOf);
  const first = page[0];
  const [agg] = await db
    .select({
      total: sql<number>`count(*)::int`,
      votable: sql<number>`(count(*) filter (where not ${conflict}))::int`,
      voted: sql<number>`(count(*) filter (where ${hasBallot} and not ${conflict}))::int`,
      matching: sql<number>`(count(*) filter (where ${matching}))::int`,
      before: first ? sql<number>`(count(*) filter (where ${matching} and ${key} < ${bound(keyOf(first))}))::int` : sql<number>`0`,
    })
    .from(proposals)
    .where(scope);
  const before = Number(agg.before);
  return {
    proposals: page.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      requestedCents: r.requestedCents,
      leadName: r.leadName,
      conflict: Boolean(r.conflict),
      ballot:
        r.ballotValue === null || r.ballotUpdatedAt === null
          ? null
          : { value: r.ballotValue, updatedAt: r.ballotUpdatedAt, revision: r.ballotRevision ?? 1, castByName: r.castByName ?? "" },
    })),
    total: Number(agg.total),
    votable: Number(agg.votable),
    voted: Number(agg.voted),
    matching: Number(agg.matching),
    from: page.length ? before + 1 : 0,
    to: before + page.length,
    next,
    previous,
  };
}

export type BoothProposalsPage = Awaited<ReturnType<typeof listBoothProposalsPage>>;
