import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { ballots, callResultReceipts, callResults, callVoterSnapshots, callVoters, calls, coalitionMembers, organisationMembers, organisations, proposals } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isRepresentative, representsOrganisation } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { parseInput } from "@/lib/action";
import { ballotValues } from "./policy";
import { receiptHash } from "./receipt";
import { checkReceiptSchema } from "./schemas";
import { ensureVoterSnapshot } from "./snapshot";
import { isCoalitionPromoter } from "@/lib/coalitions/access";

/** The versions of a call's published results, newest first (a few rows). */
export async function listResultVersions(db: Db, callId: string) {
  return db
    .select({ id: callResults.id, version: callResults.version, reason: callResults.reason, publishedAt: callResults.publishedAt, fingerprint: callResults.fingerprint })
    .from(callResults)
    .where(eq(callResults.callId, callId))
    .orderBy(desc(callResults.version));
}

/** One published version of a call's results (its row: ranking and figures, never the receipt list). */
export async function getResultsVersion(db: Db, callId: string, version: number) {
  const [row] = await db
    .select()
    .from(callResults)
    .where(and(eq(callResults.callId, callId), eq(callResults.version, version)));
  return row ?? null;
}

/** The published results of a call: the latest version, and the list of all versions (newest first). Null before publication. */
export async function getResults(db: Db, callId: string) {
  const versions = await listResultVersions(db, callId);
  if (versions.length === 0) return null;
  const latest = await getResultsVersion(db, callId, versions[0].version);
  return latest ? { latest, versions } : null;
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

/** How many ballots one page of a call's public ballots shows. */
export const PUBLIC_BALLOTS_PAGE_SIZE = 100;

/** Where a page of public ballots starts: after this organisation (name, id) and proposal. */
export type PublicBallotsCursor = { name: string; organisationId: string; proposalId: string };

/**
 * Each organisation's ballots, for calls that make them public, once results are out (never
 * during the vote): a page at a time, by organisation then proposal, keyset on
 * (name, organisation, proposal) — a page reads only the rows it shows, whatever the number of
 * ballots. `next` is the cursor of the following page, null on the last.
 */
export async function listPublicBallots(
  db: Db,
  call: { id: string; ballotsPublic: boolean; status: string },
  options: { after?: PublicBallotsCursor | null; limit?: number } = {},
): Promise<{ rows: { organisationId: string; organisationName: string; proposalId: string; value: number }[]; next: PublicBallotsCursor | null }> {
  if (!call.ballotsPublic || (call.status !== "results" && call.status !== "archived")) return { rows: [], next: null };
  const limit = Math.min(Math.max(1, options.limit ?? PUBLIC_BALLOTS_PAGE_SIZE), 1000);
  const after = options.after;
  const rows = await db
    .select({ organisationId: ballots.organisationId, organisationName: organisations.legalName, proposalId: ballots.proposalId, value: ballots.value })
    .from(ballots)
    .innerJoin(organisations, eq(organisations.id, ballots.organisationId))
    // Only counted ballots: those of voters dropped from the vote were withdrawn (lib/voting/tally.ts).
    .innerJoin(callVoters, and(eq(callVoters.callId, ballots.callId), eq(callVoters.organisationId, ballots.organisationId), isNull(callVoters.removedAt)))
    .where(
      and(
        eq(ballots.callId, call.id),
        after ? sql`(${organisations.legalName}, ${ballots.organisationId}, ${ballots.proposalId}) > (${after.name}, ${after.organisationId}::uuid, ${after.proposalId}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(organisations.legalName), asc(ballots.organisationId), asc(ballots.proposalId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { name: last.organisationName, organisationId: last.organisationId, proposalId: last.proposalId } : null };
}

/** The cursor as it travels in a link (?after=…), and back; null when it is not one. */
export function encodeBallotsCursor(cursor: PublicBallotsCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.organisationId, cursor.proposalId])).toString("base64url");
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeBallotsCursor(text: string | undefined | null): PublicBallotsCursor | null {
  if (!text || text.length > 1000) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [name, organisationId, proposalId] = value;
    if (typeof name !== "string" || typeof organisationId !== "string" || typeof proposalId !== "string") return null;
    // No NUL: PostgreSQL refuses it in a text parameter (a crafted link was a server error).
    if (name.length > 800 || name.includes("\u0000")) return null;
    if (!UUID_RE.test(organisationId) || !UUID_RE.test(proposalId)) return null;
    return { name, organisationId, proposalId };
  } catch {
    return null;
  }
}

/** A published version of a call's results (the latest when `version` is null): what the receipt download needs. */
export async function getResultsVersionSummary(db: Db, callId: string, version: number | null) {
  const [row] = await db
    .select({ callId: callResults.callId, version: callResults.version, fingerprint: callResults.fingerprint, ballotCount: callResults.ballotCount })
    .from(callResults)
    .where(and(eq(callResults.callId, callId), version === null ? undefined : eq(callResults.version, version)))
    .orderBy(desc(callResults.version))
    .limit(1);
  return row ?? null;
}

/** How many receipt hashes one batch of the download reads. */
export const RECEIPTS_BATCH_SIZE = 5000;

/**
 * One batch of a results version's receipt list, in fingerprint order: the hashes at
 * positions after `afterPosition` (keyset on the primary key), at most `limit`.
 */
export async function listResultReceipts(db: Db, input: { callId: string; version: number; afterPosition?: number; limit?: number }) {
  return db
    .select({ position: callResultReceipts.position, receiptHash: callResultReceipts.receiptHash })
    .from(callResultReceipts)
    .where(and(eq(callResultReceipts.callId, input.callId), eq(callResultReceipts.version, input.version), sql`${callResultReceipts.position} > ${input.afterPosition ?? -1}`))
    .orderBy(asc(callResultReceipts.position))
    .limit(input.limit ?? RECEIPTS_BATCH_SIZE);
}

/**
 * The whole receipt list of a version, one hash a line, "\n" between them and none after the
 * last: exactly the bytes whose sha256 is the fingerprint. Read in keyset batches as the
 * stream is consumed, so memory stays flat whatever the number of ballots.
 */
export function streamResultReceipts(db: Db, input: { callId: string; version: number; batchSize?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = -1;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await listResultReceipts(db, { callId: input.callId, version: input.version, afterPosition: after, limit: input.batchSize ?? RECEIPTS_BATCH_SIZE });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = rows[rows.length - 1].position;
      controller.enqueue(encoder.encode((first ? "" : "\n") + rows.map((r) => r.receiptHash).join("\n")));
      first = false;
    },
  });
}

/**
 * What a receipt check tells: found (with the value, the results version and fingerprint,
 * and which public proposal it is), not found, or not published yet. It never says anything
 * about any other ballot, and "not found" looks the same whatever made the code wrong.
 */
export type ReceiptCheck =
  | { status: "found"; method: "approval" | "score"; value: number; version: number; fingerprint: string; call: { id: string; title: string }; proposal: { reference: string | null; title: string } }
  | { status: "notFound" }
  | { status: "notPublished"; call: { id: string; title: string } };

/** Calls' latest published results, for the receipt check: the version and who could be in it. */
async function latestResultsOf(db: Db, callIds: string[] | null) {
  const rows = await db
    .selectDistinctOn([callResults.callId], {
      callId: callResults.callId,
      title: calls.title,
      version: callResults.version,
      votingMethod: callResults.votingMethod,
      ranking: callResults.ranking,
      fingerprint: callResults.fingerprint,
    })
    .from(callResults)
    .innerJoin(calls, eq(calls.id, callResults.callId))
    .where(callIds ? inArray(callResults.callId, callIds) : undefined)
    .orderBy(callResults.callId, desc(callResults.version));
  return rows;
}

/** Which of `hashes` are in the receipt list of the given versions: an indexed lookup (call_result_receipts_hash_idx). */
async function findPublishedReceipts(db: Db, hashes: string[], versions: { callId: string; version: number }[]): Promise<string[]> {
  if (hashes.length === 0 || versions.length === 0) return [];
  const found: string[] = [];
  // Bounded statements whatever the number of calls and proposals tried (an older code without its locator).
  for (let i = 0; i < hashes.length; i += 5000) {
    const rows = await db
      .select({ hash: callResultReceipts.receiptHash, callId: callResultReceipts.callId, version: callResultReceipts.version })
      .from(callResultReceipts)
      .where(inArray(callResultReceipts.receiptHash, hashes.slice(i, i + 5000)));
    const wanted = new Set(versions.map((v) => `${v.callId}:${v.version}`));
    found.push(...rows.filter((r) => wanted.has(`${r.callId}:${r.version}`)).map((r) => r.hash));
  }
  return found;
}

/**
 * Anyone holding a receipt code checks that their ballot is in the published set, with the
 * code alone. A code carries its proposal's reference (lib/voting/receipt-code.ts), which
 * only says which proposal's published hashes to try: sha256(token:proposalId:value) for
 * each value the method allows must be there, so a forged locator finds nothing. An older
 * code without the locator is tried against the proposals of the published results — of
 * the given call (the only use of `callId`), or of every call with results (a few hashes per proposal: cheap at the
 * scale of a pact; the locator makes new codes a single lookup).
 */
export async function checkReceipt(db: Db, input: unknown): Promise<ReceiptCheck> {
  const { callId, token: code } = parseInput(checkReceiptSchema, input);
  let targets: { proposalId: string; callId: string }[] | null = null;
  if (code.locator) {
    const located = await db
      .select({ proposalId: proposals.id, callId: proposals.callId })
      .from(proposals)
      .innerJoin(calls, eq(calls.id, proposals.callId))
      // Only what the public may see: references are given at submission, and drafts of calls stay hidden.
      .where(and(sql`upper(regexp_replace(${proposals.reference}, '[^A-Za-z0-9]', '', 'g')) = ${code.locator}`, sql`${calls.status} <> 'draft'`));
    targets = located;
    if (targets.length === 0) return { status: "notFound" };
  }
  const results = await latestResultsOf(db, targets ? [...new Set(targets.map((t) => t.callId))] : callId ? [callId] : null);
  // Every hash the code could have — one per candidate proposal and value — looked up at once on the hash's index.
  const tried = new Map<string, { callId: string; proposalId: string; value: number }>();
  for (const r of results) {
    const method = r.votingMethod === "score" ? "score" : "approval";
    const candidates = targets ? targets.filter((t) => t.callId === r.callId).map((t) => t.proposalId) : r.ranking.map((e) => e.proposalId);
    for (const proposalId of candidates) for (const value of ballotValues(method)) tried.set(receiptHash(code.token, proposalId, value), { callId: r.callId, proposalId, value });
  }
  const found = await findPublishedReceipts(db, [...tried.keys()], results);
  for (const r of results) {
    const method = r.votingMethod === "score" ? "score" : "approval";
    for (const hash of found) {
      const hit = tried.get(hash);
      if (!hit || hit.callId !== r.callId) continue;
      const { proposalId, value } = hit;
      const entry = r.ranking.find((e) => e.proposalId === proposalId);
      return {
        status: "found",
        method,
        value,
        version: r.version,
        fingerprint: r.fingerprint,
        call: { id: r.callId, title: r.title },
        proposal: { reference: entry?.reference ?? null, title: entry?.title ?? "" },
      };
    }
  }
  // A located proposal whose call has no results yet: its reference is public, so saying so reveals nothing.
  if (targets && results.length === 0) {
    const [call] = await db.select({ id: calls.id, title: calls.title }).from(calls).where(eq(calls.id, targets[0].callId));
    if (call) return { status: "notPublished", call };
  }
  return { status: "notFound" };
}

/** Why one of the viewer's organisations in the coalition does not vote through them here. */
export type NotVotingReason = "observer" | "notInSnapshot" | "removed" | "notRepresentative";

/**
 * What a representative sees on the voting page: the organisations they may vote for
 * (voters of the call that they represent) and the chosen one; the proposals, with conflicts
 * marked and the chosen organisation's ballots, come a page at a time from
 * listBoothProposalsPage (lib/voting/booth-page.ts). Their other
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

    return {
      call: { id: call.id, title: call.title, coalitionId: call.coalitionId, votingMethod: call.votingMethod, votingOpensAt: call.votingOpensAt, votingClosesAt: call.votingClosesAt },
      phase,
      organisations: voters.map(({ organisationId, name, weight }) => ({ organisationId, name, weight })),
      notVoting: related.filter((m) => m.reason !== null).map(({ organisationId, name, role, reason }) => ({ organisationId, name, role, reason: reason! })),
      chosen,
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

/** Whether a counted voter of the snapshot has a ballot in its call (never which). */
const voterHasVoted = sql<boolean>`exists (select 1 from ${ballots} where ${ballots.callId} = ${callVoters.callId} and ${ballots.organisationId} = ${callVoters.organisationId})`;
const countedVoters = (callId: string) => and(eq(callVoters.callId, callId), isNull(callVoters.removedAt))!;

/**
 * The counted voters of a call that have not voted yet, with their names: who a promoter's
 * reminder goes to (lib/notifications/promoter.ts). The same rule as the turnout list;
 * the caller checks the promoter and takes the snapshot first.
 */
export async function organisationsNotVoted(db: Db | Tx, callId: string): Promise<{ organisationId: string; name: string }[]> {
  return db
    .select({ organisationId: callVoters.organisationId, name: organisations.legalName })
    .from(callVoters)
    .innerJoin(organisations, eq(organisations.id, callVoters.organisationId))
    .where(and(countedVoters(callId), sql`not ${voterHasVoted}`));
}

/** How many organisations one page of the turnout list shows. */
export const TURNOUT_PAGE_SIZE = 50;

export type TurnoutRow = { organisationId: string; name: string; hasVoted: boolean };

/**
 * Who has voted and who has not, for the promoters of the call's coalition: each counted
 * voter of the snapshot (removed voters are listed apart) with a yes/no, those still to
 * vote first, a page at a time. Never how anyone voted: no ballot column is selected
 * beyond its existence. Null for anyone who does not represent a promoter, or before
 * the voter snapshot exists (the count page takes it first).
 */
export async function listTurnoutByOrganisation(
  db: Db,
  viewer: Actor,
  input: { callId: string; page?: number },
): Promise<{ rows: TurnoutRow[]; total: number; notVoted: number; page: number; pageCount: number } | null> {
  const [call] = await db.select({ id: calls.id, coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, input.callId));
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const hasVoted = voterHasVoted;
  const counted = countedVoters(call.id);
  const [totals] = await db
    .select({ total: sql<number>`count(*)::int`, notVoted: sql<number>`(count(*) filter (where not ${hasVoted}))::int` })
    .from(callVoters)
    .where(counted);
  const total = Number(totals?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / TURNOUT_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const rows = await db
    .select({ organisationId: callVoters.organisationId, name: organisations.legalName, hasVoted })
    .from(callVoters)
    .innerJoin(organisations, eq(organisations.id, callVoters.organisationId))
    .where(counted)
    .orderBy(asc(hasVoted), asc(organisations.legalName), asc(callVoters.organisationId))
    .limit(TURNOUT_PAGE_SIZE)
    .offset((page - 1) * TURNOUT_PAGE_SIZE);
  return { rows: rows.map((r) => ({ ...r, hasVoted: Boolean(r.hasVoted) })), total, notVoted: Number(totals?.notVoted ?? 0), page, pageCount };
}
