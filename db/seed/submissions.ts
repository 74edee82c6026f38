import { and, inArray, isNotNull, notExists, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions, proposalSubmissions, proposals } from "@/db/schema";
import { recordSubmission } from "@/lib/documents/canonical";
import { DEMO_COALITION } from "./data";
import type { SeedResult } from "./seed";

/**
 * Submission snapshots (lib/documents/canonical.ts) for the demo's proposals that were
 * written directly as already submitted (the past call's, the calls in review, voting and
 * counting): their receipts and application PDFs then download like those of a proposal
 * submitted through the form, which gets its snapshot from submitProposal. Idempotent: a
 * proposal that has a snapshot is left alone. Only the demo coalition's proposals: a database
 * that tests or people also use keeps their proposals as they are.
 */
export async function ensureSubmissionSnapshots(db: Db, result: SeedResult): Promise<void> {
  const missing = await db
    .select({ id: proposals.id, reference: proposals.reference, submittedAt: proposals.submittedAt, version: proposals.version, createdBy: proposals.createdBy })
    .from(proposals)
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(
      and(
        eq(coalitions.slug, DEMO_COALITION.slug),
        isNotNull(proposals.reference),
        isNotNull(proposals.submittedAt),
        inArray(proposals.status, ["submitted", "admissible", "inadmissible", "selected", "not_selected", "withdrawn"]),
        notExists(db.select({ id: proposalSubmissions.id }).from(proposalSubmissions).where(eq(proposalSubmissions.proposalId, proposals.id))),
      ),
    )
    .orderBy(proposals.submittedAt);
  if (missing.length === 0) return;
  await db.transaction(async (tx) => {
    for (const p of missing) {
      await recordSubmission(tx, { proposalId: p.id, reference: p.reference!, submittedAt: p.submittedAt!, proposalVersion: p.version, submittedBy: p.createdBy });
    }
  });
  result.changes.push(`submission snapshots (receipts) of ${missing.length} submitted proposals`);
}
