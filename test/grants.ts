import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, grants, proposals, type Grant } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { castBallot, publishResults } from "@/lib/voting/service";
import { submittedProposal } from "./submissions";
import { AFTER_VOTING, VOTING } from "./voting";
import { createScenario, type Scenario } from "./proposals";

export type FundedScenario = {
  s: Scenario;
  proposalId: string;
  /** One grant per partner: lead (cost 250k, co-financing 120k), firm (50k), university (100k); 280k split 130k / 50k / 100k. */
  lead: Grant;
  firm: Grant;
  university: Grant;
};

/**
 * A proposal submitted through the real services, admissible, voted (the promoter yes, the
 * partners may not: quorum 20%, 1 of 4) and funded by the published results, so createGrantsForResults made its
 * grants. `advanceMaxBp` is set on the call first. The clock is left after the vote.
 */
export async function fundedScenario(db: Db, options: { advanceMaxBp?: number; lineToleranceBp?: number } = {}): Promise<FundedScenario> {
  const { s, id } = await submittedProposal(db, { scenario: await createScenario(db, { quorum: "20" }) });
  await db.update(proposals).set({ status: "admissible" }).where(eq(proposals.id, id));
  await db
    .update(calls)
    .set({ advanceMaxBp: options.advanceMaxBp ?? 3000, lineToleranceBp: options.lineToleranceBp ?? 1000 })
    .where(eq(calls.id, s.callId));
  setClock(VOTING);
  await castBallot(db, s.coalition.promoter.admin.actor, { callId: s.callId, proposalId: id, organisationId: s.coalition.promoter.organisationId, value: 1 });
  setClock(AFTER_VOTING);
  await publishResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });
  const rows = await db.select().from(grants).where(and(eq(grants.proposalId, id))).orderBy(asc(grants.createdAt));
  const of = (orgId: string) => rows.find((r) => r.organisationId === orgId)!;
  return { s, proposalId: id, lead: of(s.lead.organisationId), firm: of(s.firm.organisationId), university: of(s.university.organisationId) };
}

export async function grantRow(db: Db, id: string): Promise<Grant> {
  const [row] = await db.select().from(grants).where(eq(grants.id, id));
  return row;
}
