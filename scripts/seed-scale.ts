/**
 * `npm run seed:scale [-- --seed N] [--size full|small] [--force]`: fills a separate,
 * empty PostgreSQL database (DATABASE_URL; written as DATABASE_OWNER_URL when set) with a
 * large district for the benchmark (issue 13): 50 coalitions, 3,000 organisations, 10,000
 * people, 400 calls, 20,000 proposals with partners and budget lines, one call with 1,000
 * proposals and 200,000 ballots and one with 100 proposals and 20,000 ballots (both open for
 * voting, unpublished), and the data of the other issues: each call's documents (PDFs, blobs
 * keyed by SHA-256), required annexes and proposal attachments, a submission snapshot per
 * submitted proposal, 98 past calls (in every coalition but the first) whose voting closed, with
 * their ballots and published results (receipts), the pact's grants of their funded proposals with
 * concession, advances, expense reports with invoices and interim tranches, incentive programmes,
 * applications and de minimis aid, clarifications (FAQ) on open calls, people's notifications
 * (in-app only: nothing is queued for e-mail) — and the audit entries all of that produces, in
 * time order (the chain verifies: npm run audit:verify).
 * Deterministic: the same seed number gives the same rows (bench/scale/generate.ts).
 * It refuses a database that already holds data (the demo seed, an earlier run) unless --force.
 * Every scale person signs in with the password "scala-2026", e.g. p00001.s1@scala.tavolo.test
 * (p00000 is a platform admin). The ballot calls' voting stays open until 2036: a benchmark
 * that wants the count page closes it by moving calls.voting_closes_at.
 * DEBUG=1 prints each table's insert time and the process's memory.
 *
 * Measured 2026-11-26, full size, seed 1, on a 2-core machine shared with other jobs, local PostgreSQL
 * (496 MB database; node's resident memory peaks at 0.7–1.3 GB, garbage a collection gives back):
 *   at load average 21: migrations 2.4 s · people 7.1 s (10,000) · organisations 10.1 s (3,000) · coalitions 3.0 s (50)
 *   · calls 1.5 s (400; 500 documents) · proposals 76.1 s (20,000; 31,606 partners, 41,100 budget lines,
 *   5,454 attachments, 14,448 submission snapshots) · incentives 0.9 s · results 39.2 s (98 past calls:
 *   36,281 ballots and receipts, 1,201 grants, 971 tranches, 623 expense reports with 948 invoices,
 *   205 questions, 39,103 notifications) · review 0.8 s · ballots 141.0 s (220,000) · analyze 9.8 s
 *   — 291.9 s in all, 405,016 audit entries; `npm run audit:verify` of them: 43 s (26 s at load 16).
 *   At load 16 an earlier form of it (80 past calls, no invitation notifications) took 155–159 s
 *   (proposals 25–46 s, results 15–17 s, ballots 75–98 s); the
 *   ballots phase, unchanged since, took 55 s at load 8.7, when the whole seed (before the documents,
 *   results and grants) took 90 s.
 */
import pg from "pg";
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { SIZES } from "@/bench/scale/generate";
import { NotEmptyError, seedScale } from "@/bench/scale/insert";

function parseArgs(argv: string[]): { seed: number; size: "full" | "small"; force: boolean } {
  const args = argv.filter((a) => a !== "--");
  let seed = 1;
  let size: "full" | "small" = "full";
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--force") force = true;
    else if (a.startsWith("--seed")) seed = Number(value());
    else if (a.startsWith("--size")) size = value() as "full" | "small";
    else if (a === "-h" || a === "--help") {
      console.log("Usage: npm run seed:scale [-- --seed N] [--size full|small] [--force]");
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 100_000) throw new Error("--seed must be an integer from 0 to 100000");
  if (size !== "full" && size !== "small") throw new Error("--size must be full or small");
  return { seed, size, force };
}

async function main(): Promise<number> {
  const { seed, size, force } = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  if (!process.env.DATABASE_URL || !url) {
    console.error("Set DATABASE_URL (and DATABASE_OWNER_URL) to a separate, empty PostgreSQL database: the scale seed never goes into the embedded PGlite.");
    return 2;
  }
  const where = new URL(url);
  console.log(`Scale seed ${size}, seed ${seed}, into ${where.host}${where.pathname}`);
  const t0 = Date.now();
  await runMigrations();
  await closeDb();
  console.log(`${"migrations".padEnd(13)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const report = await seedScale(client, { spec: SIZES[size], seed, force, log: (line) => console.log(line) });
    console.log(`Done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${report.audit.toLocaleString("en-US")} audit entries, chain head ${report.head.slice(0, 16)}…`);
    console.log(`Sign in as p00001.s${seed}@scala.tavolo.test (any pNNNNN up to the number of people), password "scala-2026".`);
    return 0;
  } catch (error) {
    if (error instanceof NotEmptyError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("The scale seed failed:", error instanceof Error ? error.message : error);
    if (error instanceof Error && error.stack && process.env.DEBUG) console.error(error.stack);
    process.exitCode = 1;
  },
);
