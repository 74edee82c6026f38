import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import type { ApplicationStatus } from "@/db/schema/incentives";
import { allowedMoves, applicationStatuses, canMove, planMove, romeDate, submissionWindowProblem, type ApplicationState, type MoveInput } from "./application-machine";

const AT = new Date("2026-03-14T10:00:00Z");

const allowed: [ApplicationStatus, ApplicationStatus][] = [
  ["planned", "preparing"],
  ["planned", "withdrawn"],
  ["preparing", "submitted"],
  ["preparing", "withdrawn"],
  ["submitted", "under_review"],
  ["submitted", "withdrawn"],
  ["under_review", "granted"],
  ["under_review", "rejected"],
  ["under_review", "withdrawn"],
  ["granted", "revoked"],
  ["granted", "closed"],
];

const complete: Record<ApplicationStatus, Omit<MoveInput, "to">> = {
  planned: {},
  preparing: {},
  submitted: { protocolNumber: "REG-2026-0042", submittedAt: new Date("2026-03-01T09:00:00Z") },
  under_review: {},
  granted: { grantedOn: "2026-03-10", grantedCents: 10_000_00, cup: "J11B26000010007", cor: "1234567", projectEndsOn: "2027-03-10", finalReportDueOn: "2027-05-10" },
  rejected: {},
  withdrawn: {},
  revoked: { reason: "Progetto non realizzato" },
  closed: {},
};

const state = (status: ApplicationStatus, extra: Partial<ApplicationState> = {}): ApplicationState => ({
  status,
  requestedCents: 10_000_00,
  submittedAt: new Date("2026-03-01T09:00:00Z"),
  ...extra,
});

describe("application machine", () => {
  it("allows exactly the moves of the issue, each with what it needs", () => {
    for (const from of applicationStatuses) {
      for (const to of applicationStatuses) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
        const plan = planMove(state(from), { to, ...complete[to] }, AT);
        if (expected) {
          expect(plan, `${from} → ${to}`).toMatchObject({ ok: true, changes: { status: to } });
        } else {
          expect(plan, `${from} → ${to}`).toEqual({ ok: false, problems: [{ field: "status", key: "incentiveMoveNotAllowed" }] });
        }
      }
    }
  });

  it("final states allow no move", () => {
    for (const s of ["rejected", "withdrawn", "revoked", "closed"] as const) expect(allowedMoves(s)).toEqual([]);
  });

  it("submission needs the protocol number and a time not in the future", () => {
    expect(planMove(state("preparing"), { to: "submitted" }, AT)).toEqual({
      ok: false,
      problems: [
        { field: "protocolNumber", key: "required", values: undefined },
        { field: "submittedAt", key: "required", values: undefined },
      ],
    });
    const future = planMove(state("preparing"), { to: "submitted", protocolNumber: " P-1 ", submittedAt: new Date(AT.getTime() + 1000) }, AT);
    expect(future).toMatchObject({ ok: false, problems: [{ field: "submittedAt", key: "incentiveDateInFuture" }] });
    const ok = planMove(state("preparing"), { to: "submitted", protocolNumber: " P-1 ", submittedAt: AT }, AT);
    expect(ok).toEqual({ ok: true, changes: { status: "submitted", protocolNumber: "P-1", submittedAt: AT, statusReason: null } });
  });

  it("a grant needs date, amount, CUP, COR and deadlines; all missing are listed at once", () => {
    const plan = planMove(state("under_review"), { to: "granted" }, AT);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.problems.map((p) => p.field)).toEqual(["grantedOn", "grantedCents", "cup", "cor", "projectEndsOn", "finalReportDueOn"]);
  });

  it("the granted amount is never above the requested; exactly the requested is fine", () => {
    const above = planMove(state("under_review"), { to: "granted", ...complete.granted, grantedCents: 10_000_01 }, AT);
    expect(above).toEqual({ ok: false, problems: [{ field: "grantedCents", key: "incentiveGrantAboveRequested", values: { requestedCents: 10_000_00 } }] });
    expect(planMove(state("under_review"), { to: "granted", ...complete.granted, grantedCents: 10_000_00 }, AT).ok).toBe(true);
    const zero = planMove(state("under_review"), { to: "granted", ...complete.granted, grantedCents: 0 }, AT);
    expect(zero).toMatchObject({ ok: false, problems: [{ field: "grantedCents", key: "amountPositive" }] });
  });

  it("checks CUP (15 characters, upper-cased) and COR (digits)", () => {
    const bad = planMove(state("under_review"), { to: "granted", ...complete.granted, cup: "J11B2600001000", cor: "COR-1" }, AT);
    expect(bad).toMatchObject({ ok: false, problems: [{ field: "cup", key: "incentiveCupInvalid" }, { field: "cor", key: "incentiveCorInvalid" }] });
    const lower = planMove(state("under_review"), { to: "granted", ...complete.granted, cup: "j11b26000010007" }, AT);
    expect(lower).toMatchObject({ ok: true, changes: { cup: "J11B26000010007", cor: "1234567" } });
  });

  it("grant dates: not in the future (Rome), not before submission, project end after grant, report after end", () => {
    const future = planMove(state("under_review"), { to: "granted", ...complete.granted, grantedOn: "2026-03-15" }, AT);
    expect(future).toMatchObject({ ok: false, problems: [{ field: "grantedOn", key: "incentiveDateInFuture" }] });
    // 23:30 UTC on 14 March is already 15 March in Rome: a grant dated the 15th is today there.
    expect(planMove(state("under_review"), { to: "granted", ...complete.granted, grantedOn: "2026-03-15" }, new Date("2026-03-14T23:30:00Z")).ok).toBe(true);
    const before = planMove(state("under_review"), { to: "granted", ...complete.granted, grantedOn: "2026-02-28" }, AT);
    expect(before).toMatchObject({ ok: false, problems: [{ field: "grantedOn", key: "incentiveGrantBeforeSubmission" }] });
    const ends = planMove(state("under_review"), { to: "granted", ...complete.granted, projectEndsOn: "2026-03-09" }, AT);
    expect(ends).toMatchObject({ ok: false, problems: [{ field: "projectEndsOn", key: "incentiveProjectEndsBeforeGrant" }] });
    const report = planMove(state("under_review"), { to: "granted", ...complete.granted, finalReportDueOn: "2027-03-09" }, AT);
    expect(report).toMatchObject({ ok: false, problems: [{ field: "finalReportDueOn", key: "incentiveReportBeforeProjectEnd" }] });
    const invalid = planMove(state("under_review"), { to: "granted", ...complete.granted, grantedOn: "2026-02-30" }, AT);
    expect(invalid).toMatchObject({ ok: false, problems: [{ field: "grantedOn", key: "dateInvalid" }] });
  });

  it("revocation needs a reason; rejection and withdrawal may give one", () => {
    expect(planMove(state("granted"), { to: "revoked", reason: "  " }, AT)).toEqual({
      ok: false,
      problems: [{ field: "reason", key: "incentiveReasonRequired", values: undefined }],
    });
    expect(planMove(state("granted"), { to: "revoked", reason: " Rinuncia " }, AT)).toEqual({ ok: true, changes: { status: "revoked", statusReason: "Rinuncia" } });
    expect(planMove(state("under_review"), { to: "rejected" }, AT)).toEqual({ ok: true, changes: { status: "rejected", statusReason: null } });
    expect(planMove(state("planned"), { to: "withdrawn", reason: "Cambio di piano" }, AT)).toEqual({ ok: true, changes: { status: "withdrawn", statusReason: "Cambio di piano" } });
  });

  it("romeDate gives the calendar day in Rome", () => {
    expect(romeDate(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
    expect(romeDate(new Date("2026-01-31T22:59:00Z"))).toBe("2026-01-31");
  });
});

