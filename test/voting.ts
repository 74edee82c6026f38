import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coalitionMembers, organisationMembers, organisations, proposalPartners, proposals } from "@/db/schema";
import type { CallFieldsInput } from "@/lib/calls/schemas";
import { createScenario, type Scenario } from "./proposals";
import { randomPartitaIva, uniqueSuffix, type TestOrganisation, type TestUser } from "./factories";

/** In the scenario's voting window (22 Feb 09:00 – 8 Mar 18:00 Rome) and after it. */
export const BEFORE_VOTING = new Date("2026-02-20T09:00:00Z");
export const VOTING = new Date("2026-02-23T09:00:00Z");
export const AFTER_VOTING = new Date("2026-03-09T09:00:00Z");

export type VotingScenario = Scenario & { proposal: (input?: ProposalInput) => Promise<string> };

type ProposalInput = {
  lead?: TestOrganisation;
  partners?: TestOrganisation[];
  requestedCents?: number;
  submittedAt?: Date;
  status?: "admissible" | "submitted" | "inadmissible";
  title?: string;
};

/**
 * createScenario (promoter, lead, firm, university with weight 1, an observer, and an
 * approval call) plus a way to add proposals that are already admissible. They are
 * written directly: submission and review are tested in lib/proposals.
 */
export async function createVotingScenario(db: Db, overrides: Partial<CallFieldsInput> = {}): Promise<VotingScenario> {
  const s = await createScenario(db, overrides);
  let n = 0;
  const proposal = async (input: ProposalInput = {}) => {
    const lead = input.lead ?? s.lead;
    n++;
    const [row] = await db
      .insert(proposals)
      .values({
        callId: s.callId,
        leadOrganisationId: lead.organisationId,
        reference: `T-${uniqueSuffix()}-${n}`,
        title: input.title ?? `Proposta ${n}`,
        requestedCents: input.requestedCents ?? 100_000_00,
        status: input.status ?? "admissible",
        submittedAt: input.submittedAt ?? new Date(Date.UTC(2026, 1, 1, 9, n)),
        createdBy: lead.admin.actor.userId,
      })
      .returning({ id: proposals.id });
    await db.insert(proposalPartners).values([
      { proposalId: row.id, organisationId: lead.organisationId, isLead: true, status: "accepted" as const, createdBy: lead.admin.actor.userId },
      ...(input.partners ?? []).map((p) => ({ proposalId: row.id, organisationId: p.organisationId, status: "accepted" as const, createdBy: p.admin.actor.userId })),
    ]);
    return row.id;
  };
  return { ...s, proposal };
}

/**
 * Many voting members at once, written directly (the services would take minutes for
 * hundreds): verified firms represented by one person, each a member with weight 1.
 */
export async function bulkVotingMembers(db: Db, coalitionId: string, representative: TestUser, count: number): Promise<string[]> {
  const ids: string[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i += 100) {
      const rows = await tx
        .insert(organisations)
        .values(
          Array.from({ length: Math.min(100, count - i) }, () => ({
            kind: "firm" as const,
            legalName: `Impresa ${uniqueSuffix()}`,
            partitaIva: randomPartitaIva(),
            sizeClass: "small" as const,
            municipalityCode: "001272",
            status: "verified" as const,
          })),
        )
        .returning({ id: organisations.id });
      ids.push(...rows.map((r) => r.id));
    }
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      await tx.insert(organisationMembers).values(chunk.map((organisationId) => ({ organisationId, userId: representative.actor.userId, role: "admin" as const })));
      await tx.insert(coalitionMembers).values(chunk.map((organisationId) => ({ coalitionId, organisationId, role: "member" as const, weight: 1 })));
    }
  });
  return ids;
}

export async function ballotRows(db: Db, proposalId: string) {
  const result = await db.execute(sql`select organisation_id, value, revision, receipt_hash from ballots where proposal_id = ${proposalId}`);
  return (result as unknown as { rows: { organisation_id: string; value: number; revision: number; receipt_hash: string }[] }).rows;
}
