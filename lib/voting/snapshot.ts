import { and, eq, inArray, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ballots, callResults, callVoterSnapshots, callVoters, calls, coalitionJoinRequests, coalitionMembers } from "@/db/schema";
import { record } from "@/lib/audit";
import { now } from "@/lib/clock";

// Any constant: the first key of the per-call advisory lock (the second is the call's hash).
const SNAPSHOT_LOCK_KEY = 5_250_2026;

type SnapshotCall = { id: string; coalitionId: string; votingOpensAt: Date | null };

/**
 * DESIGN rule 2: a member's weight for a call is its weight when the voting window
 * opened. Weights cannot be read back in time, so they are copied the first time
 * anything touches the vote after the opening — a ballot, the turnout, the count — and
 * before any membership change (lib/coalitions/service.ts calls
 * ensureCoalitionVoterSnapshots first). Idempotent; concurrent first touches serialise
 * on an advisory lock and only the first copies. Returns whether a snapshot exists.
 */
export async function ensureVoterSnapshot(tx: Tx, call: SnapshotCall, actorUserId: string | null = null): Promise<boolean> {
  if (!call.votingOpensAt || now().getTime() < call.votingOpensAt.getTime()) return false;
  const taken = async () => (await tx.select({ id: callVoterSnapshots.callId }).from(callVoterSnapshots).where(eq(callVoterSnapshots.callId, call.id))).length > 0;
  if (await taken()) return true;
  await tx.execute(sql`select pg_advisory_xact_lock(${SNAPSHOT_LOCK_KEY}, hashtext(${call.id}))`);
  if (await taken()) return true;
  await tx.insert(callVoterSnapshots).values({ callId: call.id, takenAt: now() });
  const voters = await tx
    .insert(callVoters)
    .select(
      tx
        .select({
          callId: sql`${call.id}::uuid`.as("call_id"),
          organisationId: coalitionMembers.organisationId,
          weight: coalitionMembers.weight,
          // insert … select names every column of the table, in order: nobody is removed yet.
          removedAt: sql<Date | null>`null::timestamptz`.as("removed_at"),
          removalReason: sql<string | null>`null::text`.as("removal_reason"),
        })
        .from(coalitionMembers)
        .where(and(eq(coalitionMembers.coalitionId, call.coalitionId), inArray(coalitionMembers.role, ["promoter", "member"]), sql`${coalitionMembers.weight} > 0`)),
    )
    .returning({ organisationId: callVoters.organisationId, weight: callVoters.weight });
  await record(tx, {
    actorUserId,
    action: "call.voters_snapshotted",
    entityType: "call",
    entityId: call.id,
    data: { voters: voters.length, eligibleWeight: voters.reduce((s, v) => s + v.weight, 0) },
  });
  return true;
}

/**
 * Before a coalition's membership or weights change: snapshots every call of the
 * coalition whose vote has opened but was not touched yet, so the change cannot reach back.
 */
export async function ensureCoalitionVoterSnapshots(tx: Tx, coalitionId: string, actorUserId: string | null = null): Promise<void> {
  const pending = await tx
    .select({ id: calls.id, coalitionId: calls.coalitionId, votingOpensAt: calls.votingOpensAt })
    .from(calls)
    .leftJoin(callVoterSnapshots, eq(callVoterSnapshots.callId, calls.id))
    .where(and(eq(calls.coalitionId, coalitionId), eq(calls.status, "published"), lte(calls.votingOpensAt, now()), isNull(callVoterSnapshots.callId)));
  for (const call of pending) await ensureVoterSnapshot(tx, call, actorUserId);
}

/** For services that start from a join request: its coalition's snapshots first. */
export async function ensureVoterSnapshotsForJoinRequest(tx: Tx, requestId: string, actorUserId: string | null = null): Promise<void> {
  const [row] = await tx.select({ coalitionId: coalitionJoinRequests.coalitionId }).from(coalitionJoinRequests).where(eq(coalitionJoinRequests.id, requestId));
  if (row) await ensureCoalitionVoterSnapshots(tx, row.coalitionId, actorUserId);
}

/**
 * An organisation that leaves the coalition, or is removed from it for cause, takes no
 * part in any count of the coalition not yet published. For every call whose voters were
 * snapshotted (its vote has opened) and whose results are not out, its voter row is
 * marked removed: it can no longer cast or change a ballot there (castBallot), its
 * weight leaves the eligible weight, and the ballots it already cast are withdrawn —
 * the rows stay, for the record, but lib/voting/tally.ts counts only voters not removed,
 * so they leave the tally, the turnout and the published receipts alike. One audit entry
 * per call says who left, why, and which ballots were withdrawn. Calls whose vote has not
 * opened need nothing: their snapshot, taken later, no longer finds the organisation.
 * Call it after ensureCoalitionVoterSnapshots, in the transaction that ends the membership.
 */
export async function withdrawFromPendingVotes(
  tx: Tx,
  input: { coalitionId: string; organisationId: string; reason: string | null; cause: "removed" | "left"; actorUserId: string },
): Promise<{ callId: string; withdrawnBallots: number }[]> {
  const coalitionCalls = tx.select({ id: calls.id }).from(calls).where(eq(calls.coalitionId, input.coalitionId));
  const published = tx.select({ id: callResults.callId }).from(callResults);
  const dropped = await tx
    .update(callVoters)
    .set({ removedAt: now(), removalReason: input.reason })
    .where(
      and(
        eq(callVoters.organisationId, input.organisationId),
        isNull(callVoters.removedAt),
        inArray(callVoters.callId, coalitionCalls),
        notInArray(callVoters.callId, published),
      ),
    )
    .returning({ callId: callVoters.callId, weight: callVoters.weight });
  const out: { callId: string; withdrawnBallots: number }[] = [];
  for (const voter of dropped) {
    const withdrawn = await tx
      .select({ proposalId: ballots.proposalId })
      .from(ballots)
      .where(and(eq(ballots.callId, voter.callId), eq(ballots.organisationId, input.organisationId)));
    await record(tx, {
      actorUserId: input.actorUserId,
      organisationId: input.organisationId,
      action: "call.voter_removed",
      entityType: "call",
      entityId: voter.callId,
      // Which proposals it had voted on (never the values: ballots may be secret).
      data: { cause: input.cause, reason: input.reason, weight: voter.weight, withdrawnBallots: withdrawn.length, withdrawnOn: withdrawn.map((b) => b.proposalId) },
    });
    out.push({ callId: voter.callId, withdrawnBallots: withdrawn.length });
  }
  return out;
}
