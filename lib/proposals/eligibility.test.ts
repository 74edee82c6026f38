import { describe, expect, it } from "vitest";
import { eligibilityProblems, type EligibilityInput } from "./eligibility";

const day = 24 * 60 * 60 * 1000;
const at = new Date("2026-11-25T12:00:00Z");

function valid(): EligibilityInput {
  return {
    call: {
      status: "published",
      themes: ["erp", "marketplace"],
      sectors: ["industry", "services"],
      maxRequestCents: 400_000_00,
      minCofinancingBp: 3000,
      minPartners: 3,
      maxPartners: 8,
      requiredPartnerKinds: ["university", "research_centre"],
      leadKinds: ["firm"],
      sizeClasses: ["micro", "small", "medium"],
      submissionOpensAt: new Date(at.getTime() - 10 * day),
      submissionClosesAt: new Date(at.getTime() + 10 * day),
      votingOpensAt: new Date(at.getTime() + 20 * day),
      votingClosesAt: new Date(at.getTime() + 30 * day),
      allowLowerRequest: false,
    },
    proposal: {
      title: "ERP condiviso",
      summary: "Un ERP per le imprese meccaniche",
      problem: "Nessuna impresa può permetterselo da sola",
      solutionType: "erp",
      objectives: "Adottarlo in 10 imprese",
      indicators: [{ name: "Imprese che lo usano", baseline: "0", target: "10", unit: "imprese" }],
      milestones: [{ title: "Avvio", month: 1 }],
      durationMonths: 18,
      sectors: ["industry"],
      requestedCents: 280_000_00,
    },
    lead: { kind: "firm", sizeClass: "medium" },
    partners: [
      { organisationId: "lead", legalName: "Meccanica Dora", kind: "firm", sizeClass: "medium", status: "accepted", cofinancingCents: 80_000_00 },
      { organisationId: "p2", legalName: "Elettronica", kind: "firm", sizeClass: "small", status: "accepted", cofinancingCents: 40_000_00 },
      { organisationId: "uni", legalName: "Università", kind: "university", sizeClass: null, status: "accepted", cofinancingCents: 0 },
    ],
    lines: [
      { organisationId: "lead", amountCents: 200_000_00 },
      { organisationId: "p2", amountCents: 100_000_00 },
      { organisationId: "uni", amountCents: 100_000_00 },
    ],
    at,
  };
}

const keys = (input: EligibilityInput) => eligibilityProblems(input).map((p) => p.key);

