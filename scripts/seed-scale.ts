/**
 * `npm run seed:scale [-- --seed N] [--size full|small] [--force]`: fills a separate,
 * empty PostgreSQL database (DATABASE_URL; written as DATABASE_OWNER_URL when set) with a
 * large district for the benchmark (issue 13): 50 coalitions, 3,000 organisations, 10,000
 * people, 400 calls, 20,000 proposals with partners and budget lines, one call with 1,000
 * proposals and 200,000 ballots and one with 100 proposals and 20,000 ballots (both open for
 * voting, unpublished), and the data of the other issues: each call's documents (PDFs, blobs
 * keyed by SHA-256), required annexes and proposal attachments, a submission snapshot per
 * submitted proposal, 80 past calls whose voting closed with their ballots and published
 * results (receipts), the pact's grants of their funded proposals with concession, advances,
 * expense reports with invoices and interim tranches, incentive programmes, applications and
 * de minimis aid, clarifications (FAQ) on open calls, people's notifications — and the audit
 * entries all of that produces, in time order (the chain verifies: npm run audit:verify).
 * Deterministic: the same seed number gives the same rows (bench/scale/generate.ts).
 * It refuses a database that already holds data (the demo seed, an earlier run) unless --force.
 * Every scale person signs in with the password "scala-2026", e.g. p00001.s1@scala.tavolo.test
 * (p00000 is a platform admin). The ballot calls' voting stays open until 2036: a benchmark
 * that wants the count page closes it by moving calls.voting_closes_at.
 * DEBUG=1 prints each table's insert time and the process's memory.
 *
 * Measured 2026-11-26, full size, seed 1, on a 2-core machine shared with other jobs (load average 16),
 * local PostgreSQL (483 MB database; node's resident memory peaks at 1.3 GB before a collection
 * brings it back to 0.4 GB):
 *   people 4.6 s (10,000) · organisations 3.4 s (3,000) · coalitions 0.9 s (50) · calls 0.2 s (400; 500 documents)
 *   · proposals 24.9 s (20,000; 31,606 partners, 41,100 budget lines, 5,454 attachments, 14,448 submission snapshots)
 *   · incentives 0.4 s · results 14.6 s (80 past calls: 28,585 ballots and receipts, 2,199 grants, 1,695 tranches,
 *   1,115 expense reports with 1,667 invoices, 181 questions, 21,703 notifications) · review 0.5 s
 *   · ballots 98.1 s (220,000) · analyze 7.7 s — 155.5 s in all, 400,442 audit entries; `npm run audit:verify`
 *   of them: 29 s. (The same seed before the documents, results and grants, at load 8.7: 90 s, 349,797 entries.)
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
