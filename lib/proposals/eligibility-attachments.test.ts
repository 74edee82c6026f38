import { describe, expect, it } from "vitest";
import { eligibilityProblems, type EligibilityInput } from "./eligibility";

const day = 24 * 60 * 60 * 1000;
const at = new Date("2026-11-25T12:00:00Z");

/** A proposal meeting every other rule, so only its attachments decide. */
function input(uploaded: { requirementId: string; organisationId: string }[]): EligibilityInput {
  return {
    call: {
      status: "published",
      themes: [],
      sectors: [],
      maxRequestCents: 400_000_00,
      minCofinancingBp: 0,
      minPartners: 1,
      maxPartners: 8,
      requiredPartnerKinds: [],
      leadKinds: [],
      sizeClasses: [],
      submissionOpensAt: new Date(at.getTime() - day),
      submissionClosesAt: new Date(at.getTime() + day),
      votingOpensAt: new Date(at.getTime() + 2 * day),
      votingClosesAt: new Date(at.getTime() + 3 * day),
      allowLowerRequest: false,
    } as EligibilityInput["call"],
    proposal: {
      title: "ERP",
      summary: "s",
      problem: "p",
      solutionType: "erp",
      objectives: "o",
      indicators: [{ name: "i", baseline: "0", target: "1", unit: "u" }],
      milestones: [{ title: "m", month: 1 }],
      durationMonths: 12,
      sectors: ["industry"],
      requestedCents: 100_000_00,
    },
    lead: { kind: "firm", sizeClass: "small" },
    partners: [
      { organisationId: "lead", legalName: "Meccanica Dora", kind: "firm", sizeClass: "small", status: "accepted", cofinancingCents: 0 },
      { organisationId: "uni", legalName: "Università", kind: "university", sizeClass: null, status: "accepted", cofinancingCents: 0 },
      { organisationId: "late", legalName: "Invitata", kind: "firm", sizeClass: "micro", status: "declined", cofinancingCents: 0 },
    ],
    lines: [{ organisationId: "lead", amountCents: 100_000_00 }],
    attachments: {
      leadOrganisationId: "lead",
      requirements: [
        { id: "annex", title: "Allegato tecnico", scope: "proposal" },
        { id: "letter", title: "Lettera di intenti", scope: "partner" },
      ],
      uploaded,
    },
    at,
  };
}

describe("eligibilityProblems: required attachments", () => {
  it("names each missing file, and the partner whose file it is", () => {
    expect(eligibilityProblems(input([]))).toEqual([
      { field: "attachments", key: "proposalAttachmentMissing", values: { title: "Allegato tecnico" } },
      { field: "attachments", key: "proposalPartnerAttachmentMissing", values: { title: "Lettera di intenti", name: "Università" } },
    ]);
  });

  it("passes once the lead's annex and each accepted partner's letter are there (the lead writes no letter, a declined firm neither)", () => {
    expect(eligibilityProblems(input([{ requirementId: "annex", organisationId: "lead" }, { requirementId: "letter", organisationId: "uni" }]))).toEqual([]);
  });

  it("a letter uploaded by another organisation does not stand for the partner's", () => {
    const keys = eligibilityProblems(input([{ requirementId: "annex", organisationId: "lead" }, { requirementId: "letter", organisationId: "lead" }])).map((p) => p.key);
    expect(keys).toEqual(["proposalPartnerAttachmentMissing"]);
  });

  it("a call that requires nothing adds no problem", () => {
    const i = input([]);
    delete i.attachments;
    expect(eligibilityProblems(i)).toEqual([]);
  });
});
