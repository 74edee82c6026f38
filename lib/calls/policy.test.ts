import { describe, expect, it } from "vitest";
import { callFormProblems, callPhase, canArchive, isEditable, nextDeadline, submissionExtensionProblem, validateCallRules } from "./policy";
import { emptyCallForm, type CallFields, type CallFieldsInput } from "./schemas";

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date("2026-03-01T09:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * DAY);

const windows = { submissionOpensAt: at(0), submissionClosesAt: at(20), votingOpensAt: at(25), votingClosesAt: at(35) };
const published = { status: "published" as const, ...windows };

function goodRules(overrides: Partial<CallFields> = {}): CallFields {
  return {
    title: "Piattaforme condivise",
    description: "",
    themes: ["erp"],
    sectors: ["industry"],
    budget: 120_000_000,
    maxRequest: 40_000_000,
    minCofinancing: 3000,
    minPartners: 3,
    maxPartners: 8,
    requiredPartnerKinds: ["university"],
    leadKinds: ["firm"],
    sizeClasses: [],
    ...windows,
    votingMethod: "approval",
    quorum: 5000,
    ballotsPublic: false,
    ...overrides,
  };
}

describe("callPhase", () => {
  it("follows the stored status outside the published state", () => {
    for (const status of ["draft", "results", "archived"] as const) expect(callPhase({ ...windows, status }, at(10))).toBe(status);
  });

  it("derives the time-bounded phases from the windows, each closing at its instant", () => {
    expect(callPhase(published, at(-1))).toBe("scheduled");
    expect(callPhase(published, at(0))).toBe("open");
    expect(callPhase(published, new Date(at(20).getTime() - 1))).toBe("open");
    expect(callPhase(published, at(20))).toBe("review");
    expect(callPhase(published, at(25))).toBe("voting");
    expect(callPhase(published, at(35))).toBe("counting");
    expect(callPhase(published, at(400))).toBe("counting");
  });

  it("an empty review phase goes straight from open to voting", () => {
    const call = { ...published, votingOpensAt: at(20) };
    expect(callPhase(call, at(20))).toBe("voting");
  });
});

describe("nextDeadline", () => {
  it("names the next change and when it happens", () => {
    expect(nextDeadline(published, at(-1))).toEqual({ event: "submissionOpens", at: at(0) });
    expect(nextDeadline(published, at(1))).toEqual({ event: "submissionCloses", at: at(20) });
    expect(nextDeadline(published, at(21))).toEqual({ event: "votingOpens", at: at(25) });
    expect(nextDeadline(published, at(26))).toEqual({ event: "votingCloses", at: at(35) });
    expect(nextDeadline(published, at(36))).toBeNull();
    expect(nextDeadline({ ...windows, status: "draft" }, at(1))).toBeNull();
    expect(nextDeadline({ ...windows, status: "results" }, at(1))).toBeNull();
  });
});

describe("validateCallRules", () => {
  it("accepts consistent rules", () => {
    expect(validateCallRules(goodRules(), at(1))).toEqual({});
    // Voting may open the moment submission closes.
    expect(validateCallRules(goodRules({ votingOpensAt: at(20) }), at(1))).toEqual({});
  });

  it("lists every problem at once, each on its field", () => {
    const errors = validateCallRules(
      goodRules({
        title: "  ",
        themes: [],
        sectors: [],
        budget: 10_000,
        maxRequest: 20_000,
        minCofinancing: 10_000,
        minPartners: 4,
        maxPartners: 2,
        quorum: 0,
        submissionClosesAt: at(-1),
        votingOpensAt: at(-2),
        votingClosesAt: at(-3),
      }),
      at(1),
    );
    expect(errors).toEqual({
      title: ["callTitleRequired"],
      themes: ["callThemesRequired"],
      sectors: ["callSectorsRequired"],
      budget: ["callBudgetBelowMaxRequest"],
      minCofinancing: ["callCofinancingRange"],
      maxPartners: ["callMaxPartnersBelowMin"],
      quorum: ["callQuorumRange"],
      submissionClosesAt: ["callClosesBeforeOpens", "callClosesInPast"],
      votingOpensAt: ["callVotingBeforeSubmissionCloses"],
      votingClosesAt: ["callVotingClosesBeforeOpens"],
    });
  });

  it("requires money, at least one partner and a quorum within 100%", () => {
    expect(validateCallRules(goodRules({ budget: 0, maxRequest: 0, minPartners: 0, maxPartners: 0, quorum: 10_001 }))).toEqual({
      budget: ["callBudgetRequired"],
      maxRequest: ["callMaxRequestPositive"],
      minPartners: ["callMinPartnersAtLeastOne"],
      quorum: ["callQuorumRange"],
    });
    expect(validateCallRules(goodRules({ quorum: 10_000, minCofinancing: 0, minPartners: 1, maxPartners: 1 }))).toEqual({});
    expect(validateCallRules(goodRules({ budget: 40_000_000 }))).toEqual({});
  });

  it("requires every window", () => {
    const errors = validateCallRules(
      goodRules({ submissionOpensAt: null, submissionClosesAt: null, votingOpensAt: null, votingClosesAt: null }),
    );
    expect(errors).toEqual({
      submissionOpensAt: ["callWindowRequired"],
      submissionClosesAt: ["callWindowRequired"],
      votingOpensAt: ["callWindowRequired"],
      votingClosesAt: ["callWindowRequired"],
    });
  });

  it("a submission window of zero length is refused", () => {
    expect(validateCallRules(goodRules({ submissionClosesAt: at(0) }))).toMatchObject({ submissionClosesAt: ["callClosesBeforeOpens"] });
    expect(validateCallRules(goodRules({ votingClosesAt: at(25) }))).toMatchObject({ votingClosesAt: ["callVotingClosesBeforeOpens"] });
  });
});

describe("submissionExtensionProblem", () => {
  it("allows a later deadline up to the opening of the vote, while open", () => {
    expect(submissionExtensionProblem(published, at(22), at(5))).toBeNull();
    expect(submissionExtensionProblem(published, at(25), at(5))).toBeNull();
  });

  it("never shortens, never reaches past the vote, only while open", () => {
    expect(submissionExtensionProblem(published, at(19), at(5))).toBe("callExtensionNotLater");
    expect(submissionExtensionProblem(published, at(20), at(5))).toBe("callExtensionNotLater");
    expect(submissionExtensionProblem(published, new Date(at(25).getTime() + 1), at(5))).toBe("callExtensionAfterVotingOpens");
    expect(submissionExtensionProblem(published, at(22), at(-1))).toBe("callNotOpen");
    expect(submissionExtensionProblem(published, at(24), at(21))).toBe("callNotOpen");
    expect(submissionExtensionProblem({ ...windows, status: "draft" }, at(22), at(5))).toBe("callNotOpen");
  });
});

describe("isEditable / canArchive", () => {
  it("only drafts change; only calls with results are archived", () => {
    expect(isEditable({ status: "draft" })).toBe(true);
    expect(isEditable({ status: "published" })).toBe(false);
    expect(canArchive("results")).toBe(true);
    expect(canArchive("counting")).toBe(false);
    expect(canArchive("archived")).toBe(false);
  });
});

describe("callFormProblems", () => {
  const form = (overrides: Partial<CallFieldsInput>): CallFieldsInput => ({
    ...emptyCallForm,
    title: "Bando",
    themes: ["erp"],
    sectors: ["industry"],
    budget: "100.000",
    maxRequest: "50.000",
    submissionOpensAt: "2026-03-02T09:00",
    submissionClosesAt: "2026-03-20T18:00",
    votingOpensAt: "2026-03-25T09:00",
    votingClosesAt: "2026-04-05T18:00",
    ...overrides,
  });

  it("a consistent form has no problem", () => {
    expect(callFormProblems(form({}), t0)).toEqual({});
  });

  it("one unreadable field does not hide the rule conflicts between the others", () => {
    const problems = callFormProblems(
      form({
        quorum: "cinquanta",
        budget: "100.000",
        maxRequest: "150.000",
        minPartners: "5",
        maxPartners: "2",
        minCofinancing: "100",
        votingOpensAt: "2026-03-25T09:00",
        votingClosesAt: "2026-03-24T09:00",
      }),
      t0,
    );
    expect(problems).toEqual({
      quorum: ["percentInvalid"],
      budget: ["callBudgetBelowMaxRequest"],
      maxPartners: ["callMaxPartnersBelowMin"],
      minCofinancing: ["callCofinancingRange"],
      votingClosesAt: ["callVotingClosesBeforeOpens"],
    });
  });

  it("an unreadable field keeps its format error, and raises no rule error built on it", () => {
    expect(callFormProblems(form({ budget: "molti", maxRequest: "50.000", submissionClosesAt: "domani" }), t0)).toEqual({
      budget: ["amountInvalid"],
      submissionClosesAt: ["dateInvalid"],
    });
  });
});
