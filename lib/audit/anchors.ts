/**
 * Anchors: copies of the audit chain's head (sequence number and hash) published with
 * each public decision. The table's owner can rewrite the log so that it verifies again
 * (drop the last entries, or edit one and re-hash the rest), but not the copies others
 * kept: each anchor must still find its entry, with the same hash. Pure functions here;
 * the database side is in ./queries.ts.
 */

export type Anchor = { seq: number; hash: string; /** where it came from, for the report */ source: string };

export type AnchorFinding =
  /** The chain now ends before the anchored entry: entries were removed from its end. */
  | { kind: "truncated"; anchor: Anchor; chainEnd: number | null }
  /** The chain goes on past the anchor, but its entry is gone: removed and the rest relinked. */
  | { kind: "missing"; anchor: Anchor }
  /** The entry is there with another hash: it, or one before it, was rewritten and re-hashed. */
  | { kind: "rehashed"; anchor: Anchor; actualHash: string };

/** What the chain looks like now, as far as the anchors need it. */
export type ChainView = { endSeq: number | null; hashAt: (seq: number) => string | undefined };

/** Every anchor the chain contradicts, in the order given (an empty list: all hold). */
export function compareAnchors(anchors: readonly Anchor[], chain: ChainView): AnchorFinding[] {
  const findings: AnchorFinding[] = [];
  for (const anchor of anchors) {
    if (chain.endSeq === null || anchor.seq > chain.endSeq) {
      findings.push({ kind: "truncated", anchor, chainEnd: chain.endSeq });
      continue;
    }
    const actualHash = chain.hashAt(anchor.seq);
    if (actualHash === undefined) findings.push({ kind: "missing", anchor });
    else if (actualHash !== anchor.hash) findings.push({ kind: "rehashed", anchor, actualHash });
  }
  return findings;
}

const HASH = /^[0-9a-f]{64}$/;

/** One anchor from loose input; throws with the source's position when it is not one. */
export function toAnchor(seq: unknown, hash: unknown, source: string): Anchor {
  const n = typeof seq === "string" && /^\d+$/.test(seq.trim()) ? Number(seq.trim()) : seq;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) throw new Error(`${source}: the sequence number must be a positive integer, not ${JSON.stringify(seq)}`);
  const h = typeof hash === "string" ? hash.trim().toLowerCase() : "";
  if (!HASH.test(h)) throw new Error(`${source}: the hash must be 64 hexadecimal characters, not ${JSON.stringify(hash)}`);
  return { seq: n, hash: h, source };
}

function fromJson(value: unknown, source: string): Anchor[] {
  const list = Array.isArray(value) ? value : (value as { anchors?: unknown } | null)?.anchors;
  if (!Array.isArray(list)) throw new Error(`${source}: expected a list of anchors, or an object with "anchors"`);
  return list.map((item, i) => {
    const { seq, hash } = (item ?? {}) as { seq?: unknown; hash?: unknown };
    return toAnchor(seq, hash, `${source} [${i}]`);
  });
}

/**
 * Anchors kept in a file: JSON (a list of {seq, hash}, or the {anchors: [...]} that
 * /api/audit/anchors answers), or lines "seq hash" with # comments and blank lines.
 */
export function parseAnchorText(text: string, source: string): Anchor[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new Error(`${source}: not valid JSON`);
    }
    return fromJson(value, source);
  }
  const anchors: Anchor[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const parts = line.split(/[\s,;]+/);
    if (parts.length !== 2) throw new Error(`${source}:${i + 1}: expected "seq hash"`);
    anchors.push(toAnchor(parts[0], parts[1], `${source}:${i + 1}`));
  });
  return anchors;
}

/** Anchors marked in a public page: every element with data-audit-seq and data-audit-hash. */
export function extractAnchorsFromHtml(html: string, source: string): Anchor[] {
  const seen = new Set<string>();
  const anchors: Anchor[] = [];
  for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*\bdata-audit-seq\s*=[^>]*>/g)) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']?([^"'\\s>]+)`).exec(tag)?.[1];
    const anchor = toAnchor(attr("data-audit-seq"), attr("data-audit-hash"), source);
    const key = `${anchor.seq} ${anchor.hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    anchors.push(anchor);
  }
  return anchors;
}

/** Anchors in whatever a URL answered: JSON, or an HTML page with marked anchors. */
export function parseFetched(body: string, contentType: string | null, source: string): Anchor[] {
  if (contentType?.includes("json")) return fromJson(JSON.parse(body) as unknown, source);
  return extractAnchorsFromHtml(body, source);
}

/** One sentence per finding, for people. */
export function describeFinding(f: AnchorFinding): string {
  const at = `Anchor #${f.anchor.seq} ${f.anchor.hash.slice(0, 16)}… (${f.anchor.source})`;
  if (f.kind === "truncated") {
    return `${at}: the chain ${f.chainEnd === null ? "is empty" : `now ends at #${f.chainEnd}`} — entries were removed from its end (truncation).`;
  }
  if (f.kind === "missing") return `${at}: the entry is gone from the chain — entries were removed and the chain relinked.`;
  return `${at}: the entry now has hash ${f.actualHash.slice(0, 16)}… — the history up to it was rewritten and re-hashed.`;
}
