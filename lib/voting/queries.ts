import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ballots, callResults, callVoterSnapshots, callVoters, calls, coalitionMembers, organisationMembers, organisations, proposalPartners, proposals, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative, representsOrganisation } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { parseInput } from "@/lib/action";
import { ballotValues } from "./policy";
import { receiptHash } from "./receipt";
import { checkReceiptSchema } from "./schemas";
import { ensureVoterSnapshot } from "./snapshot";

/** The published results of a call: the latest version, and the list of all versions (newest first). Null before publication. */
export async function getResults(db: Db, callId: string) {
  const versions = await db
    .select({ version: callResults.version, reason: callResults.reason, publishedAt: callResults.publishedAt, fingerprint: callResults.fingerprint })
    .from(callResults)
    .where(eq(callResults.callId, callId))
    .orderBy(desc(callResults.version));
  if (versions.length === 0) return null;
  const [latest] = await db
    .select()
    .from(callResults)
    .where(and(eq(callResults.callId, callId), eq(callResults.version, versions[0].version)));
  return { latest, versions };
}

export type PublishedResults = NonNullable<Awaited<ReturnType<typeof getResults>>>;

/**
 * The organisations dropped from a call's vote because they left the coalition or were
 * removed from it before the results (lib/voting/snapshot.ts): their ballots are withdrawn.
 * Public: names and dates only; the reason is for the promoters (`withReason`).
 */
export async function listRemovedVoters(db: Db, callId: string, options: { withReason?: boolean } = {}) {
  const rows = await db
    .select({ organisationName: organisations.legalName, weight: callVoters.weight, removedAt: callVoters.removedAt, reason: callVoters.removalReason })
    .from(callVoters)
    .innerJoin(organisations, eq(organisations.id, callVoters.organisationId))
    .where(and(eq(callVoters.callId, callId), isNotNull(callVoters.removedAt)))
    .orderBy(asc(organisations.legalName));
  return rows.map((r) => ({ ...r, removedAt: r.removedAt!, reason: options.withReason ? r.reason : null }));
}

/** Each organisation's ballot, for calls that make them public, once results are out (never during the vote). */
export async function listPublicBallots(db: Db, call: { id: string; ballotsPublic: boolean; status: string }) {
  if (!call.ballotsPublic || (call.status !== "results" && call.status !== "archived")) return [];
  return db
    .select({ organisationName: organisations.legalName, proposalId: ballots.proposalId, value: ballots.value })
    .from(ballots)
    .innerJoin(organisations, eq(organisations.id, ballots.organisationId))
    // Only counted ballots: those of voters dropped from the vote were withdrawn (lib/voting/tally.ts).
    .innerJoin(callVoters, and(eq(callVoters.callId, ballots.callId), eq(callVoters.organisationId, ballots.organisationId), isNull(callVoters.removedAt)))
    .where(eq(ballots.callId, call.id))
    .orderBy(asc(organisations.legalName));
}

export type ReceiptCheck = { found: boolean; value: number | null; version: number; fingerprint: string } | null;

/**
 * Anyone holding a receipt token checks that their ballot is in the published set: the
 * hash is recomputed for each value the method allows and looked for in the latest
 * version's list. Null when nothing is published yet.
 */
export async function checkReceipt(db: Db, input: unknown): Promise<ReceiptCheck> {
  const data = parseInput(checkReceiptSchema, input);
  const results = await getResults(db, data.callId);
  if (!results) return null;
  const published = new Set(results.latest.receiptHashes);
  const method = results.latest.votingMethod === "score" ? "score" : "approval";
  const value = ballotValues(method).find((v) => published.has(receiptHash(data.token, data.proposalId, v))) ?? null;
  return { found: value !== null, value, version: results.latest.version, fingerprint: results.latest.fingerprint };
}

/** Why one of the viewer's organisations in the coalition does not vote through them here. */
export type NotVotingReason = "observer" | "notInSnapshot" | "removed" | "notRepresentative";

/**
 * What a representative sees on the voting page: the organisations they may vote for
 * (voters of the call that they represent), the admissible proposals with conflicts
 * marked, and the chosen organisation's ballots with who cast them and when. Their other
 * organisations in the coalition are listed with the reason they do not vote here — a
 * plain member who was not named representative gets no ballot form at all. Touching the
 * vote after its opening takes the weight snapshot. Null when the call is not visible.
 */