describe("eligibilityProblems", () => {
  it("a complete proposal that meets every rule has no problem", () => {
    expect(eligibilityProblems(valid())).toEqual([]);
  });

  const cases: [string, (i: EligibilityInput) => void, string][] = [
    ["submission closed", (i) => (i.at = new Date(i.call.submissionClosesAt!.getTime())), "proposalCallNotOpen"],
    ["no title", (i) => (i.proposal.title = " "), "proposalTitleRequired"],
    ["no summary", (i) => (i.proposal.summary = ""), "proposalSummaryRequired"],
    ["no problem", (i) => (i.proposal.problem = ""), "proposalProblemRequired"],
    ["no objectives", (i) => (i.proposal.objectives = ""), "proposalObjectivesRequired"],
    ["no solution type", (i) => (i.proposal.solutionType = null), "proposalSolutionTypeRequired"],
    ["theme outside the call", (i) => (i.proposal.solutionType = "cloud"), "proposalSolutionTypeNotInCall"],
    ["no duration", (i) => (i.proposal.durationMonths = null), "proposalDurationRequired"],
    ["no indicator", (i) => (i.proposal.indicators = []), "proposalIndicatorsRequired"],
    ["no milestone", (i) => (i.proposal.milestones = []), "proposalMilestonesRequired"],
    ["milestone after the end", (i) => (i.proposal.milestones = [{ title: "Fine", month: 24 }]), "proposalMilestoneAfterEnd"],
    ["no sector", (i) => (i.proposal.sectors = []), "proposalSectorsRequired"],
    ["sector outside the call", (i) => (i.proposal.sectors = ["tourism"]), "proposalSectorNotInCall"],
    ["a university may not lead", (i) => (i.lead = { kind: "university", sizeClass: null }), "proposalLeadKindNotAllowed"],
    ["too few partners", (i) => (i.call.minPartners = 4), "proposalTooFewPartners"],
    ["too many partners", (i) => (i.call.maxPartners = 2), "proposalTooManyPartners"],
    ["a partner has not accepted", (i) => (i.partners[1].status = "invited"), "proposalPartnerNotAccepted"],
    ["no university or research centre", (i) => (i.partners[2].kind = "consultancy"), "proposalRequiredKindMissing"],
    ["a large firm where only SMEs may take part", (i) => (i.partners[1].sizeClass = "large"), "proposalSizeClassNotAllowed"],
    ["empty budget", (i) => (i.lines = []), "proposalBudgetEmpty"],
    ["nothing requested", (i) => ((i.proposal.requestedCents = 0), (i.partners[0].cofinancingCents = 360_000_00)), "proposalRequestedRequired"],
    ["requested above the maximum", (i) => ((i.proposal.requestedCents = 400_000_01), (i.lines[0].amountCents = 320_000_01)), "proposalRequestedAboveMax"],
    ["co-financing below 30%", (i) => ((i.partners[0].cofinancingCents = 79_999_99), (i.proposal.requestedCents = 280_000_01)), "proposalCofinancingBelowMin"],
    ["funding does not cover the cost", (i) => (i.proposal.requestedCents = 270_000_00), "proposalFundingNotBalanced"],
    ["more requested than the cost not co-financed", (i) => (i.proposal.requestedCents = 280_000_01), "proposalFundingNotBalanced"],
    [
      "more requested than the cost not co-financed, where the call allows less",
      (i) => ((i.call.allowLowerRequest = true), (i.proposal.requestedCents = 280_000_01)),
      "proposalRequestedAboveBalance",
    ],
    ["co-financing above the cost", (i) => ((i.partners[1].cofinancingCents = 400_000_00), (i.proposal.requestedCents = 0)), "proposalCofinancingAboveCost"],
    [
      "a total past the ceiling stored before it existed (two parts of 2^53 − 1 cents)",
      (i) => ((i.lines[0].amountCents = Number.MAX_SAFE_INTEGER), (i.lines[1].amountCents = Number.MAX_SAFE_INTEGER)),
      "proposalBudgetTooLarge",
    ],
    ["a line of an organisation that is not a partner", (i) => i.lines.push({ organisationId: "stranger", amountCents: 1 }), "proposalLineOfNonPartner"],
  ];

  for (const [name, mutate, key] of cases) {
    it(`fails when ${name}`, () => {
      const input = valid();
      mutate(input);
      expect(keys(input)).toContain(key);
    });
  }

  it("co-financing of exactly 30% passes, one cent less fails", () => {
    const input = valid();
    expect(keys(input)).not.toContain("proposalCofinancingBelowMin");
    input.partners[1].cofinancingCents -= 1;
    input.proposal.requestedCents += 1;
    expect(keys(input)).toEqual(["proposalCofinancingBelowMin"]);
  });

  it("requested must be total − co-financing exactly, unless the call allows asking for less", () => {
    const input = valid();
    expect(keys(input)).toEqual([]); // 400k − 120k = 280k requested
    input.proposal.requestedCents = 250_000_00;
    expect(keys(input)).toEqual(["proposalFundingNotBalanced"]);
    input.call.allowLowerRequest = true;
    expect(keys(input)).toEqual([]);
    input.proposal.requestedCents = 280_000_00;
    expect(keys(input)).toEqual([]);
    input.proposal.requestedCents = 280_000_01;
    expect(keys(input)).toEqual(["proposalRequestedAboveBalance"]);
  });

  it("co-financing above the cost is reported once, on the co-financing, not as an unbalanced request", () => {
    const input = valid();
    input.partners[0].cofinancingCents = 500_000_00;
    input.proposal.requestedCents = 0;
    const problems = eligibilityProblems(input);
    expect(problems.filter((p) => p.key === "proposalCofinancingAboveCost")).toEqual([{ field: "cofinancing", key: "proposalCofinancingAboveCost", values: undefined }]);
    expect(problems.map((p) => p.key)).not.toContain("proposalFundingNotBalanced");
  });

  it("lists every failing rule at once", () => {
    const input = valid();
    input.proposal.title = "";
    input.partners[2].status = "requested";
    input.proposal.requestedCents = 500_000_00;
    expect(keys(input)).toEqual(
      expect.arrayContaining(["proposalTitleRequired", "proposalPartnerNotAccepted", "proposalTooFewPartners", "proposalRequestedAboveMax"]),
    );
  });
});
