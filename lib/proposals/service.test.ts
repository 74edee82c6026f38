import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposalBudgetLines, proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { createTestCoalition, admitTestMember } from "@/test/coalitions";
import { createOrganisation } from "@/test/factories";
import { addAcceptedPartner, AFTER_SUBMISSION, completeDraft, createScenario, newDraft, T0, type Scenario } from "@/test/proposals";
import { getProposalForViewer } from "./queries";
import { checkProposal, createProposal, saveBudgetPart, submitProposal, updateProposal, withdrawProposal } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function version(proposalId: string) {
  const [row] = await db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, proposalId));
  return row.version;
}

/** A draft that meets every rule: three accepted partners incl. a university, 30% co-financed. */
async function eligibleDraft(s: Scenario) {
  const id = await newDraft(db, s);
  await addAcceptedPartner(db, id, s.firm);
  await addAcceptedPartner(db, id, s.university);
  await completeDraft(db, s, id, await version(id));
  await saveBudgetPart(db, s.lead.admin.actor, {
    proposalId: id,
    version: await version(id),
    organisationId: s.lead.organisationId,
    lines: [{ category: "software", description: "Licenze ERP", amount: "250.000" }],
    cofinancing: "90.000",
  });
  await saveBudgetPart(db, s.firm.admin.actor, {
    proposalId: id,
    version: await version(id),
    organisationId: s.firm.organisationId,
    lines: [{ category: "services", description: "Integrazione", amount: "50.000" }],
    cofinancing: "30.000",
  });
  await saveBudgetPart(db, s.university.admin.actor, {
    proposalId: id,
    version: await version(id),
    organisationId: s.university.organisationId,
    lines: [{ category: "personnel", description: "Ricercatori", amount: "100.000" }],
    cofinancing: "0",
  });
  return id;
}

describe("createProposal", () => {
  it("a member firm's admin drafts a proposal; the lead is its first partner; audited", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const view = await getProposalForViewer(db, s.lead.admin.actor, id);
    expect(view?.proposal.status).toBe("draft");
    expect(view?.partners.map((p) => [p.organisationId, p.status, p.isLead])).toEqual([[s.lead.organisationId, "accepted", true]]);
    expect(await auditActionsFor(db, id)).toEqual(["proposal.created"]);
  });

  it("refuses a university where firms lead, an observer, a non-member, and a signed-out caller", async () => {
    const s = await createScenario(db);
    const outsider = await createOrganisation(db, { verified: true });
    const args = (orgId: string) => ({ callId: s.callId, leadOrganisationId: orgId, title: "x" });
    await expectAppError(createProposal(db, s.university.admin.actor, args(s.university.organisationId)), "FORBIDDEN", "proposalLeadKindNotAllowed");
    await expectAppError(createProposal(db, s.observer.admin.actor, args(s.observer.organisationId)), "FORBIDDEN", "proposalLeadNotMember");
    await expectAppError(createProposal(db, outsider.admin.actor, args(outsider.organisationId)), "FORBIDDEN", "proposalLeadNotMember");
    await expectAppError(createProposal(db, s.lead.admin.actor, args(s.firm.organisationId)), "NOT_FOUND");
    await expectAppError(createProposal(db, null, args(s.lead.organisationId)), "UNAUTHENTICATED");
  });

  it("refuses a call whose submission has closed", async () => {
    const s = await createScenario(db);
    setClock(AFTER_SUBMISSION);
    await expectAppError(newDraft(db, s), "INVALID_STATE", "proposalCallNotOpen");
  });
});

