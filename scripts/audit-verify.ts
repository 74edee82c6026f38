/**
 * `npm run audit:verify [-- SOURCE…]`: walks the hash chain of the audit log, then holds
 * it to anchors — the ones stored with each published decision, and any given here:
 *
 *   a file    lines "seq hash" (# comments allowed) or JSON ([{seq, hash}] or {anchors: […]},
 *             e.g. a saved copy of /api/audit/anchors); "-" reads them from standard input
 *   a URL     a public page of Tavolo (its marked anchors) or /api/audit/anchors
 *
 * Entries committed but not yet sealed into the chain are sealed first (lib/audit sealPending)
 * and any still pending are counted. A chain that was cut short or rewritten and re-hashed still links up by itself; an
 * anchor kept elsewhere does not move with it. Exit code 0: everything holds; 1: a broken
 * link or an anchor the chain contradicts; 2: the check could not be made.
 */
import fs from "node:fs";
import { closeDb, currentDriver, getDb } from "@/db/client";
import { canRewriteAuditLog } from "@/db/roles";
import { describeFinding, parseAnchorText, parseFetched, type Anchor } from "@/lib/audit";
import { verifyWithAnchors } from "@/lib/audit/queries";

const reasons = {
  prev_hash_mismatch: "it does not point to the hash of the entry before it",
  hash_mismatch: "its content does not match its hash",
} as const;

async function load(source: string): Promise<Anchor[]> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { headers: { accept: "text/html, application/json" } });
    if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
    return parseFetched(await response.text(), response.headers.get("content-type"), source);
  }
  if (source === "-") return parseAnchorText(fs.readFileSync(0, "utf8"), "stdin");
  return parseAnchorText(fs.readFileSync(source, "utf8"), source);
}

async function main(): Promise<number> {
  const sources = process.argv.slice(2).filter((a) => a !== "--");
  if (sources.some((s) => s === "-h" || s === "--help")) {
    console.log("Usage: npm run audit:verify [-- FILE|URL|- …]   (files or stdin: lines \"seq hash\" or JSON; URLs: Tavolo's public pages or /api/audit/anchors)");
    return 0;
  }
  const given: Anchor[] = [];
  for (const source of sources) {
    const anchors = await load(source);
    // A source without anchors verifies nothing: say so rather than pass quietly.
    if (anchors.length === 0) throw new Error(`${source}: no anchors found`);
    console.log(`${anchors.length} anchor${anchors.length === 1 ? "" : "s"} from ${source}`);
    given.push(...anchors);
  }
  try {
    const db = await getDb();
    const result = await verifyWithAnchors(db, given);
    let code = 0;
    // verifyWithAnchors → verifyChain sealed what was pending first (waiting for the chain lock).
    if (result.chain.ok) {
      console.log(`All ${result.chain.count} audit entries link up.`);
    } else {
      const { brokenAt, reason, count } = result.chain;
      console.error(`Broken link at entry #${brokenAt} (${reason}: ${reasons[reason]}). ${count} entries before it verify.`);
      code = 1;
    }
    if (result.chain.pending > 0) {
      // Committed after the sealing this check did (or left by a sealer that failed): the next commit or check seals them.
      console.log(`${result.chain.pending} entr${result.chain.pending === 1 ? "y was" : "ies were"} committed but not yet sealed into the chain.`);
    }
    if (result.findings.length === 0) {
      console.log(`${result.anchorsChecked} anchor${result.anchorsChecked === 1 ? "" : "s"} checked (stored with the decisions${given.length ? " and given" : ""}): none contradicts the chain.`);
    } else {
      for (const finding of result.findings) console.error(describeFinding(finding));
      console.error(`${result.findings.length} of ${result.anchorsChecked} anchors contradict the chain.`);
      code = 1;
    }
    const access = await canRewriteAuditLog(db);
    if (access.canRewrite) {
      console.warn(`Note: this connection's role (${access.role}) could change or remove audit entries; the application should connect as a role that cannot (README, Security).`);
    } else if (currentDriver() === "pglite") {
      console.log(`Connected as ${access.role} (PGlite: a SET ROLE inside one single-user database, not a security boundary).`);
    }
    return code;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Could not verify the audit log:", error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
