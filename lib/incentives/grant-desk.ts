import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitions, grants, proposals, type GrantStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { romeDate } from "./application-machine";
import { requireLedgerMember } from "./permissions";
import { DUE_DAYS } from "./queries";

/**
 * The pact's grants on a firm's funding desk (issue 11, item 7): the grants of one
 * organisation, their totals as SQL sums, and their deadlines (project end, final report)
 * due within 30 days or late. Members of the organisation read; anyone else: NOT_FOUND.
 */

/** Statuses in which a grant still has its report to file: its deadlines can fall due or be late. */
export const OPEN_GRANT_STATUSES: readonly GrantStatus[] = ["granted", "in_progress"];

/** An organisation's grants, newest first, with the proposal, call and coalition they come from. */
export async function listGrantsOfOrganisation(db: Db | Tx, organisationId: string, today: string) {
  const rows = await db
    .select({
      id: grants.id,
      status: grants.status,
      proposalTitle: proposals.title,
      reference: proposals.reference,
      callTitle: calls.title,
      coalitionName: coalitions.name,
      grantedCents: grants.grantedCents,
      revokedCents: grants.revokedCents,
      paidCents: grants.paidCents,
      acceptedCents: grants.acceptedCents,
      endsOn: grants.endsOn,
      finalReportDueOn: grants.finalReportDueOn,
    })
    .from(grants)
    .innerJoin(proposals, eq(proposals.id, grants.proposalId))
    .innerJoin(calls, eq(calls.id, grants.callId))
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(eq(grants.organisationId, organisationId))
    .orderBy(desc(grants.createdAt), asc(grants.id))
    .limit(200);
  return rows.map((g) => ({ ...g, isLate: isGrantLate(g, today) }));
}

/** DESIGN (plan-11): a grant not yet reported, closed or revoked whose final report was due before today is late. */
export function isGrantLate(g: { status: GrantStatus; finalReportDueOn: string | null }, today: string): boolean {
  return OPEN_GRANT_STATUSES.includes(g.status) && g.finalReportDueOn !== null && g.finalReportDueOn < today;
}

/** The grants' totals, as SQL sums: granted (net of revocations) and paid; `requested` is the granted share before revocations. */
export async function grantTotals(db: Db | Tx, organisationId: string) {
  const [row] = await db
    .select({
      requestedCents: sql<string>`coalesce(sum(${grants.grantedCents}), 0)`,
      grantedCents: sql<string>`coalesce(sum(${grants.grantedCents} - ${grants.revokedCents}), 0)`,
      paidCents: sql<string>`coalesce(sum(${grants.paidCents}), 0)`,
      count: sql<number>`count(*)::int`,
    })
    .from(grants)
    .where(eq(grants.organisationId, organisationId));
  return { requestedCents: Number(row.requestedCents), grantedCents: Number(row.grantedCents), paidCents: Number(row.paidCents), count: Number(row.count) };
}

export type GrantDeadlineKind = "projectEnds" | "finalReport";
export type GrantDeadline = { grantId: string; title: string; kind: GrantDeadlineKind; date: string };

/** The deadlines of a grant still open: the project's end and the final report. */
export function grantDeadlinesOf(g: { id: string; proposalTitle: string; status: GrantStatus; endsOn: string | null; finalReportDueOn: string | null }): GrantDeadline[] {
  if (!OPEN_GRANT_STATUSES.includes(g.status)) return [];
  const out: GrantDeadline[] = [];
  if (g.endsOn) out.push({ grantId: g.id, title: g.proposalTitle, kind: "projectEnds", date: g.endsOn });
  if (g.finalReportDueOn) out.push({ grantId: g.id, title: g.proposalTitle, kind: "finalReport", date: g.finalReportDueOn });
  return out;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The grants part of a firm's desk, for a member of the organisation (NOT_FOUND otherwise):
 * the grants, their totals, the deadlines due in the next 30 days (today included) and the
 * late ones (before today), in Rome days.
 */
export async function getGrantDesk(db: Db, actor: Actor, organisationId: string) {
  await requireLedgerMember(db, actor, organisationId);
  const today = romeDate(now());
  const [list, totals] = await Promise.all([listGrantsOfOrganisation(db, organisationId, today), grantTotals(db, organisationId)]);
  const horizon = addDays(today, DUE_DAYS);
  const all = list.flatMap(grantDeadlinesOf).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.kind.localeCompare(y.kind)));
  return { grants: list, totals, due: all.filter((d) => d.date >= today && d.date <= horizon), late: all.filter((d) => d.date < today) };
}
export type GrantDesk = Awaited<ReturnType<typeof getGrantDesk>>;