describe("drafts stay private", () => {
  it("another member, a promoter before submission and a visitor cannot read a draft, even with its id", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    expect(await getProposalForViewer(db, s.firm.admin.actor, id)).toBeNull();
    expect(await getProposalForViewer(db, s.coalition.promoter.admin.actor, id)).toBeNull();
    expect(await getProposalForViewer(db, null, id)).toBeNull();
    await expectAppError(updateProposal(db, s.firm.admin.actor, { ...(await draftFields()), proposalId: id, version: 1 }), "NOT_FOUND");
    await expectAppError(submitProposal(db, s.firm.admin.actor, { proposalId: id }), "NOT_FOUND");
    await expectAppError(checkProposal(db, s.coalition.promoter.admin.actor, { proposalId: id }), "NOT_FOUND");
  });

  it("once submitted, the public sees partners and totals but no budget lines", async () => {
    const s = await createScenario(db);
    const id = await eligibleDraft(s);
    await submitProposal(db, s.lead.admin.actor, { proposalId: id });
    const anon = await getProposalForViewer(db, null, id);
    expect(anon?.lines).toEqual([]);
    expect(anon?.totals.totalCents).toBe(400_000_00);
    expect(anon?.partners).toHaveLength(3);
    const promoter = await getProposalForViewer(db, s.coalition.promoter.admin.actor, id);
    expect(promoter?.lines).toHaveLength(3);
  });
});

async function draftFields() {
  return {
    title: "T",
    summary: "",
    problem: "",
    solutionType: "",
    objectives: "",
    indicators: [],
    milestones: [],
    durationMonths: "",
    sectors: [],
    lookingForKinds: [],
    requested: "",
  };
}

describe("concurrent edits", () => {
  it("a save from a stale version is refused with who changed it and when, and the other save is kept", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const colleague = s.lead.admin; // two tabs of the same person behave like two people
    await updateProposal(db, colleague.actor, { ...(await draftFields()), title: "Prima versione", proposalId: id, version: 1 });
    const error = await expectAppError(
      updateProposal(db, s.lead.admin.actor, { ...(await draftFields()), title: "Versione vecchia", proposalId: id, version: 1 }),
      "CONFLICT",
      "proposalStale",
    );
    expect(error.values?.name).toBe(colleague.actor.name);
    expect(error.values?.at).toBe(T0.toISOString());
    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect(row.title).toBe("Prima versione");
    expect(row.version).toBe(2);
  });

  it("of two parallel saves from the same version exactly one wins", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const results = await Promise.allSettled(
      ["A", "B", "C", "D"].map((title) => updateProposal(db, s.lead.admin.actor, { ...(draftFieldsSync()), title, proposalId: id, version: 1 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((r as PromiseRejectedResult).reason as AppError).messageKey).toBe("proposalStale");
    }
    expect(await version(id)).toBe(2);
  });
});

function draftFieldsSync() {
  return { title: "T", summary: "", problem: "", solutionType: "", objectives: "", indicators: [], milestones: [], durationMonths: "", sectors: [], lookingForKinds: [], requested: "" };
}

describe("budget", () => {
  it("each accepted partner edits its own part; totals are exact in cents", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await addAcceptedPartner(db, id, s.firm);
    await saveBudgetPart(db, s.firm.admin.actor, {
      proposalId: id,
      version: await version(id),
      organisationId: s.firm.organisationId,
      lines: [
        { category: "services", description: "A", amount: "0,10" },
        { category: "services", description: "B", amount: "0,20" },
      ],
      cofinancing: "0,30",
    });
    await expectAppError(
      saveBudgetPart(db, s.firm.admin.actor, { proposalId: id, version: await version(id), organisationId: s.lead.organisationId, lines: [], cofinancing: "0" }),
      "FORBIDDEN",
    );
    const view = await getProposalForViewer(db, s.lead.admin.actor, id);
    expect(view?.totals.totalCents).toBe(30);
    expect(view?.totals.cofinancingCents).toBe(30);
    const lines = await db.select().from(proposalBudgetLines).where(eq(proposalBudgetLines.proposalId, id));
    expect(lines.map((l) => l.amountCents).sort()).toEqual([10, 20]);
  });

  it("refuses a zero or malformed amount next to its line", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const error = await expectAppError(
      saveBudgetPart(db, s.lead.admin.actor, {
        proposalId: id,
        version: 1,
        organisationId: s.lead.organisationId,
        lines: [
          { category: "software", description: "ok", amount: "10" },
          { category: "software", description: "zero", amount: "0" },
          { category: "software", description: "bad", amount: "dieci" },
        ],
        cofinancing: "",
      }),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["lines.1.amount", "lines.2.amount"]);
  });
});

