/**
 * `npm run bench`: the tally of a call with 200,000 ballots (2,000 voting organisations
 * × 100 proposals), with stale statistics (taken before the ballots were written) and after
 * ANALYZE, on the configured database (DATABASE_URL, or PGlite in PGLITE_DIR;
 * a throwaway in-memory PGlite when neither is set). The data is written in bulk with
 * generate_series, inside a transaction that is rolled back at the end, so nothing stays.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 2_000);
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 100);
const RUNS = 5;

class Rollback extends Error {}

async function seedBallots(tx: Tx): Promise<string> {
  const run = `bench-${Date.now()}`;
  const exec = (q: ReturnType<typeof sql>) => tx.execute(q);
  await exec(sql`insert into users (id, email, name, password_hash) values (gen_random_uuid(), ${`${run}@bench.test`}, 'Bench', 'x')`);
  await exec(sql`create temp table bench_ids on commit drop as select (select id from users where email = ${`${run}@bench.test`}) as user_id, gen_random_uuid() as org_id, gen_random_uuid() as coalition_id, gen_random_uuid() as call_id`);
  await exec(sql`insert into organisations (id, kind, legal_name, codice_fiscale, codice_ipa, municipality_code, status)
    select org_id, 'public_body', 'Promotore bench', ${`B${Date.now()}`.slice(0, 16)}, 'bench', '001272', 'verified' from bench_ids`);
  await exec(sql`insert into coalitions (id, slug, name, promoter_organisation_id) select coalition_id, ${run}, 'Bench', org_id from bench_ids`);
  await exec(sql`insert into calls (id, coalition_id, title, budget_cents, status, voting_method, created_by, voting_opens_at, voting_closes_at)
    select call_id, coalition_id, 'Bench', 100000000, 'published', 'score', user_id, now() - interval '2 days', now() - interval '1 day' from bench_ids`);
  await exec(sql`create temp table bench_orgs on commit drop as select gen_random_uuid() as id, n from generate_series(1, ${ORGANISATIONS}) n`);
  await exec(sql`insert into organisations (id, kind, legal_name, codice_fiscale, municipality_code, status)
    select o.id, 'university', 'Ente ' || o.n, ${run.slice(-8)} || lpad(o.n::text, 7, '0'), '001272', 'verified' from bench_orgs o`);
  await exec(sql`insert into call_voter_snapshots (call_id, taken_at) select call_id, now() from bench_ids`);
  await exec(sql`insert into call_voters (call_id, organisation_id, weight) select b.call_id, o.id, 1 + o.n % 3 from bench_orgs o, bench_ids b`);
  await exec(sql`create temp table bench_proposals on commit drop as select gen_random_uuid() as id, n from generate_series(1, ${PROPOSALS}) n`);
  await exec(sql`insert into proposals (id, call_id, lead_organisation_id, reference, title, requested_cents, status, submitted_at, created_by)
    select p.id, b.call_id, b.org_id, ${run} || '-' || p.n, 'Proposta ' || p.n, 1000000 + p.n * 1000, 'admissible', now() - interval '10 days' + p.n * interval '1 minute', b.user_id
    from bench_proposals p, bench_ids b`);
  await exec(sql`insert into ballots (call_id, proposal_id, organisation_id, cast_by, value, receipt_hash)
    select b.call_id, p.id, o.id, b.user_id, (o.n * 7 + p.n * 13) % 6, md5(o.id::text || p.id::text) || md5(p.id::text || o.id::text)
    from bench_orgs o, bench_proposals p, bench_ids b`);
  const rows = await tx.execute(sql`select call_id from bench_ids`);
  return (rows as unknown as { rows: { call_id: string }[] }).rows[0].call_id;
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.POSTGRES_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";
  const { closeDb, currentDriver, getDb } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrate");
  const { aggregatedTallyQuery, tallyProposals, tallyQuery, turnoutOf } = await import("@/lib/voting/tally");
  const { allocate, isQuorumReached, rank } = await import("@/lib/voting/policy");
  try {
    await runMigrations();
    const db = await getDb();
    console.log(`Voting tally benchmark on ${currentDriver()}: ${ORGANISATIONS} organisations × ${PROPOSALS} proposals = ${ORGANISATIONS * PROPOSALS} ballots`);
    await db
      .transaction(async (tx) => {
        // Stale statistics, as a table analysed before its ballots arrived (the plan the app
        // used to get at scale), then fresh ones: the tally's plan must not depend on them.
        await tx.execute(sql`analyze ballots`);
        await tx.execute(sql`analyze call_voters`);
        await tx.execute(sql`analyze proposals`);
        let t = performance.now();
        const callId = await seedBallots(tx);
        console.log(`  seeded in ${Math.round(performance.now() - t)} ms`);
        for (const state of ["stale statistics (analysed before the ballots were written)", "after analyze"] as const) {
          if (state === "after analyze") {
            await tx.execute(sql`analyze ballots`);
            await tx.execute(sql`analyze call_voters`);
            await tx.execute(sql`analyze proposals`);
          }
          const times: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            t = performance.now();
            const rows = await tallyProposals(tx, { id: callId, votingMethod: "score" });
            const turnout = await turnoutOf(tx, callId);
            const allocation = allocate(rank(rows), 100_000_000, isQuorumReached({ ...turnout, quorumBp: 5000 }));
            times.push(performance.now() - t);
            if (i === 0) console.log(`  ${rows.length} proposals, ${rows.reduce((s, r) => s + r.ballots, 0)} ballots counted, turnout ${turnout.turnoutWeight}/${turnout.eligibleWeight}, ${allocation.entries.filter((e) => e.outcome === "allocated").length} funded`);
          }
          const sorted = [...times].sort((a, b) => a - b);
          console.log(`  ${state}: tally + turnout + ranking + allocation: ${times.map((x) => `${Math.round(x)} ms`).join(", ")} (median ${Math.round(sorted[Math.floor(RUNS / 2)])} ms)`);
          // The former query, aggregating every ballot (what the totals replace), and a check that both agree.
          t = performance.now();
          const aggregated = (await tx.execute(aggregatedTallyQuery(callId))) as unknown as { rows: { proposal_id: string; num: string; den: string; ballots: number }[] };
          const aggregatedMs = performance.now() - t;
          const totals = new Map((await tallyProposals(tx, { id: callId, votingMethod: "score" })).map((r) => [r.proposalId, r]));
          const agree = aggregated.rows.every((a) => {
            const r = totals.get(a.proposal_id);
            return r && r.value.num === Number(a.num) && r.value.den === (Number(a.den) || 1) && r.ballots === Number(a.ballots);
          });
          console.log(`  ${state}: aggregating every ballot instead (the former tally): ${Math.round(aggregatedMs)} ms; totals ${agree ? "equal" : "DIFFER FROM"} the aggregation`);
          if (process.env.BENCH_EXPLAIN) {
            const plan = await tx.execute(sql`explain (analyze, costs off) ${tallyQuery(callId)}`);
            for (const r of (plan as unknown as { rows: Record<string, string>[] }).rows) console.log(`    ${Object.values(r)[0]}`);
          }
        }
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
