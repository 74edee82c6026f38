import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callCountSnapshots, type Call } from "@/db/schema";
import { now } from "@/lib/clock";
import type { Allocation } from "./policy";

/**
 * The count of a closed vote, computed once (lib/voting/service.ts previewResults). Once the
 * voting window has closed no ballot can be cast or changed, so the count can only change
 * when one of its other inputs does: a voter removed (or given back) before publication —
 * which also moves the running totals —, a proposal's status, or the call's budget, quorum,
 * method or window, or its technical appraisal (rule, criteria, approval, consolidated scores:
 * issue 14). `basis` digests exactly those, in one bounded query (the call's voters
 * and proposals, by index); while it is unchanged the stored count is read back instead of
 * counting again. Nothing has to remember to expire it.
 */

/** The digest of every input of a closed vote's count but the (frozen) ballots. */
export async function countBasis(db: Db | Tx, call: Call): Promise<string> {
  const result = await db.execute(sql`
    select md5(concat_ws('|',
      ${call.updatedAt.toISOString()}::text, ${call.budgetCents}::text, ${call.quorumBp}::text, ${call.votingMethod}::text,
      ${call.votingOpensAt?.toISOString() ?? ""}::text, ${call.votingClosesAt?.toISOString() ?? ""}::text,
      (select concat_ws(',', count(*), count(removed_at), max(removed_at), sum(weight)) from call_voters where call_id = ${call.id}),
      (select concat_ws(',', count(*), max(updated_at), string_agg(status::text, '' order by id)) from proposals where call_id = ${call.id}),
      (select concat_ws(',', count(*), sum(num), sum(den), sum(ballots)) from ballot_totals where call_id = ${call.id}),
      ${call.evaluationMode}::text, ${call.evaluationMinTotal}::text, ${call.evaluationWeightBp}::text,
      (select concat_ws(',', count(*), sum(max_points)) from call_criteria where call_id = ${call.id}),
      (select concat_ws(',', count(*), max(approved_at)) from call_evaluations where call_id = ${call.id}),
      (select concat_ws(',', count(*), sum(points), max(recorded_at), string_agg(proposal_id::text || ':' || points::text, ',' order by proposal_id, criterion_id)) from evaluation_consolidated_scores where call_id = ${call.id})
    )) as basis`);
  const rows = (Array.isArray(result) ? result : (result as { rows: { basis: string }[] }).rows) as { basis: string }[];
  return rows[0].basis;
}

/** The stored count for this basis, or null (none yet, or its inputs changed since). */
export async function readCountSnapshot<T extends { allocation: Allocation }>(db: Db | Tx, callId: string, basis: string): Promise<T | null> {
  const [row] = await db.select({ basis: callCountSnapshots.basis, count: callCountSnapshots.count }).from(callCountSnapshots).where(eq(callCountSnapshots.callId, callId));
  if (!row || row.basis !== basis) return null;
  const count = row.count as T;
  // Stored as JSON: the proposals' submission times come back as strings.
  for (const e of count.allocation.entries) e.submittedAt = e.submittedAt === null ? null : new Date(e.submittedAt);
  return count;
}

/** Keeps the count computed for this basis (the last writer wins: equal bases give equal counts). */
export async function storeCountSnapshot(db: Db | Tx, callId: string, basis: string, count: unknown): Promise<void> {
  const at = now();
  await db
    .insert(callCountSnapshots)
    .values({ callId, basis, count, computedAt: at })
    .onConflictDoUpdate({ target: callCountSnapshots.callId, set: { basis, count, computedAt: at } });
}