export async function getVotingBooth(db: Db, actor: Actor, callId: string, organisationId?: string) {
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
    if (!call || call.status === "draft") return null;
    const phase = callPhase(call, now());
    const snapshotTaken = await ensureVoterSnapshot(tx, call, actor.userId);
    const mine = await tx
      .select({
        organisationId: organisations.id,
        name: organisations.legalName,
        role: coalitionMembers.role,
        weight: callVoters.weight,
        removedAt: callVoters.removedAt,
        orgRole: organisationMembers.role,
        isNamedRepresentative: organisationMembers.isRepresentative,
      })
      .from(organisationMembers)
      .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
      .leftJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, call.coalitionId)))
      .leftJoin(callVoters, and(eq(callVoters.organisationId, organisations.id), eq(callVoters.callId, call.id)))
      .where(eq(organisationMembers.userId, actor.userId))
      .orderBy(asc(organisations.legalName));
    const reasonOf = (m: (typeof mine)[number]): NotVotingReason | null => {
      if (m.role === "observer") return "observer";
      if (snapshotTaken && m.weight === null) return "notInSnapshot";
      if (m.removedAt) return "removed";
      if (!isRepresentative(m.orgRole, m.isNamedRepresentative)) return "notRepresentative";
      return null;
    };
    const related = mine.filter((m) => m.role !== null).map((m) => ({ ...m, reason: reasonOf(m) }));
    const voters = related.filter((m) => m.reason === null);
    const chosen = voters.find((v) => v.organisationId === organisationId) ?? voters[0] ?? null;

    const list = await tx
      .select({ id: proposals.id, reference: proposals.reference, title: proposals.title, requestedCents: proposals.requestedCents, leadName: organisations.legalName })
      .from(proposals)
      .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
      .where(and(eq(proposals.callId, call.id), inArray(proposals.status, ["admissible", "selected", "not_selected"])))
      .orderBy(asc(proposals.reference));
    const conflicts = chosen
      ? new Set(
          (
            await tx
              .select({ proposalId: proposalPartners.proposalId })
              .from(proposalPartners)
              .innerJoin(proposals, eq(proposals.id, proposalPartners.proposalId))
              .where(and(eq(proposals.callId, call.id), eq(proposalPartners.organisationId, chosen.organisationId), eq(proposalPartners.status, "accepted")))
          ).map((r) => r.proposalId),
        )
      : new Set<string>();
    const cast = chosen
      ? await tx
          .select({ proposalId: ballots.proposalId, value: ballots.value, updatedAt: ballots.updatedAt, castByName: users.name, revision: ballots.revision })
          .from(ballots)
          .innerJoin(users, eq(users.id, ballots.castBy))
          .where(and(eq(ballots.callId, call.id), eq(ballots.organisationId, chosen.organisationId)))
      : [];
    const byProposal = new Map(cast.map((b) => [b.proposalId, b]));
    return {
      call: { id: call.id, title: call.title, coalitionId: call.coalitionId, votingMethod: call.votingMethod, votingOpensAt: call.votingOpensAt, votingClosesAt: call.votingClosesAt },
      phase,
      organisations: voters.map(({ organisationId, name, weight }) => ({ organisationId, name, weight })),
      notVoting: related.filter((m) => m.reason !== null).map(({ organisationId, name, role, reason }) => ({ organisationId, name, role, reason: reason! })),
      chosen,
      proposals: list.map((p) => ({ ...p, conflict: conflicts.has(p.id), ballot: byProposal.get(p.id) ?? null })),
    };
  });
}

export type VotingBooth = NonNullable<Awaited<ReturnType<typeof getVotingBooth>>>;

/**
 * Whether the viewer may vote in this call for at least one organisation: one they
 * represent that is a voter (in the snapshot and not removed once it is taken; a voting
 * member of the coalition before). Decides whether pages offer the way to the booth;
 * castBallot checks it all again.
 */
export async function canVoteInCall(db: Db, viewer: Actor, call: { id: string; coalitionId: string }): Promise<boolean> {
  const [snapshot] = await db.select({ id: callVoterSnapshots.callId }).from(callVoterSnapshots).where(eq(callVoterSnapshots.callId, call.id));
  const mine = and(eq(organisationMembers.userId, viewer.userId), representsOrganisation());
  const rows = snapshot
    ? await db
        .select({ id: callVoters.organisationId })
        .from(callVoters)
        .innerJoin(organisationMembers, eq(organisationMembers.organisationId, callVoters.organisationId))
        .where(and(eq(callVoters.callId, call.id), isNull(callVoters.removedAt), mine))
        .limit(1)
    : await db
        .select({ id: coalitionMembers.organisationId })
        .from(coalitionMembers)
        .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
        .where(and(eq(coalitionMembers.coalitionId, call.coalitionId), inArray(coalitionMembers.role, ["promoter", "member"]), sql`${coalitionMembers.weight} > 0`, mine))
        .limit(1);
  return rows.length > 0;
}

/** Calls with published results, newest first, for the receipt page. */
export async function listCallsWithResults(db: Db) {
  return db
    .selectDistinct({ id: calls.id, title: calls.title, resultsPublishedAt: calls.resultsPublishedAt })
    .from(calls)
    .innerJoin(callResults, eq(callResults.callId, calls.id))
    .orderBy(desc(calls.resultsPublishedAt));
}
