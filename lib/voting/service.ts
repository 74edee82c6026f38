import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { ballots, callResults, callVoters, calls, proposalPartners, proposals, type Call } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record, recordDecision, type AuditEvent } from "@/lib/audit";
import { recordMany } from "@/lib/audit/many";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { getMembership } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { requireCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { createGrantsForResults } from "@/lib/incentives/grants";
import { notifyResultsPublished } from "@/lib/notifications/triggers";
import { allocate, canCastBallot, canCorrectResults, canPublishResults, isQuorumReached, isValidBallotValue, rank, toEntries, type Allocation } from "./policy";

export { toEntries } from "./policy";
import { combine } from "@/lib/evaluation/combine";
import { requireApprovedAppraisal, requireVotableUnderThreshold } from "@/lib/evaluation/appraisal";
import { newReceiptToken, receiptCode, receiptHash } from "./receipt";
import { callIdSchema, castBallotSchema, correctResultsSchema } from "./schemas";
import { countBasis, readCountSnapshot, storeCountSnapshot } from "./count-snapshot";
import { ensureVoterSnapshot } from "./snapshot";
import { countedReceiptDigest, tallyProposals, turnoutOf, writeResultReceipts, type Turnout } from "./tally";

/** `code` is what the voter keeps: the token behind the proposal's reference (lib/voting/receipt-code.ts). */
export type CastResult = { token: string; code: string; revision: number; updatedAt: Date; value: number };

/**
 * A representative casts (or changes) their organisation's ballot on one proposal. One
 * row per organisation and proposal: a change is an upsert on the unique index, so the
 * latest committed write wins and concurrent casts never make two rows. The receipt
 * token is returned once and never stored. Throws UNAUTHENTICATED, VALIDATION,
 * NOT_FOUND, FORBIDDEN (not a representative, not a voter, removed from the vote, conflict of interest),
 * INVALID_STATE (window closed, proposal not admissible, proposal of another call; in threshold
 * mode, appraisal not approved yet or proposal below the minimum total).
 */
export async function castBallot(db: Db, actor: Actor | null, input: unknown): Promise<CastResult> {
  const data = parseInput(castBallotSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, data.callId));
    if (!call || call.status === "draft") throw new AppError("NOT_FOUND", "callNotFound");
    const [proposal] = await tx
      .select({ id: proposals.id, callId: proposals.callId, status: proposals.status, reference: proposals.reference })
      .from(proposals)
      .where(eq(proposals.id, data.proposalId));
    if (!proposal) throw new AppError("NOT_FOUND", "proposalNotFound");
    if (proposal.callId !== call.id) throw new AppError("INVALID_STATE", "ballotProposalOtherCall");
    if (!canCastBallot(callPhase(call, now()))) throw new AppError("INVALID_STATE", "ballotWindowClosed");
    if (proposal.status !== "admissible") throw new AppError("INVALID_STATE", "ballotProposalNotAdmissible");
    await requireVotableUnderThreshold(tx, call, proposal.id);

    const membership = await getMembership(tx, who, data.organisationId);
    if (!membership) throw new AppError("FORBIDDEN", "forbidden");
    if (!membership.represents) throw new AppError("FORBIDDEN", "notRepresentative");

    await ensureVoterSnapshot(tx, call, who.userId);
    const [voter] = await tx
      .select({ weight: callVoters.weight, removedAt: callVoters.removedAt })
      .from(callVoters)
      .where(and(eq(callVoters.callId, call.id), eq(callVoters.organisationId, data.organisationId)));
    if (!voter) throw new AppError("FORBIDDEN", "ballotNotVotingMember");
    // Removed from the coalition (or left) after the vote opened: lib/voting/snapshot.ts.
    if (voter.removedAt) throw new AppError("FORBIDDEN", "ballotVoterRemoved");

    const [conflict] = await tx
      .select({ id: proposalPartners.id })
      .from(proposalPartners)
      .where(and(eq(proposalPartners.proposalId, proposal.id), eq(proposalPartners.organisationId, data.organisationId), eq(proposalPartners.status, "accepted")));
    if (conflict) throw new AppError("FORBIDDEN", "ballotConflictOfInterest");

    if (!isValidBallotValue(call.votingMethod, data.value)) {
      throw new AppError("VALIDATION", "ballotValueOutOfRange", { value: ["ballotValueOutOfRange"] });
    }

    const token = newReceiptToken();
    const at = now();
    const values = {
      callId: call.id,
      proposalId: proposal.id,
      organisationId: data.organisationId,
      castBy: who.userId,
      value: data.value,
      receiptHash: receiptHash(token, proposal.id, data.value),
      updatedAt: at,
      createdAt: at,
    };
    const [row] = await tx
      .insert(ballots)
      .values(values)
      .onConflictDoUpdate({
        target: [ballots.proposalId, ballots.organisationId],
        set: { castBy: values.castBy, value: values.value, receiptHash: values.receiptHash, updatedAt: at, revision: sql`${ballots.revision} + 1` },
      })
      .returning({ id: ballots.id, revision: ballots.revision, updatedAt: ballots.updatedAt });
    // The value stays out of the audit log: ballots may be secret; the log proves who acted when.
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "ballot.cast",
      entityType: "ballot",
      entityId: row.id,
      data: { callId: call.id, proposalId: proposal.id, revision: row.revision },
    });
    return { token, code: receiptCode(proposal.reference, token), revision: row.revision, updatedAt: row.updatedAt, value: data.value };
  });
}