describe("the programme's submission window", () => {
  const opensAt = new Date("2026-06-20T07:00:00Z");
  const closesAt = new Date("2026-06-30T10:00:00Z");
  const p = { opensAt, closesAt, fundsExhaustedAt: null };

  it("open between the opening (included) and the closing (excluded); no dates: always open", () => {
    expect(submissionWindowProblem(p, opensAt)).toBeNull();
    expect(submissionWindowProblem(p, new Date(closesAt.getTime() - 1))).toBeNull();
    expect(submissionWindowProblem({ opensAt: null, closesAt: null, fundsExhaustedAt: null }, new Date("2030-01-01T00:00:00Z"))).toBeNull();
    expect(submissionWindowProblem(p, new Date(opensAt.getTime() - 1))).toEqual({ field: "status", key: "incentiveProgrammeNotOpen", values: { at: opensAt.toISOString() } });
    expect(submissionWindowProblem(p, closesAt)).toEqual({ field: "status", key: "incentiveProgrammeClosed", values: { at: closesAt.toISOString() } });
  });

  it("exhausted funds close it before its closing date", () => {
    const exhausted = new Date("2026-06-25T08:00:00Z");
    expect(submissionWindowProblem({ ...p, fundsExhaustedAt: exhausted }, new Date("2026-06-26T08:00:00Z"))).toEqual({
      field: "status",
      key: "incentiveProgrammeExhausted",
      values: { at: exhausted.toISOString() },
    });
    expect(submissionWindowProblem({ ...p, fundsExhaustedAt: exhausted }, new Date("2026-06-24T08:00:00Z"))).toBeNull();
  });

  it("the messages name the date and time in Rome, in Italian and in English", () => {
    const text = (locale: "it" | "en", key: string) =>
      createTranslator({ locale, messages: locale === "it" ? it_ : en, namespace: "errors", timeZone: "Europe/Rome" })(key as "incentiveProgrammeClosed", { at: closesAt });
    expect(text("it", "incentiveProgrammeClosed")).toBe("La misura ha chiuso il 30 giugno 2026 alle 12:00: la domanda non si può più presentare.");
    expect(text("en", "incentiveProgrammeClosed")).toBe("The programme closed on June 30, 2026 at 12:00 PM: the application can no longer be submitted.");
    expect(text("it", "incentiveProgrammeNotOpen")).toContain("apre il 30 giugno 2026 alle 12:00");
    expect(text("en", "incentiveProgrammeExhausted")).toContain("since June 30, 2026");
  });
});