describe("submitProposal", () => {
  it("lists every failing rule, then submits once fixed: a reference number, frozen, audited", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const error = await expectAppError(submitProposal(db, s.lead.admin.actor, { proposalId: id }), "VALIDATION", "proposalNotEligible");
    expect(error.problems?.map((p) => p.key)).toEqual(
      expect.arrayContaining(["proposalSummaryRequired", "proposalTooFewPartners", "proposalRequiredKindMissing", "proposalBudgetEmpty"]),
    );
    const eligible = await eligibleDraft(s);
    expect(await checkProposal(db, s.lead.admin.actor, { proposalId: eligible })).toEqual([]);
    const { reference } = await submitProposal(db, s.lead.admin.actor, { proposalId: eligible });
    expect(reference).toMatch(/^PAT-2026-\d{4}$/);
    await expectAppError(updateProposal(db, s.lead.admin.actor, { ...draftFieldsSync(), proposalId: eligible, version: await version(eligible) }), "INVALID_STATE", "proposalNotDraft");
    await expectAppError(
      saveBudgetPart(db, s.lead.admin.actor, { proposalId: eligible, version: await version(eligible), organisationId: s.lead.organisationId, lines: [], cofinancing: "0" }),
      "INVALID_STATE",
    );
    expect(await auditActionsFor(db, eligible)).toContain("proposal.submitted");
  });

  it("numbers submissions in sequence within a coalition and year", async () => {
    const s = await createScenario(db);
    const first = await submitProposal(db, s.lead.admin.actor, { proposalId: await eligibleDraft(s) });
    const second = await submitProposal(db, s.lead.admin.actor, { proposalId: await eligibleDraft(s) });
    expect(Number(second.reference.slice(-4))).toBe(Number(first.reference.slice(-4)) + 1);
  });

  it("is refused after the deadline even if the page was loaded before it", async () => {
    const s = await createScenario(db);
    const id = await eligibleDraft(s);
    setClock(AFTER_SUBMISSION);
    const error = await expectAppError(submitProposal(db, s.lead.admin.actor, { proposalId: id }), "VALIDATION");
    expect(error.problems?.map((p) => p.key)).toEqual(["proposalCallNotOpen"]);
  });

  it("only the lead's admin submits: not a partner, not a member of the lead, not the promoter", async () => {
    const s = await createScenario(db);
    const id = await eligibleDraft(s);
    await expectAppError(submitProposal(db, s.firm.admin.actor, { proposalId: id }), "FORBIDDEN");
    await expectAppError(submitProposal(db, s.coalition.promoter.admin.actor, { proposalId: id }), "NOT_FOUND");
    const other = await createTestCoalition(db);
    const otherMember = await admitTestMember(db, other);
    await expectAppError(submitProposal(db, otherMember.admin.actor, { proposalId: id }), "NOT_FOUND");
  });
});

describe("withdrawProposal", () => {
  it("the lead withdraws with a reason until results; the reason is audited", async () => {
    const s = await createScenario(db);
    const id = await eligibleDraft(s);
    await submitProposal(db, s.lead.admin.actor, { proposalId: id });
    const noReason = await expectAppError(withdrawProposal(db, s.lead.admin.actor, { proposalId: id, reason: "" }), "VALIDATION");
    expect(noReason.fieldErrors?.reason).toEqual(["required"]);
    await expectAppError(withdrawProposal(db, s.firm.admin.actor, { proposalId: id, reason: "x" }), "FORBIDDEN");
    setClock(T0);
    await withdrawProposal(db, s.lead.admin.actor, { proposalId: id, reason: "Un partner si è ritirato" });
    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect([row.status, row.statusReason]).toEqual(["withdrawn", "Un partner si è ritirato"]);
    await expectAppError(withdrawProposal(db, s.lead.admin.actor, { proposalId: id, reason: "di nuovo" }), "INVALID_STATE");
  });
});

describe("asking to join does not open the draft", () => {
  it("an organisation that only asked to join cannot read the draft or its budget", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const { proposalPartners } = await import("@/db/schema");
    await db.insert(proposalPartners).values({ proposalId: id, organisationId: s.university.organisationId, status: "requested", createdBy: s.university.admin.actor.userId });
    expect(await getProposalForViewer(db, s.university.admin.actor, id)).toBeNull();
  });
});
