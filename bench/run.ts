/**
 * `npm run bench` (issue 13, item 2): in one run, on a fresh database filled with the scale
 * seed, against the production build served by server.mjs as the application role:
 *
 *   - each key page under 10 concurrent connections (req/s, p50/p95/p99) beside a static file
 *     of the same server, the ratio of their p95; HTML size, queries per request (read from
 *     the server's bench-only counter, one request at a time) and first-load JavaScript;
 *   - ballots/s with 50 concurrent voters through castBallot, with and without the audit write;
 *   - the tally of 200,000 ballots; publishing results (time, statements); verifying the whole
 *     audit chain topped up to 1,000,000 entries; the server's peak memory.
 *
 * Prints one report and writes it to bench/results.md. Progress goes to stderr. Exits 0 when
 * a target is missed (the report says so), non-zero when the run itself fails.
 * Options: bench/lib/args.ts (--quick, --no-build, --reuse-seed, --out).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { SCALE_PASSWORD } from "@/bench/scale/generate";
import { parseArgs, USAGE } from "./lib/args";
import { staticFile } from "./lib/assets";
import { auditSkipSwitch, castAll, freshPairs } from "./lib/ballots";
import { chainLength, topUpChain } from "./lib/chain";
import { benchUrls, migrateAndSeed, readFixtures, recreateDatabase, restoreTemplate, saveTemplate } from "./lib/database";
import { get } from "./lib/http";
import { describeCommit, describeMachine } from "./lib/machine";
import { measurePage, type LoadSettings, type PageSpec } from "./lib/pages";
import {
  FIRST_LOAD_JS_LIMIT,
  formatBytes,
  formatMs,
  formatNumber,
  renderMarkdown,
  renderText,
  within,
  type Figure,
  type PageResult,
  type Report,
} from "./lib/report";
import { build, freePort, pollMemory, progress, startServer, type MemoryPoller, type Server } from "./lib/server";
import { median } from "./lib/stats";
import { runTallyBench } from "./lib/tally";

const PAGE_RATIO = 10;
const RESULTS_RATIO = 3;
const MEMORY_LIMIT = 512 * 1024 * 1024;
const VOTERS = 50;

type Mode = {
  size: "full" | "small";
  load: LoadSettings;
  casts: number;
  castMaxMs: number;
  chainTarget: number;
  /** The tally bench's size (bench/index.ts reads BENCH_ORGANISATIONS and BENCH_PROPOSALS). */
  tallyEnv: Record<string, string>;
  tallyBallots: string;
  tallyTimeoutMs: number;
};

