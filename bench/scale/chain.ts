/**
 * Hashes the seed's audit drafts into the chain exactly as lib/audit record() does: each
 * entry's prev_hash is the hash of the entry before it (the genesis hash first), and its
 * hash is lib/audit's entryHash over the same fields record() hashes.
 */
import { entryHash } from "@/lib/audit";
import type { AuditDraft } from "./generate";

export const GENESIS = "0".repeat(64);

export type ChainedEntry = AuditDraft & { prevHash: string; hash: string };

/** The drafts linked after `headHash`, in order; the last one's hash is the new head. */
export function chainEntries(drafts: AuditDraft[], headHash: string): { entries: ChainedEntry[]; head: string } {
  let prev = headHash;
  const entries = drafts.map((d) => {
    // record() stores (and hashes) the data as JSON would round-trip it.
    const data = JSON.parse(JSON.stringify(d.data)) as Record<string, unknown>;
    const hash = entryHash(prev, { ...d, data });
    const entry = { ...d, data, prevHash: prev, hash };
    prev = hash;
    return entry;
  });
  return { entries, head: prev };
}
