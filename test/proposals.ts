import type { Db } from "@/db/client";
import { createCall, publishCall } from "@/lib/calls/service";
import type { CallFieldsInput } from "@/lib/calls/schemas";
import { setClock } from "@/lib/clock";
import { createProposal, saveBudgetPart, updateProposal } from "@/lib/proposals/service";
import { admitTestMember, createTestCoalition, type TestCoalition } from "./coalitions";
import { uniqueSuffix, type TestOrganisation } from "./factories";

/** Winter dates: Rome is UTC+1. Submission is open at T0. */
export const T0 = new Date("2026-01-10T09:00:00Z");
export const AFTER_SUBMISSION = new Date("2026-02-16T09:00:00Z");

export function openCallInput(overrides: Partial<CallFieldsInput> = {}): CallFieldsInput {
  return {
    title: `Piattaforme condivise ${uniqueSuffix()}`,
    description: "",
    themes: ["erp", "marketplace"],
    sectors: ["industry", "services"],
    budget: "1.200.000",
    maxRequest: "400.000",
    minCofinancing: "30",
    minPartners: "3",
    maxPartners: "8",
    requiredPartnerKinds: ["university", "research_centre"],
    leadKinds: ["firm"],
    sizeClasses: ["micro", "small", "medium"],
    submissionOpensAt: "2026-01-05T09:00",
    submissionClosesAt: "2026-02-15T18:00",
    votingOpensAt: "2026-02-22T09:00",
    votingClosesAt: "2026-03-08T18:00",
    votingMethod: "approval",
    quorum: "50",
    ballotsPublic: false,
    ...overrides,
  };
}

export type Scenario = {
  coalition: TestCoalition;
  callId: string;
  lead: TestOrganisation;
  firm: TestOrganisation;
  university: TestOrganisation;
  observer: TestOrganisation;
};

/** A coalition with a small firm (lead), another firm, a university and an observer, and an open call. The clock is at T0. */
export async function createScenario(db: Db, overrides: Partial<CallFieldsInput> = {}): Promise<Scenario> {
  setClock(T0);
  const coalition = await createTestCoalition(db);
  const lead = await admitTestMember(db, coalition, { input: { sizeClass: "small" } });
  const firm = await admitTestMember(db, coalition, { input: { sizeClass: "micro" } });
  const university = await admitTestMember(db, coalition, { input: { kind: "university", atecoCode: "", sizeClass: "" } });
  const observer = await admitTestMember(db, coalition, { role: "observer" });
  const { callId } = await createCall(db, coalition.promoter.admin.actor, { coalitionId: coalition.coalitionId, ...openCallInput(overrides) });
  await publishCall(db, coalition.promoter.admin.actor, { callId });
  return { coalition, callId, lead, firm, university, observer };
}

/** Fills every field of a draft so that only partners and budget decide eligibility. */
export async function completeDraft(db: Db, s: Scenario, proposalId: string, version: number, requested = "280.000") {
  return updateProposal(db, s.lead.admin.actor, {
    proposalId,
    version,
    title: "ERP condiviso",
    summary: "Un ERP per le imprese meccaniche del distretto",
    problem: "Nessuna piccola impresa può permetterselo da sola",
    solutionType: "erp",
    objectives: "Adottarlo in dieci imprese",
    indicators: [{ name: "Imprese che lo usano", baseline: "0", target: "10", unit: "imprese" }],
    milestones: [{ title: "Avvio", month: "1" }],
    durationMonths: "18",
    sectors: ["industry"],
    lookingForKinds: [],
    requested,
  });
}

export async function newDraft(db: Db, s: Scenario) {
  const { proposalId } = await createProposal(db, s.lead.admin.actor, { callId: s.callId, leadOrganisationId: s.lead.organisationId, title: "Bozza" });
  return proposalId;
}

export { saveBudgetPart };

/**
 * Puts an organisation in a proposal as an accepted partner. A shortcut around the
 * invitation flow (tested on its own in lib/proposals/partnerships.test.ts).
 */
export async function addAcceptedPartner(db: Db, proposalId: string, org: TestOrganisation) {
  const { proposalPartners } = await import("@/db/schema");
  await db.insert(proposalPartners).values({ proposalId, organisationId: org.organisationId, status: "accepted", createdBy: org.admin.actor.userId });
}
