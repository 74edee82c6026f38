import { describe, expect, it } from "vitest";
import { organisationMayAsk, questionsDeadline, questionWindowProblem } from "./policy";

const call = {
  status: "published" as const,
  submissionOpensAt: new Date("2026-01-05T08:00:00Z"),
  submissionClosesAt: new Date("2026-02-15T17:00:00Z"),
  votingOpensAt: new Date("2026-02-22T08:00:00Z"),
  votingClosesAt: new Date("2026-03-08T17:00:00Z"),
  questionsCloseAt: null as Date | null,
};

describe("questionWindowProblem", () => {
  it("takes questions only while the call is open, until the question deadline (exclusive)", () => {
    expect(questionWindowProblem({ ...call, status: "draft" }, new Date("2026-01-10T00:00:00Z"))).toBe("faqCallNotOpen");
    expect(questionWindowProblem(call, new Date("2026-01-05T07:59:59Z"))).toBe("faqCallNotOpen");
    expect(questionWindowProblem(call, new Date("2026-01-05T08:00:00Z"))).toBeNull();
    expect(questionWindowProblem(call, new Date("2026-02-15T16:59:59Z"))).toBeNull();
    expect(questionWindowProblem(call, new Date("2026-02-15T17:00:00Z"))).toBe("faqQuestionsClosed");
    expect(questionWindowProblem(call, new Date("2026-03-01T00:00:00Z"))).toBe("faqQuestionsClosed");
    const early = { ...call, questionsCloseAt: new Date("2026-02-01T11:00:00Z") };
    expect(questionWindowProblem(early, new Date("2026-02-01T10:59:59Z"))).toBeNull();
    expect(questionWindowProblem(early, new Date("2026-02-01T11:00:00Z"))).toBe("faqQuestionsClosed");
    expect(questionsDeadline(early)).toEqual(early.questionsCloseAt);
    expect(questionsDeadline(call)).toEqual(call.submissionClosesAt);
  });

  it("lets verified members and observers ask, never the promoter or outsiders", () => {
    expect(organisationMayAsk({ status: "verified", coalitionRole: "member" })).toBe(true);
    expect(organisationMayAsk({ status: "verified", coalitionRole: "observer" })).toBe(true);
    expect(organisationMayAsk({ status: "verified", coalitionRole: "promoter" })).toBe(false);
    expect(organisationMayAsk({ status: "verified", coalitionRole: null })).toBe(false);
    expect(organisationMayAsk({ status: "pending", coalitionRole: "member" })).toBe(false);
  });
});