const MODES: Record<"full" | "quick", Mode> = {
  full: {
    size: "full",
    load: { connections: 10, durationMs: 10_000, minRequests: 30, maxMs: 45_000, timeoutMs: 60_000, sequential: 3 },
    casts: 3_000,
    castMaxMs: 60_000,
    chainTarget: 1_000_000,
    tallyEnv: {},
    tallyBallots: "200,000",
    tallyTimeoutMs: 150_000,
  },
  quick: {
    size: "small",
    load: { connections: 10, durationMs: 2_000, minRequests: 10, maxMs: 10_000, timeoutMs: 30_000, sequential: 2 },
    casts: 60,
    castMaxMs: 15_000,
    chainTarget: 20_000,
    tallyEnv: { BENCH_ORGANISATIONS: "200", BENCH_PROPOSALS: "20" },
    tallyBallots: "4,000",
    tallyTimeoutMs: 60_000,
  },
};

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const mode = MODES[args.quick ? "quick" : "full"];
  const urls = benchUrls(process.env);
  const distDir = process.env.BENCH_DIST_DIR || ".next-bench";
  const outFile = args.out ?? (args.quick ? path.join(os.tmpdir(), "tavolo-bench-results-quick.md") : path.join("bench", "results.md"));
  const notes: string[] = [];
  // Read at the start: the code that is built and measured.
  const commit = describeCommit();
  const figures: Figure[] = [];
  const pages: PageResult[] = [];
  progress(`${args.quick ? "quick" : "full"} run on database ${urls.name}, build in ${distDir}`);

  // ------------------------------------------------------------------ database
  let t = Date.now();
  if (args.reuseSeed) {
    await restoreTemplate(urls, mode.size);
    await migrateAndSeed(urls, mode.size, false);
    progress(`database copied from the kept seed in ${s(Date.now() - t)}`);
  } else {
    await recreateDatabase(urls);
    await migrateAndSeed(urls, mode.size, true);
    const seedMs = Date.now() - t;
    progress(`database migrated and seeded in ${s(seedMs)}`);
    figures.push({ measure: `scale seed (${mode.size})`, value: s(seedMs), target: "minutes, not hours", status: seedMs < 30 * 60_000 ? "met" : "missed" });
    await saveTemplate(urls, mode.size);
  }

  // In this process the app's own services run against the bench database, on a pool big enough for 50 voters.
  process.env.DATABASE_URL = urls.app;
  process.env.DATABASE_OWNER_URL = urls.owner;
  // One connection per voter: with the server's own pool that stays within PostgreSQL's default of 100.
  process.env.DB_POOL_MAX = String(VOTERS);
  process.env.TAVOLO_BENCH_QUERY_COUNT = "1";
  delete process.env.POSTGRES_URL;
  delete process.env.PGLITE_DIR;
  const { benchQueryCount, closeDb, getDb } = await import("@/db/client");

  const owner = new pg.Client({ connectionString: urls.owner });
  await owner.connect();
  let server: Server | undefined;
  let memory: MemoryPoller | undefined;
  try {
    const machine = await describeMachine(owner);
    const fx = await readFixtures(owner);
    progress(
      `coalition ${fx.coalition.slug} (${fx.coalition.members} members), call ${fx.bigCall.id} (${fx.bigCall.proposals} proposals, ${fx.bigCall.ballots.toLocaleString("en-US")} ballots); ` +
        `promoter ${fx.promoter.email}, voter ${fx.voter.email}`,
    );

    // ---------------------------------------------------------------- build and server
    if (args.build) {
      progress(`next build into ${distDir}…`);
      const buildMs = await build(distDir);
      progress(`built in ${s(buildMs)}`);
      notes.push(`\`next build\` took ${s(buildMs)} in this run.`);
    } else if (!fs.existsSync(path.join(distDir, "BUILD_ID"))) {
      throw new Error(`--no-build: no build in ${distDir}; run once without --no-build`);
    }
    const port = await freePort();
    server = await startServer({ distDir, databaseUrl: urls.app, port });
    memory = pollMemory(server.pid);
    const origin = server.origin;
    progress(`server ${server.pid} on ${origin}${memory.available ? "" : " (no /proc: memory not measured)"}`);
    const promoterCookie = await signInAs(origin, fx.promoter.email);
    const voterCookie = await signInAs(origin, fx.voter.email);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const home = await get(agent, `${origin}/`);
    const staticPath = await staticFile(agent, origin, home.body.toString("utf8"));
    agent.destroy();

    const measure = async (spec: PageSpec) => {
      memory!.setPhase(spec.name);
      const r = await measurePage(origin, spec, mode.load, progress);
      pages.push(r);
      return r;
    };
    const slug = encodeURIComponent(fx.coalition.slug);
    const call = fx.bigCall.id;

    // ---------------------------------------------------------------- pages while the vote is open
    const staticResult = await measure({ name: "static file", path: staticPath });
    await measure({ name: "home", path: "/", publicPage: true, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: `coalition page (${fx.coalition.members.toLocaleString("en-US")} members)`, path: `/coalitions/${slug}`, publicPage: true, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: `call page (${fx.bigCall.proposals.toLocaleString("en-US")} proposals)`, path: `/coalitions/${slug}/calls/${call}`, publicPage: true, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: "proposal page", path: `/proposals/${fx.proposalId}`, publicPage: true, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: "promoter review", path: `/calls/${call}/review`, cookie: promoterCookie, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: "voting page", path: `/calls/${call}/vote`, cookie: voterCookie, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: "organisation desk", path: "/desk", cookie: voterCookie, sized: true, ratioTarget: PAGE_RATIO });
    await measure({ name: "open-data CSV (proposals)", path: `/api/open-data/${slug}/proposals.csv`, sized: true, ratioTarget: PAGE_RATIO });

    // ---------------------------------------------------------------- ballots/s, in this process
    memory.setPhase("ballots");
    const db = await getDb();
    const pairs = await freshPairs(owner, call, 2 * mode.casts);
    if (pairs.length < 2 * mode.casts) throw new Error(`only ${pairs.length} fresh (organisation, proposal) pairs for ${2 * mode.casts} casts`);
    const value = fx.bigCall.votingMethod === "score" ? (i: number) => i % 6 : (i: number) => [1, 1, -1, 0][i % 4];
    progress(`ballots: ${mode.casts} casts by ${VOTERS} concurrent voters, with the audit write…`);
    const withAudit = await castAll(call, pairs.slice(0, mode.casts), VOTERS, value, mode.castMaxMs);
    progress(`  ${withAudit.casts} in ${s(withAudit.ms)}: ${withAudit.perSecond.toFixed(0)}/s${withAudit.errors ? `, ${withAudit.errors} errors (${withAudit.firstError})` : ""}`);
    const skip = await auditSkipSwitch();
    let withoutAudit: Awaited<ReturnType<typeof castAll>> | null = null;
    if (skip) {
      progress(`ballots: the same number of casts without the audit write…`);
      skip(true);
      try {
        withoutAudit = await castAll(call, pairs.slice(mode.casts), VOTERS, value, mode.castMaxMs);
      } finally {
        skip(false);
      }
      progress(`  ${withoutAudit.casts} in ${s(withoutAudit.ms)}: ${withoutAudit.perSecond.toFixed(0)}/s${withoutAudit.errors ? `, ${withoutAudit.errors} errors (${withoutAudit.firstError})` : ""}`);
    } else {
      notes.push("lib/audit has no setAuditWritesSkippedForBench yet: ballots/s without the audit write not measured.");
    }
    const castNote = (r: { casts: number; errors: number; ms: number }) => `${r.casts.toLocaleString("en-US")} casts in ${s(r.ms)}${r.errors ? `, ${r.errors} errors` : ""}`;
    figures.push({ measure: `ballots/s, ${VOTERS} concurrent voters, with the audit write`, value: `${withAudit.perSecond.toFixed(0)}/s`, note: castNote(withAudit), target: "—", status: withAudit.errors ? "missed" : "—" });
    if (withoutAudit) {
      const ratio = withAudit.perSecond / withoutAudit.perSecond;
      figures.push({ measure: "ballots/s, the same casts without the audit write (bench switch)", value: `${withoutAudit.perSecond.toFixed(0)}/s`, note: castNote(withoutAudit), target: "—", status: withoutAudit.errors ? "missed" : "—" });
      figures.push({ measure: "ballots/s with the audit write ÷ without", value: `${Math.round(ratio * 100)}%`, target: "≥ 50%", status: ratio >= 0.5 && !withAudit.errors && !withoutAudit.errors ? "met" : "missed" });
    }
    notes.push(
      `Ballots: castBallot (lib/voting/service.ts) called in the bench process by ${VOTERS} concurrent voters on a pool of ${VOTERS} connections, each cast a real, committed new ballot ` +
        `(an organisation of the call's voters, not a partner, on a proposal it had not voted on), ${mode.casts.toLocaleString("en-US")} casts per run, distinct pairs in each run; its transaction seals its audit entry after commit as the app does.`,
    );

    // ---------------------------------------------------------------- tally
    memory.setPhase("tally");
    const { tallyProposals, turnoutOf } = await import("@/lib/voting/tally");
    const tallyTimes: number[] = [];
    let counted = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const rows = await tallyProposals(db, { id: call, votingMethod: fx.bigCall.votingMethod });
      await turnoutOf(db, call);
      tallyTimes.push(performance.now() - t0);
      counted = rows.reduce((sum, r) => sum + r.ballots, 0);
    }
    progress(`tally of the seeded call (${counted.toLocaleString("en-US")} ballots): ${tallyTimes.map((x) => Math.round(x)).join(", ")} ms`);
    figures.push({
      measure: `tally + turnout of the seeded call, ${counted.toLocaleString("en-US")} ballots, statistics as the seed and the casts left them`,
      value: formatMs(median(tallyTimes)),
      note: "median of 5",
      target: "< 200 ms",
      status: median(tallyTimes) < 200 ? "met" : "missed",
    });
    progress("tally bench (bench/index.ts, npm run bench:tally) on the bench database…");
    const tallyEnv: NodeJS.ProcessEnv = { ...process.env, ...mode.tallyEnv };
    delete tallyEnv.TAVOLO_BENCH_QUERY_COUNT;
    const tb = await runTallyBench(tallyEnv, {
      timeoutMs: mode.tallyTimeoutMs,
      log: progress,
      cancel: async (name) => {
        await owner.query(`select pg_cancel_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()`, [name]);
      },
    });
    for (const st of tb.states) {
      figures.push({ measure: `tally bench (bench/index.ts), ${mode.tallyBallots} fresh ballots: ${st.state}`, value: formatMs(st.medianMs), note: "median", target: "< 200 ms", status: st.medianMs < 200 ? "met" : "missed" });
    }
    if (tb.failed) {
      figures.push({
        measure: `tally bench (bench/index.ts), ${mode.tallyBallots} fresh ballots${tb.states.length > 0 ? ": the rest" : ""}`,
        value: tb.timedOut ? `> ${Math.round(mode.tallyTimeoutMs / 1000)} s` : "failed",
        note: tb.timedOut ? "its queries cancelled and the process stopped" : tb.failed,
        target: "< 200 ms",
        status: "missed",
      });
    } else if (tb.states.length === 0) notes.push("The tally bench (bench/index.ts) printed no timing this run knows how to read.");

    // ---------------------------------------------------------------- the vote closes: count page, publication
    // Both ballot calls of the coalition close (the seed leaves them open until 2036); the big one's ballots are made public.
    const { rows: ballotCalls } = await owner.query(
      `select c.id, (select count(*)::int from proposals p where p.call_id = c.id) as proposals from calls c
       where c.coalition_id = $1 and exists (select 1 from ballots b where b.call_id = c.id) order by 2`,
      [fx.coalition.id],
    );
    await owner.query(`update calls set voting_closes_at = now() - interval '1 second' where id = any($1::uuid[])`, [ballotCalls.map((c) => (c as { id: string }).id)]);
    await owner.query(`update calls set ballots_public = true where id = $1`, [call]);
    notes.push("After the voting page and the casts, the bench closes both ballot calls (voting_closes_at) and makes the big call's ballots public, so the count page, the publication and the public ballots are measured on it.");
    await measure({ name: "count page (voting closed, before publication)", path: `/calls/${call}/count`, cookie: promoterCookie, sized: true, ratioTarget: PAGE_RATIO });

    memory.setPhase("publication");
    const { publishResults } = await import("@/lib/voting/service");
    const { rows: promoterRows } = await owner.query(`select id, email, name from users where email = $1`, [fx.promoter.email]);
    const p = promoterRows[0] as { id: string; email: string; name: string };
    const promoter = { userId: p.id, email: p.email, name: p.name, isPlatformAdmin: false };
    const published: { proposals: number; ms: number; statements: number }[] = [];
    for (const c of ballotCalls as { id: string; proposals: number }[]) {
      const before = benchQueryCount() ?? 0;
      const t0 = performance.now();
      await publishResults(db, promoter, { callId: c.id });
      const ms = performance.now() - t0;
      const statements = (benchQueryCount() ?? 0) - before;
      published.push({ proposals: c.proposals, ms, statements });
      progress(`results of a call with ${c.proposals} proposals published in ${Math.round(ms)} ms, ${statements} statements`);
    }
    const big = published[published.length - 1];
    const small = published.length > 1 ? published[0] : undefined;
    figures.push({ measure: `publishing results for ${big.proposals.toLocaleString("en-US")} proposals (publishResults, in process)`, value: formatMs(big.ms), target: "< 1 s", status: big.ms < 1000 ? "met" : "missed" });
    // Independent of the number of proposals: no statement per proposal, i.e. 10× the proposals
    // adds fewer than one statement per ten more proposals (batched work, e.g. sealing 500 entries a statement, may grow a little).
    const perProposal = small && big.proposals > small.proposals ? (big.statements - small.statements) / (big.proposals - small.proposals) : undefined;
    figures.push({
      measure: `statements to publish ${big.proposals.toLocaleString("en-US")} proposals${small ? ` (${small.proposals} proposals: ${small.statements})` : ""}`,
      value: formatNumber(big.statements),
      target: "independent of the number of proposals (< 1 more per 10 more proposals)",
      status: perProposal === undefined ? "—" : perProposal < 0.1 ? "met" : "missed",
      note: `begin, commit and the sealing after commit included${perProposal === undefined ? "" : `; ${perProposal.toFixed(3)} more per more proposal`}`,
    });

    // ---------------------------------------------------------------- published results
    const resultsPage = await measure({ name: `results page (${fx.bigCall.ballots.toLocaleString("en-US")}+ ballots, public)`, path: `/calls/${call}/results`, publicPage: true, sized: true, ratioTarget: RESULTS_RATIO });
    void resultsPage;
    const cursor = await middleBallotsCursor(owner, call);
    await measure({ name: "public ballots, a page in the middle", path: `/calls/${call}/results?after=${cursor}`, publicPage: true, sized: true, ratioTarget: RESULTS_RATIO });

    // ---------------------------------------------------------------- audit chain
    memory.setPhase("audit chain");
    const { sealPending, verifyChain } = (await import("@/lib/audit")) as typeof import("@/lib/audit") & { sealPending?: (db: unknown, o: { wait: boolean }) => Promise<unknown> };
    if (sealPending) await sealPending(db, { wait: true });
    const before = await chainLength(owner);
    progress(`audit chain: ${before.toLocaleString("en-US")} entries; topping up to ${mode.chainTarget.toLocaleString("en-US")}…`);
    t = Date.now();
    const added = await topUpChain(owner, mode.chainTarget, progress);
    progress(`  ${added.toLocaleString("en-US")} synthetic entries chained and written in ${s(Date.now() - t)}; verifying…`);
    const v0 = performance.now();
    const verified = await verifyChain(db);
    const verifyMs = performance.now() - v0;
    progress(`  verified ${verified.count.toLocaleString("en-US")} entries in ${s(verifyMs)}: ${verified.ok ? "intact" : JSON.stringify(verified)}`);
    figures.push({
      measure: `verifying the whole audit chain (verifyChain), ${verified.count.toLocaleString("en-US")} entries`,
      value: s(verifyMs),
      note: verified.ok ? `intact; ${before.toLocaleString("en-US")} from the seed and the run, ${added.toLocaleString("en-US")} synthetic` : `BROKEN: ${JSON.stringify(verified)}`,
      target: "< 30 s for 1,000,000",
      status: verified.ok && verifyMs < 30_000 && verified.count >= mode.chainTarget ? "met" : "missed",
    });

    // ---------------------------------------------------------------- memory, first-load JS
    memory.stop();
    const peak = memory.peakBytes();
    figures.push({
      measure: "peak server memory (resident, server and children, sampled every 150 ms for the whole run)",
      value: memory.available ? formatBytes(peak) : "not measured",
      note: memory.available ? `during: ${memory.peakDuring()}` : undefined,
      target: "< 512 MB",
      status: memory.available ? (peak < MEMORY_LIMIT ? "met" : "missed") : "—",
    });
    const js = pages.filter((pg) => pg.firstLoadJs !== undefined);
    if (js.length > 0) {
      const largest = js.reduce((a, b) => ((a.firstLoadJs ?? 0) >= (b.firstLoadJs ?? 0) ? a : b));
      figures.push({ measure: "first-load JavaScript of the public pages (largest; gzipped scripts of the page)", value: formatBytes(largest.firstLoadJs), note: largest.name, target: "≤ 150 kB", status: within(largest.firstLoadJs, FIRST_LOAD_JS_LIMIT) });
    }

    // ---------------------------------------------------------------- ratios and the report
    const staticP95 = staticResult.load?.p95;
    for (const page of pages) {
      if (page !== staticResult && page.load && staticP95) page.ratio = page.load.p95 / staticP95;
    }
    notes.push(`Static reference: \`${staticPath}\`, a file of the build served by the same server (no middleware).`);
    notes.push(
      `Load: ${mode.load.connections} connections (node:http keep-alive), each sending its next request when the last body arrived, for ${mode.load.durationMs / 1000} s and at least ${mode.load.minRequests} requests (no new request after ${mode.load.maxMs / 1000} s). ` +
        `Queries per request: median of ${mode.load.sequential} requests one at a time, the server's statement counter (TAVOLO_BENCH_QUERY_COUNT) read before and after.`,
    );
    await server.stop();
    server = undefined;
    const report: Report = {
      date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
      commit,
      mode: args.quick ? "quick (seed:scale --size small, short load runs): a smoke test, not the figures of issue 13" : "full (seed:scale, full size)",
      machine,
      pages,
      figures,
      notes,
      totalSeconds: (Date.now() - started) / 1000,
    };
    console.log(renderText(report));
    fs.writeFileSync(outFile, renderMarkdown(report));
    progress(`report written to ${outFile} in ${Math.round(report.totalSeconds)} s`);
    return 0;
  } finally {
    memory?.stop();
    await server?.stop();
    await owner.end();
    await closeDb();
  }
}

async function signInAs(origin: string, email: string): Promise<string> {
  const { signIn } = await import("./lib/session");
  return signIn(origin, email, SCALE_PASSWORD);
}

/** A cursor of the public ballots halfway through the list, in the page's own order and encoding. */
async function middleBallotsCursor(client: pg.Client, callId: string): Promise<string> {
  const { encodeBallotsCursor } = await import("@/lib/voting/queries");
  const { rows } = await client.query(
    `select o.legal_name as name, b.organisation_id, b.proposal_id from ballots b
     join organisations o on o.id = b.organisation_id
     join call_voters v on v.call_id = b.call_id and v.organisation_id = b.organisation_id and v.removed_at is null
     where b.call_id = $1 order by o.legal_name, b.organisation_id, b.proposal_id
     offset (select count(*) / 2 from ballots where call_id = $1) limit 1`,
    [callId],
  );
  const r = rows[0] as { name: string; organisation_id: string; proposal_id: string };
  return encodeBallotsCursor({ name: r.name, organisationId: r.organisation_id, proposalId: r.proposal_id });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    progress(`failed: ${error instanceof Error ? (process.env.DEBUG ? error.stack : error.message) : String(error)}${cause}`);
    process.exitCode = 1;
  },
);