async function lockCallForPromoter(tx: Tx, actor: Actor, callId: string): Promise<Call> {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  await requireCoalitionPromoter(tx, actor, call.coalitionId);
  return call;
}

/** The call, for a promoter of its coalition, read without a lock (the count page and turnout only read). */
async function readCallForPromoter(tx: Db | Tx, actor: Actor, callId: string): Promise<Call> {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  await requireCoalitionPromoter(tx, actor, call.coalitionId);
  return call;
}

/**
 * Turnout during the vote, for promoters: weights only, never the running totals. Bounded
 * queries (one probe per voter) and no lock. Throws …, FORBIDDEN.
 */
export async function getTurnout(db: Db, actor: Actor | null, input: unknown): Promise<Turnout & { quorumBp: number; quorumReached: boolean }> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const call = await readCallForPromoter(tx, who, callId);
    await ensureVoterSnapshot(tx, call, who.userId);
    const turnout = await turnoutOf(tx, call.id);
    return { ...turnout, quorumBp: call.quorumBp, quorumReached: isQuorumReached({ ...turnout, quorumBp: call.quorumBp }) };
  });
}

type Tally = Turnout & { quorumBp: number; quorumReached: boolean; allocation: Allocation };
export type Count = Tally & { ballotCount: number; fingerprint: string };

/**
 * Tally, turnout, quorum, ranking and allocation of a call from its ballots. When the call's
 * appraisal combines with the vote (issue 14), the committee's approved consolidated totals and
 * the call's rule rank it (lib/evaluation/combine.ts); before approval: INVALID_STATE.
 */
async function tallyCall(tx: Db | Tx, call: Call): Promise<Tally> {
  // One after the other: a transaction is one connection, and queries on it do not overlap.
  const evaluation = await requireApprovedAppraisal(tx, call);
  const rows = await tallyProposals(tx, call);
  const turnout = await turnoutOf(tx, call.id);
  const quorumReached = isQuorumReached({ ...turnout, quorumBp: call.quorumBp });
  const allocation = evaluation
    ? combine({
        rows,
        method: call.votingMethod,
        eligibleWeight: turnout.eligibleWeight,
        rule: evaluation.rule,
        technical: evaluation.appraisal.totals,
        budgetCents: call.budgetCents,
        quorumReached,
      })
    : allocate(rank(rows), call.budgetCents, quorumReached);
  return { ...turnout, quorumBp: call.quorumBp, quorumReached, allocation };
}

/** The full count of a call from its ballots: the tally, and the receipts' number and fingerprint (never the list). */
export async function countCall(tx: Db | Tx, call: Call): Promise<Count> {
  const tally = await tallyCall(tx, call);
  return { ...tally, ...(await countedReceiptDigest(tx, call.id)) };
}

/**
 * Promoters preview the count once the window has closed (never during it). The ballots are
 * frozen then, so the count is computed once and stored (lib/voting/count-snapshot.ts): a
 * later view reads it back while its inputs are unchanged, and counts again only when one
 * changed (a voter removed, a proposal's status, the call's rules). No row lock: it only
 * reads, and a count made by two first viewers at once is the same count. Throws …,
 * FORBIDDEN, INVALID_STATE.
 */
