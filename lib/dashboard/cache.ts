import { sql } from "drizzle-orm";
import { unstable_cache, updateTag } from "next/cache";
import { getDb } from "@/db/client";
import { dashboardFigures, type DashboardFigures } from "./queries";

/**
 * The dashboard's figures are cached per coalition (they change only when someone decides
 * something) under one tag, which the server actions that change them expire right after
 * their transaction commits (refreshDashboard). An hour's lifetime bounds any change made
 * outside those actions (a seed, a script). The calls' phases move with the clock: they
 * are read at each request, never from here.
 */

export const dashboardTag = (coalitionId: string) => `dashboard:${coalitionId}`;

const DASHBOARD_LIFETIME_SECONDS = 3600;

export function cachedDashboardFigures(coalitionId: string): Promise<DashboardFigures> {
  return unstable_cache(async () => dashboardFigures(await getDb(), coalitionId), ["dashboard-figures", coalitionId], {
    tags: [dashboardTag(coalitionId)],
    revalidate: DASHBOARD_LIFETIME_SECONDS,
  })();
}

/** What a server action knows about what it changed: the coalition, or a row that leads to it. */
export type DashboardRef = { coalitionId: string } | { callId: string } | { grantId: string } | { applicationId: string } | { requestId: string };

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id named `key` in an action's raw input, if it is a uuid (the service has already parsed the same input). */
export function refFrom(input: unknown, key: "coalitionId" | "callId" | "grantId" | "applicationId" | "requestId"): DashboardRef | null {
  const value = input && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" && UUID.test(value) ? ({ [key]: value } as DashboardRef) : null;
}

async function coalitionOf(ref: DashboardRef): Promise<string | null> {
  if ("coalitionId" in ref) return ref.coalitionId;
  const db = await getDb();
  const query =
    "callId" in ref
      ? sql`select coalition_id from calls where id = ${ref.callId}`
      : "grantId" in ref
        ? sql`select c.coalition_id from grants g join calls c on c.id = g.call_id where g.id = ${ref.grantId}`
        : "applicationId" in ref
          ? sql`select c.coalition_id from incentive_applications a join proposals p on p.id = a.proposal_id join calls c on c.id = p.call_id where a.id = ${ref.applicationId}`
          : sql`select coalition_id from coalition_join_requests where id = ${ref.requestId}`;
  const [row] = rowsOf<{ coalition_id: string }>(await db.execute(query));
  return row?.coalition_id ?? null;
}

/**
 * Expires a coalition's dashboard after a decision that changes its figures. Called by server
 * actions once their service succeeded (updateTag: the next visitor reads fresh figures). Never
 * fails the action: the decision is already committed, and the cache expires within the hour anyway.
 */
export async function refreshDashboard<T extends { ok: boolean }>(result: T, ref: DashboardRef | null): Promise<T> {
  if (!result.ok || !ref) return result;
  try {
    const coalitionId = await coalitionOf(ref);
    if (coalitionId) updateTag(dashboardTag(coalitionId));
  } catch (error) {
    console.error("Could not expire the dashboard's cache", error);
  }
  return result;
}
