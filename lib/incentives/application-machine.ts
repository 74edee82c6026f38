import type { ApplicationStatus } from "@/db/schema/incentives";
import type { Problem } from "@/lib/errors";
import { isValidCor, isValidCup } from "@/lib/identifiers";
import { utcToRomeLocal } from "@/lib/time";

/**
 * The life of an incentive application (issue 11, item 5), as a pure function:
 *
 *   planned → preparing → submitted → under_review → granted | rejected
 *   withdrawn   from planned, preparing, submitted, under_review
 *   revoked     from granted (with a reason)
 *   closed      from granted (the project is over and settled)
 *
 * rejected, withdrawn, revoked and closed are final. Each move asks for what that step
 * produces: the protocol number and time on submission; on grant the date, the amount
 * (never above the requested), CUP, COR and the deadlines; a reason on revocation.
 */

export const applicationStatuses = [
  "planned",
  "preparing",
  "submitted",
  "under_review",
  "granted",
  "rejected",
  "withdrawn",
  "revoked",
  "closed",
] as const satisfies readonly ApplicationStatus[];

export const applicationTransitions: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  planned: ["preparing", "withdrawn"],
  preparing: ["submitted", "withdrawn"],
  submitted: ["under_review", "withdrawn"],
  under_review: ["granted", "rejected", "withdrawn"],
  granted: ["revoked", "closed"],
  rejected: [],
  withdrawn: [],
  revoked: [],
  closed: [],
};

/** Statuses in which amounts and the planned grant date may still be changed. */
export const editableStatuses: readonly ApplicationStatus[] = ["planned", "preparing"];

/** Statuses that count as "in progress" for the funding desk. */
export const openStatuses: readonly ApplicationStatus[] = ["planned", "preparing", "submitted", "under_review"];

export const finalStatuses: readonly ApplicationStatus[] = ["rejected", "withdrawn", "revoked", "closed"];

/** The fields each move asks for; what the page shows beside the move's button. */
export const moveRequirements: Record<ApplicationStatus, readonly MoveField[]> = {
  planned: [],
  preparing: [],
  submitted: ["protocolNumber", "submittedAt"],
  under_review: [],
  granted: ["grantedOn", "grantedCents", "cup", "cor", "projectEndsOn", "finalReportDueOn"],
  rejected: [],
  withdrawn: [],
  revoked: ["reason"],
  closed: [],
};

/** Fields a move may carry; `reason` is optional on rejected and withdrawn, required on revoked. */
export type MoveField = "protocolNumber" | "submittedAt" | "grantedOn" | "grantedCents" | "cup" | "cor" | "projectEndsOn" | "finalReportDueOn" | "reason";

export type MoveInput = {
  to: ApplicationStatus;
  protocolNumber?: string | null;
  submittedAt?: Date | null;
  /** Calendar dates "YYYY-MM-DD". */
  grantedOn?: string | null;
  grantedCents?: number | null;
  cup?: string | null;
  cor?: string | null;
  projectEndsOn?: string | null;
  finalReportDueOn?: string | null;
  reason?: string | null;
};

/** What the machine needs to know of the application. */
export type ApplicationState = {
  status: ApplicationStatus;
  requestedCents: number;
  submittedAt: Date | null;
};

/** The columns a move writes (besides status). */
export type MoveChanges = {
  status: ApplicationStatus;
  protocolNumber?: string;
  submittedAt?: Date;
  grantedOn?: string;
  grantedCents?: number;
  cup?: string;
  cor?: string;
  projectEndsOn?: string;
  finalReportDueOn?: string;
  statusReason?: string | null;
};

export type MovePlan = { ok: true; changes: MoveChanges } | { ok: false; problems: Problem[] };

export function allowedMoves(status: ApplicationStatus): readonly ApplicationStatus[] {
  return applicationTransitions[status];
}

export function canMove(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return applicationTransitions[from].includes(to);
}

