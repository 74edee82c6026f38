import { describe, expect, it } from "vitest";
import { appointmentProblem, compositionProblem, formatMean, invitationProblem, reviewProblem, reviewState, spreadOf } from "./committee-policy";

const call = { status: "published" as const, evaluationMode: "weighted" as const, submissionClosesAt: new Date("2026-02-15T17:00:00Z") };

describe("committee policy", () => {
  it("appoints from publication until approval, for calls with an evaluation", () => {
    expect(appointmentProblem(call, false)).toBeNull();
    expect(appointmentProblem({ ...call, evaluationMode: "none" }, false)).toBe("evaluationNotUsed");
    expect(appointmentProblem({ ...call, status: "draft" }, false)).toBe("evaluationCallNotPublished");
    expect(appointmentProblem(call, true)).toBe("evaluationApproved");
    expect(compositionProblem(call, false, true)).toBe("evaluationConsolidationStarted");
  });

  it("reviews start when submission closes", () => {
    expect(reviewProblem(call, false, new Date("2026-02-15T16:59:59Z"))).toBe("evaluationNotStarted");
    expect(reviewProblem(call, false, new Date("2026-02-15T17:00:00Z"))).toBeNull();
    expect(reviewProblem(call, true, new Date("2026-03-01T00:00:00Z"))).toBe("evaluationApproved");
  });

  it("an invitation is used once, before it expires", () => {
    const at = new Date("2026-02-01T00:00:00Z");
    expect(invitationProblem({ acceptedAt: null, removedAt: null, inviteExpiresAt: new Date("2026-02-02T00:00:00Z") }, at)).toBeNull();
    expect(invitationProblem({ acceptedAt: at, removedAt: null, inviteExpiresAt: new Date("2026-02-02T00:00:00Z") }, at)).toBe("evaluationInvitationUsed");
    expect(invitationProblem({ acceptedAt: null, removedAt: null, inviteExpiresAt: at }, at)).toBe("evaluationInvitationExpired");
  });

  it("states of a review", () => {
    expect(reviewState(null, null)).toBe("to_declare");
    expect(reviewState(null, "partner")).toBe("excluded");
    expect(reviewState({ conflict: true, submittedAt: null }, null)).toBe("excluded");
    expect(reviewState({ conflict: false, submittedAt: null }, null)).toBe("to_score");
    expect(reviewState({ conflict: false, submittedAt: new Date() }, null)).toBe("submitted");
  });

  it("the spread's mean is an exact reduced fraction", () => {
    expect(spreadOf([])).toBeNull();
    expect(spreadOf([10, 12, 13])).toEqual({ count: 3, min: 10, max: 13, meanNum: 35, meanDen: 3 });
    expect(spreadOf([10, 14])).toEqual({ count: 2, min: 10, max: 14, meanNum: 12, meanDen: 1 });
    expect(formatMean(35, 3, "it")).toBe("35/3 ≈ 11,67");
    expect(formatMean(35, 3, "en")).toBe("35/3 ≈ 11.67");
    expect(formatMean(12, 1, "it")).toBe("12");
  });
});
