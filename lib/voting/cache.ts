import { unstable_cache } from "next/cache";
import { getDb } from "@/db/client";
import { listAnchorsFor } from "@/lib/audit/queries";
import { getResultsVersion, listRemovedVoters, listResultVersions } from "./queries";

/**
 * A call's published results as the public pages show them — the latest version's row
 * (ranking and figures), the list of versions, their audit anchors and the voters whose
 * ballots were withdrawn — read from Next's data cache: none of it changes after
 * publication except by a new version (a correction), and the actions that publish or
 * correct expire the call's tag right after their transaction commits (lib/voting/actions.ts).
 * A request for a published call does no database work for its results beyond the cache
 * lookup. The key holds the call's publication time (a database seeded again never shares
 * an entry); an hour's lifetime bounds a version written outside the actions (a seed, a script).
 * Calls without results are never cached: their page reads nothing from here.
 */

export const resultsTag = (callId: string) => `results:${callId}`;

const RESULTS_LIFETIME_SECONDS = 3600;

async function publishedResults(callId: string) {
  const db = await getDb();
  const versions = await listResultVersions(db, callId);
  if (versions.length === 0) return null;
  const latest = await getResultsVersion(db, callId, versions[0].version);
  if (!latest) return null;
  const anchors = await listAnchorsFor(db, { entityType: "call", entityId: callId });
  const removedVoters = await listRemovedVoters(db, callId);
  return { latest, versions, anchors, removedVoters };
}

const asDate = (value: Date | string) => new Date(value);

/** The published results of a call, from the cache. Null before publication (`resultsPublishedAt` null: nothing is read). */
export async function getCachedResults(call: { id: string; resultsPublishedAt: Date | null }) {
  if (!call.resultsPublishedAt) return null;
  const cached = await unstable_cache(() => publishedResults(call.id), ["published-results", call.id, call.resultsPublishedAt.toISOString()], {
    tags: [resultsTag(call.id)],
    revalidate: RESULTS_LIFETIME_SECONDS,
  })();
  if (!cached) return null;
  // The data cache keeps JSON: dates come back as strings.
  return {
    latest: { ...cached.latest, publishedAt: asDate(cached.latest.publishedAt) },
    versions: cached.versions.map((v) => ({ ...v, publishedAt: asDate(v.publishedAt) })),
    anchors: cached.anchors.map((a) => ({ ...a, publishedAt: asDate(a.publishedAt) })),
    removedVoters: cached.removedVoters.map((v) => ({ ...v, removedAt: asDate(v.removedAt) })),
  };
}