/** The calendar date in Rome of an instant: "2026-03-14". */
export function romeDate(at: Date): string {
  return utcToRomeLocal(at).slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date "YYYY-MM-DD" (no 31 February; no year 0000, which PostgreSQL refuses). */
export function isCalendarDate(value: string): boolean {
  // Years 2000–2099 only: a concession, an invoice or a deadline outside them is a typing slip
  // (and a due date in 9999 would never show as late).
  if (!DATE.test(value) || value < "2000-01-01" || value > "2099-12-31") return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const filled = (v: string | null | undefined): v is string => typeof v === "string" && v.trim().length > 0;

/**
 * Checks one move of the application at the instant `at` and says what it writes, or
 * every problem at once (field, message key of the `errors` namespace, values).
 * The checks on amounts against the programme (intensity, de minimis) are the service's.
 */
export function planMove(app: ApplicationState, input: MoveInput, at: Date): MovePlan {
  if (!canMove(app.status, input.to)) {
    return { ok: false, problems: [{ field: "status", key: "incentiveMoveNotAllowed" }] };
  }
  const problems: Problem[] = [];
  const add = (field: MoveField | "status", key: string, values?: Problem["values"]) => problems.push({ field, key, values });
  const today = romeDate(at);
  const changes: MoveChanges = { status: input.to };

  switch (input.to) {
    case "submitted": {
      if (!filled(input.protocolNumber)) add("protocolNumber", "required");
      else changes.protocolNumber = input.protocolNumber.trim();
      if (!input.submittedAt) add("submittedAt", "required");
      else if (input.submittedAt.getTime() > at.getTime()) add("submittedAt", "incentiveDateInFuture");
      else changes.submittedAt = input.submittedAt;
      changes.statusReason = null;
      break;
    }
    case "granted": {
      const grantedOn = input.grantedOn;
      if (!filled(grantedOn)) add("grantedOn", "required");
      else if (!isCalendarDate(grantedOn)) add("grantedOn", "dateInvalid");
      else if (grantedOn > today) add("grantedOn", "incentiveDateInFuture");
      else if (app.submittedAt && grantedOn < romeDate(app.submittedAt)) add("grantedOn", "incentiveGrantBeforeSubmission");
      else changes.grantedOn = grantedOn;

      const cents = input.grantedCents;
      if (cents === null || cents === undefined) add("grantedCents", "required");
      else if (!Number.isInteger(cents) || cents <= 0) add("grantedCents", "amountPositive");
      else if (cents > app.requestedCents) add("grantedCents", "incentiveGrantAboveRequested", { requestedCents: app.requestedCents });
      else changes.grantedCents = cents;

      if (!filled(input.cup)) add("cup", "required");
      else if (!isValidCup(input.cup.trim().toUpperCase())) add("cup", "incentiveCupInvalid");
      else changes.cup = input.cup.trim().toUpperCase();

      if (!filled(input.cor)) add("cor", "required");
      else if (!isValidCor(input.cor.trim())) add("cor", "incentiveCorInvalid");
      else changes.cor = input.cor.trim();

      const ends = input.projectEndsOn;
      if (!filled(ends)) add("projectEndsOn", "required");
      else if (!isCalendarDate(ends)) add("projectEndsOn", "dateInvalid");
      else if (changes.grantedOn && ends < changes.grantedOn) add("projectEndsOn", "incentiveProjectEndsBeforeGrant");
      else changes.projectEndsOn = ends;

      const report = input.finalReportDueOn;
      if (!filled(report)) add("finalReportDueOn", "required");
      else if (!isCalendarDate(report)) add("finalReportDueOn", "dateInvalid");
      else if (changes.projectEndsOn && report < changes.projectEndsOn) add("finalReportDueOn", "incentiveReportBeforeProjectEnd");
      else changes.finalReportDueOn = report;
      changes.statusReason = null;
      break;
    }
    case "revoked": {
      if (!filled(input.reason)) add("reason", "incentiveReasonRequired");
      else changes.statusReason = input.reason.trim();
      break;
    }
    case "rejected":
    case "withdrawn": {
      changes.statusReason = filled(input.reason) ? input.reason.trim() : null;
      break;
    }
    default:
      break;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, changes };
}

/** The dates of a programme that decide when an application to it may be submitted. */
export type SubmissionWindow = { opensAt: Date | null; closesAt: Date | null; fundsExhaustedAt: Date | null };

/**
 * Why an application to the programme cannot be submitted at the instant `at`, or null when it
 * can: the funds are exhausted, the programme has closed, or it has not opened yet (each naming
 * the date, as ISO text the messages format in Rome time). Exhausted funds close the window
 * whatever the dates say (as the radar's programmeWindow does). The submission's own recorded
 * instant is not checked against the opening: the demo seed records older applications to
 * programmes whose current window opened later.
 */
export function submissionWindowProblem(p: SubmissionWindow, at: Date): Problem | null {
  if (p.fundsExhaustedAt && p.fundsExhaustedAt.getTime() <= at.getTime()) {
    return { field: "status", key: "incentiveProgrammeExhausted", values: { at: p.fundsExhaustedAt.toISOString() } };
  }
  if (p.closesAt && p.closesAt.getTime() <= at.getTime()) {
    return { field: "status", key: "incentiveProgrammeClosed", values: { at: p.closesAt.toISOString() } };
  }
  if (p.opensAt && p.opensAt.getTime() > at.getTime()) {
    return { field: "status", key: "incentiveProgrammeNotOpen", values: { at: p.opensAt.toISOString() } };
  }
  return null;
}
