import { describe, expect, it } from "vitest";
import type { ExpenseReportStatus, GrantStatus } from "@/db/schema/grants";
import {
  canEditLines,
  canMoveReport,
  MAX_CUT_REASON,
  planComplete,
  planCreateReport,
  planLineReview,
  planSubmit,
  reportStatuses,
} from "./expense-machine";

const grantStatuses: GrantStatus[] = ["granted", "in_progress", "reported", "closed", "revoked"];

describe("expense report machine", () => {
  it("allows exactly draft → submitted → reviewed", () => {
    const allowed: [ExpenseReportStatus, ExpenseReportStatus][] = [
      ["draft", "submitted"],
      ["submitted", "reviewed"],
    ];
    for (const from of reportStatuses) {
      for (const to of reportStatuses) {
        expect(canMoveReport(from, to), `${from} → ${to}`).toBe(allowed.some(([f, t]) => f === from && t === to));
      }
    }
  });

  describe("creating a report", () => {
    it("numbers reports 1, 2, … on a grant that takes reports", () => {
      expect(planCreateReport({ grantStatus: "granted", reports: [] }, false)).toEqual({ ok: true, value: { number: 1, isFinal: false } });
      expect(
        planCreateReport(
          {
            grantStatus: "in_progress",
            reports: [
              { number: 1, status: "reviewed", isFinal: false },
              { number: 2, status: "submitted", isFinal: false },
            ],
          },
          true,
        ),
      ).toEqual({ ok: true, value: { number: 3, isFinal: true } });
    });

    it("is refused on reported, closed and revoked grants", () => {
      for (const grantStatus of grantStatuses) {
        const plan = planCreateReport({ grantStatus, reports: [] }, false);
        if (grantStatus === "granted" || grantStatus === "in_progress") expect(plan.ok, grantStatus).toBe(true);
        else expect(plan, grantStatus).toEqual({ ok: false, problems: [{ field: "grantId", key: "expenseGrantNotReportable" }] });
      }
    });

    it("allows one draft at a time", () => {
      const plan = planCreateReport({ grantStatus: "in_progress", reports: [{ number: 1, status: "draft", isFinal: false }] }, false);
      expect(plan).toEqual({ ok: false, problems: [{ field: "grantId", key: "expenseDraftOpen" }] });
    });

    it("files the final report only once", () => {
      const plan = planCreateReport({ grantStatus: "in_progress", reports: [{ number: 1, status: "reviewed", isFinal: true }] }, false);
      expect(plan).toEqual({ ok: false, problems: [{ field: "isFinal", key: "expenseFinalExists" }] });
    });
  });

  it("edits lines only in a draft of a grant that takes reports", () => {
    for (const status of reportStatuses) {
      for (const grantStatus of grantStatuses) {
        const expected = status === "draft" && (grantStatus === "granted" || grantStatus === "in_progress");
        expect(canEditLines(status, grantStatus).ok, `${status} / ${grantStatus}`).toBe(expected);
      }
    }
    expect(canEditLines("submitted", "in_progress")).toEqual({ ok: false, problems: [{ field: "reportId", key: "expenseReportNotDraft" }] });
  });

  describe("submitting", () => {
    it("needs at least one line, each with its invoice", () => {
      expect(planSubmit("draft", "granted", [])).toEqual({ ok: false, problems: [{ field: "lines", key: "expenseReportEmpty" }] });
      expect(planSubmit("draft", "granted", [{ documentId: "d1" }, { documentId: null }, { documentId: null }])).toEqual({
        ok: false,
        problems: [{ field: "lines", key: "expenseInvoiceMissing", values: { count: 2 } }],
      });
      expect(planSubmit("draft", "granted", [{ documentId: "d1" }])).toEqual({ ok: true, value: { status: "submitted" } });
    });

    it("is refused for a report already submitted or reviewed, and on a grant that takes no reports", () => {
      expect(planSubmit("submitted", "in_progress", [{ documentId: "d1" }]).ok).toBe(false);
      expect(planSubmit("reviewed", "in_progress", [{ documentId: "d1" }]).ok).toBe(false);
      expect(planSubmit("draft", "revoked", [{ documentId: "d1" }])).toEqual({ ok: false, problems: [{ field: "grantId", key: "expenseGrantNotReportable" }] });
    });
  });

  describe("reviewing a line", () => {
    it("accepts the whole amount", () => {
      expect(planLineReview("submitted", 1000, { decision: "accept" })).toEqual({ ok: true, value: { review: "accepted", acceptedCents: 1000, cutReason: null } });
    });

    it("cuts to 0 … amount − 1 with a reason", () => {
      expect(planLineReview("submitted", 1000, { decision: "cut", acceptedCents: 0, reason: "  Fattura non pertinente  " })).toEqual({
        ok: true,
        value: { review: "cut", acceptedCents: 0, cutReason: "Fattura non pertinente" },
      });
      expect(planLineReview("submitted", 1000, { decision: "cut", acceptedCents: 999, reason: "IVA non ammissibile" }).ok).toBe(true);
    });

    it("refuses a cut that is not below the amount, negative, fractional or without a reason", () => {
      const cut = (acceptedCents: number, reason = "IVA non ammissibile") => planLineReview("submitted", 1000, { decision: "cut", acceptedCents, reason });
      expect(cut(1000)).toEqual({ ok: false, problems: [{ field: "acceptedCents", key: "expenseCutNotBelowAmount" }] });
      expect(cut(1001).ok).toBe(false);
      expect(cut(-1)).toEqual({ ok: false, problems: [{ field: "acceptedCents", key: "expenseCutAmountInvalid" }] });
      expect(cut(1.5).ok).toBe(false);
      expect(cut(500, "  ab ")).toEqual({ ok: false, problems: [{ field: "reason", key: "expenseCutReasonRequired", values: { min: 5 } }] });
      expect(cut(500, "x".repeat(MAX_CUT_REASON + 1))).toMatchObject({ ok: false, problems: [{ key: "expenseCutReasonTooLong" }] });
    });

    it("is refused unless the report is submitted", () => {
      for (const status of ["draft", "reviewed"] as const) {
        expect(planLineReview(status, 1000, { decision: "accept" })).toEqual({ ok: false, problems: [{ field: "reportId", key: "expenseReportNotSubmitted" }] });
      }
    });
  });

  describe("completing the review", () => {
    it("needs every line decided", () => {
      expect(planComplete("submitted", [{ review: "accepted" }, { review: "pending" }])).toEqual({
        ok: false,
        problems: [{ field: "lines", key: "expenseLinesPending", values: { count: 1 } }],
      });
      expect(planComplete("submitted", [{ review: "accepted" }, { review: "cut" }])).toEqual({ ok: true, value: { status: "reviewed" } });
    });

    it("is refused for drafts and reports already reviewed", () => {
      expect(planComplete("draft", [{ review: "accepted" }]).ok).toBe(false);
      expect(planComplete("reviewed", [{ review: "accepted" }]).ok).toBe(false);
    });
  });
});
