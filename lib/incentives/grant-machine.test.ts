import { describe, expect, it } from "vitest";
import type { GrantStatus } from "@/db/schema";
import { canMoveGrant, grantStatusAfter, grantStatuses, isGrantLate, type GrantEvent } from "./grant-machine";

const events: GrantEvent[] = [
  { type: "report_submitted", isFinal: false },
  { type: "report_submitted", isFinal: true },
  { type: "advance_paid" },
  { type: "interim_paid" },
  { type: "balance_paid" },
  { type: "closed_without_balance" },
  { type: "revoked" },
];

/** Every (status, event) → expected status or refusal key. */
const expected: Record<GrantStatus, (string | GrantStatus)[]> = {
  granted: ["in_progress", "reported", "in_progress", "granted", "!grantFinalNotReviewed", "!grantFinalNotReviewed", "revoked"],
  in_progress: ["in_progress", "reported", "in_progress", "in_progress", "!grantFinalNotReviewed", "!grantFinalNotReviewed", "revoked"],
  reported: ["!grantAlreadyReported", "!grantAlreadyReported", "!grantAdvanceTooLate", "reported", "closed", "closed", "revoked"],
  closed: Array(7).fill("!grantFinished"),
  revoked: Array(7).fill("!grantFinished"),
};

describe("grant state machine", () => {
  for (const status of grantStatuses) {
    events.forEach((event, i) => {
      const want = expected[status][i];
      it(`${status} + ${event.type}${"isFinal" in event ? (event.isFinal ? " (final)" : " (interim)") : ""} → ${want}`, () => {
        const got = grantStatusAfter(status, event);
        if (want.startsWith("!")) expect(got).toEqual({ ok: false, key: want.slice(1) });
        else expect(got).toEqual({ ok: true, status: want });
      });
    });
  }

  it("every status change an event makes is an allowed transition", () => {
    for (const status of grantStatuses) {
      for (const event of events) {
        const got = grantStatusAfter(status, event);
        if (got.ok && got.status !== status) expect(canMoveGrant(status, got.status)).toBe(true);
      }
    }
  });

  it("refuses moves backwards and out of the final statuses", () => {
    expect(canMoveGrant("in_progress", "granted")).toBe(false);
    expect(canMoveGrant("reported", "in_progress")).toBe(false);
    expect(canMoveGrant("closed", "revoked")).toBe(false);
    expect(canMoveGrant("revoked", "granted")).toBe(false);
    expect(canMoveGrant("granted", "closed")).toBe(false);
  });

  it("a grant is late only while open after the final report's due day", () => {
    expect(isGrantLate({ status: "in_progress", finalReportDueOn: "2026-03-01" }, "2026-03-02")).toBe(true);
    expect(isGrantLate({ status: "granted", finalReportDueOn: "2026-03-02" }, "2026-03-02")).toBe(false);
    expect(isGrantLate({ status: "reported", finalReportDueOn: "2026-03-01" }, "2026-03-02")).toBe(false);
    expect(isGrantLate({ status: "revoked", finalReportDueOn: "2026-03-01" }, "2026-03-02")).toBe(false);
    expect(isGrantLate({ status: "granted", finalReportDueOn: null }, "2026-03-02")).toBe(false);
  });
});
