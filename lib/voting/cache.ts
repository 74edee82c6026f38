import { unstable_cache } from "next/cache";
import { getDb, type Db } from "@/db/client";
import { getResultsVersion, listResultVersions } from "./queries";

/**
 * Published results versions are immutable (rows are only inserted, a correction is a new
 * version), so the page reads each one from Next's data cache: keyed by call, version and
 * the row's own id (a database seeded again gives new ids, never another's cached data), no
 * expiry, no tag to expire. Only the list of versions — one small indexed query — is read
 * at each request, so a correction shows at once.
 */
function cachedVersion(callId: string, version: number, rowId: string) {
  return unstable_cache(async () => getResultsVersion(await getDb(), callId, version), ["results-version", callId, String(version), rowId], { revalidate: false })();
}

/** The published results of a call as getResults gives them, the latest version from the cache. Null before publication. */
export async function getCachedResults(db: Db, callId: string) {
  const versions = await listResultVersions(db, callId);
  if (versions.length === 0) return null;
  const cached = await cachedVersion(callId, versions[0].version, versions[0].id);
  if (!cached) return null;
  // The data cache keeps JSON: dates come back as strings.
  return { latest: { ...cached, publishedAt: new Date(cached.publishedAt) }, versions };
}
