import type { GrantStatus } from "@/db/schema";

/**
 * DESIGN: a grant moves `granted → in_progress → reported → closed`, or to `revoked` from any
 * open status. Pure: the services (grants.ts, expenses.ts) ask it where an event leads and
 * refuse what it refuses.
 */

export const grantStatuses = ["granted", "in_progress", "reported", "closed", "revoked"] as const satisfies readonly GrantStatus[];

export const grantTransitions: Record<GrantStatus, readonly GrantStatus[]> = {
  granted: ["in_progress", "reported", "revoked"],
  in_progress: ["reported", "revoked"],
  reported: ["closed", "revoked"],
  closed: [],
  revoked: [],
};

export const openGrantStatuses: readonly GrantStatus[] = ["granted", "in_progress", "reported"];

export function canMoveGrant(from: GrantStatus, to: GrantStatus): boolean {
  return grantTransitions[from].includes(to);
}

/** What happens to a grant. */
export type GrantEvent =
  | { type: "report_submitted"; isFinal: boolean }
  | { type: "advance_paid" }
  | { type: "interim_paid" }
  | { type: "balance_paid" }
  | { type: "closed_without_balance" }
  | { type: "revoked" };

export type GrantMove = { ok: true; status: GrantStatus } | { ok: false; key: string };

/**
 * Where an event leads: the first report submitted or an advance paid starts the work
 * (granted → in_progress); the final report submitted → reported; the balance paid, or the
 * promoter closing without balance, → closed; a whole revocation from any open status → revoked.
 * Events that change nothing (a second interim report) keep the status. Closed and revoked
 * grants take no event.
 */
export function grantStatusAfter(status: GrantStatus, event: GrantEvent): GrantMove {
  if (status === "closed" || status === "revoked") return { ok: false, key: "grantFinished" };
  switch (event.type) {
    case "report_submitted":
      if (status === "reported") return { ok: false, key: "grantAlreadyReported" };
      return { ok: true, status: event.isFinal ? "reported" : "in_progress" };
    case "advance_paid":
      // Before any other tranche (grant-money planTranche), also once the first report is in; not after the final one.
      if (status === "reported") return { ok: false, key: "grantAdvanceTooLate" };
      return { ok: true, status: "in_progress" };
    case "interim_paid":
      return { ok: true, status };
    case "balance_paid":
    case "closed_without_balance":
      if (status !== "reported") return { ok: false, key: "grantFinalNotReviewed" };
      return { ok: true, status: "closed" };
    case "revoked":
      return { ok: true, status: "revoked" };
  }
}

/** Late: still open (not reported, closed or revoked) after the final report's due day (Rome date "YYYY-MM-DD"). */
export function isGrantLate(g: { status: GrantStatus; finalReportDueOn: string | null }, todayRome: string): boolean {
  if (g.status !== "granted" && g.status !== "in_progress") return false;
  return g.finalReportDueOn !== null && g.finalReportDueOn < todayRome;
}