export async function previewResults(db: Db, actor: Actor | null, input: unknown): Promise<Count & { reused: boolean }> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  const call = await db.transaction(async (tx) => {
    const found = await readCallForPromoter(tx, who, callId);
    const phase = callPhase(found, now());
    if (!canPublishResults(phase) && !canCorrectResults(phase)) throw new AppError("INVALID_STATE", "resultsVotingNotClosed");
    await ensureVoterSnapshot(tx, found, who.userId);
    return found;
  });
  // One snapshot of the database for the basis and the count, so they describe the same state.
  const { basis, stored, count } = await db.transaction(
    async (tx) => {
      const basis = await countBasis(tx, call);
      const stored = await readCountSnapshot<Count>(tx, call.id, basis);
      return { basis, stored, count: stored ?? (await countCall(tx, call)) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  if (stored) return { ...stored, reused: true };
  // Kept outside the read: two first viewers at once store the same count, the last one stays.
  await storeCountSnapshot(db, call.id, basis, count);
  return { ...count, reused: false };
}

/**
 * Counts the call and writes a results version: the row, the proposals' selection, the
 * call's status, and the audit entries, in the caller's transaction (also used by the seed).
 */
export async function writeResults(
  tx: Tx,
  input: { call: Call; actorUserId: string; version: number; reason: string | null; at?: Date },
): Promise<{ version: number; fingerprint: string }> {
  const { call, actorUserId, version, reason } = input;
  await ensureVoterSnapshot(tx, call, actorUserId);
  const tally = await tallyCall(tx, call);
  // The version's receipt list, written once; its fingerprint is computed once, here, and stored.
  const count = { ...tally, ...(await writeResultReceipts(tx, call.id, version)) };
  // `at` only for history written by the seed; the services publish now.
  const at = input.at ?? now();
  await tx.insert(callResults).values({
    callId: call.id,
    version,
    reason,
    votingMethod: call.votingMethod,
    eligibleWeight: count.eligibleWeight,
    turnoutWeight: count.turnoutWeight,
    quorumBp: count.quorumBp,
    quorumReached: count.quorumReached,
    budgetCents: call.budgetCents,
    allocatedCents: count.allocation.allocatedCents,
    skippedCents: count.allocation.skippedCents,
    ranking: toEntries(count.allocation),
    fingerprint: count.fingerprint,
    ballotCount: count.ballotCount,
    publishedBy: actorUserId,
    publishedAt: at,
  });
  const selected = count.allocation.entries.filter((e) => e.outcome === "allocated").map((e) => e.proposalId);
  const notSelected = count.allocation.entries.filter((e) => e.outcome !== "allocated").map((e) => e.proposalId);
  // One UPDATE per outcome and one batch of audit entries, whatever the number of proposals.
  const decided: AuditEvent[] = [];
  for (const [status, ids] of [["selected", selected], ["not_selected", notSelected]] as const) {
    if (ids.length === 0) continue;
    await tx
      .update(proposals)
      .set({ status, statusReason: null, updatedAt: at, updatedBy: actorUserId })
      .where(sql`${proposals.id} = any(${`{${ids.join(",")}}`}::uuid[])`);
    for (const id of ids) decided.push({ actorUserId, action: "proposal.selection_decided", entityType: "proposal", entityId: id, data: { callId: call.id, status, resultsVersion: version } });
  }
  await recordMany(tx, decided);
  // The pact's grants: one per partner of each funded proposal (lib/incentives/grants.ts).
  await createGrantsForResults(tx, {
    call,
    version,
    actorUserId,
    selectedProposalIds: selected,
    allocations: new Map(count.allocation.entries.filter((e) => e.outcome === "allocated").map((e) => [e.proposalId, e.allocatedCents])),
    at,
    reason,
  });
  if (call.status !== "results" && call.status !== "archived") {
    await tx.update(calls).set({ status: "results", resultsPublishedAt: at, updatedAt: at }).where(eq(calls.id, call.id));
  }
  // Last in the transaction: the chain head it leaves is the anchor shown with this version.
  await recordDecision(tx, {
    actorUserId,
    action: version === 1 ? "call.results_published" : "call.results_corrected",
    entityType: "call",
    entityId: call.id,
    version,
    data: {
      version,
      reason,
      fingerprint: count.fingerprint,
      ballots: count.ballotCount,
      turnoutWeight: count.turnoutWeight,
      eligibleWeight: count.eligibleWeight,
      quorumReached: count.quorumReached,
      selected,
    },
  });
  return { version, fingerprint: count.fingerprint };
}

async function lastVersion(tx: Tx, callId: string): Promise<number> {
  const [row] = await tx.select({ v: sql<number>`coalesce(max(${callResults.version}), 0)::int` }).from(callResults).where(eq(callResults.callId, callId));
  return Number(row?.v ?? 0);
}

/**
 * A promoter publishes the results once the window has closed: irreversible. Throws
 * UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, INVALID_STATE (window open, already published).
 */
export async function publishResults(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; fingerprint: string }> {
  const { callId } = parseInput(callIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    const phase = callPhase(call, now());
    if (canCorrectResults(phase) || (await lastVersion(tx, call.id)) > 0) throw new AppError("INVALID_STATE", "resultsAlreadyPublished");
    if (!canPublishResults(phase)) throw new AppError("INVALID_STATE", "resultsVotingNotClosed");
    const result = await writeResults(tx, { call, actorUserId: who.userId, version: 1, reason: null });
    await notifyResultsPublished(tx, { actorUserId: who.userId, callId: call.id, version: result.version });
    return result;
  });
}

/**
 * A correction: the count is made again from the ballots and published as a new
 * version with its reason; earlier versions stay. Throws …, VALIDATION (reason),
 * INVALID_STATE (nothing published yet).
 */
export async function correctResults(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; fingerprint: string }> {
  const { callId, reason } = parseInput(correctResultsSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const call = await lockCallForPromoter(tx, who, callId);
    const previous = await lastVersion(tx, call.id);
    if (!canCorrectResults(callPhase(call, now())) || previous === 0) throw new AppError("INVALID_STATE", "resultsNotPublished");
    const result = await writeResults(tx, { call, actorUserId: who.userId, version: previous + 1, reason });
    await notifyResultsPublished(tx, { actorUserId: who.userId, callId: call.id, version: result.version });
    return result;
  });
}
