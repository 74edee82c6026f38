/**
 * `npm run bench:open-data`: a coalition with 100,000 member organisations (BENCH_OPEN_DATA_ROWS)
 * streamed as the organisations CSV and JSON through lib/opendata, in keyset batches of 1,000,
 * on the configured database (DATABASE_URL, or PGlite in PGLITE_DIR; an in-memory PGlite when
 * neither is set). Reports the time, the bytes, the batches and the heap's growth while
 * streaming (bounded: about one batch, never the whole file). Written with generate_series
 * inside a transaction that is rolled back at the end, so nothing stays.
 */
import { sql } from "drizzle-orm";

const ROWS = Number(process.env.BENCH_OPEN_DATA_ROWS ?? 100_000);

class Rollback extends Error {}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.POSTGRES_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";
  const { closeDb, currentDriver, getDb } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrate");
  const { datasetStream } = await import("@/lib/opendata/stream");
  try {
    await runMigrations();
    const db = await getDb();
    console.log(`Open-data streaming benchmark on ${currentDriver()}: ${ROWS} member organisations`);
    await db
      .transaction(async (tx) => {
        const run = `bench-od-${Date.now()}`;
        let t = performance.now();
        await tx.execute(sql`create temp table bench_od on commit drop as select gen_random_uuid() as promoter_id, gen_random_uuid() as coalition_id`);
        await tx.execute(sql`insert into organisations (id, kind, legal_name, codice_fiscale, codice_ipa, municipality_code, status)
          select promoter_id, 'public_body', 'Promotore bench', ${`P${Date.now()}`.slice(0, 16)}, 'bench', '001272', 'verified' from bench_od`);
        await tx.execute(sql`insert into coalitions (id, slug, name, promoter_organisation_id) select coalition_id, ${run}, 'Bench', promoter_id from bench_od`);
        await tx.execute(sql`
          with o as (
            insert into organisations (kind, legal_name, codice_fiscale, municipality_code, status)
            select 'research_centre', 'Centro ' || n, ${run.slice(-8)} || lpad(n::text, 8, '0'), '001272', 'verified' from generate_series(1, ${ROWS}) n
            returning id)
          insert into coalition_members (coalition_id, organisation_id, role, weight) select b.coalition_id, o.id, 'member', 1 from o, bench_od b`);
        await tx.execute(sql`analyze coalition_members`);
        await tx.execute(sql`analyze organisations`);
        const ids = (await tx.execute(sql`select coalition_id from bench_od`)) as unknown as { rows: { coalition_id: string }[] };
        const coalitionId = ids.rows[0].coalition_id;
        console.log(`  seeded in ${Math.round(performance.now() - t)} ms`);
        for (const format of ["csv", "json"] as const) {
          global.gc?.();
          const heapBefore = process.memoryUsage().heapUsed;
          let peak = heapBefore;
          const batches: number[] = [];
          t = performance.now();
          const reader = datasetStream(tx, { id: coalitionId, slug: run, name: "Bench" }, "organisations", format, {
            onBatch: (n) => {
              batches.push(n);
              peak = Math.max(peak, process.memoryUsage().heapUsed);
            },
          }).getReader();
          let bytes = 0;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            bytes += value.byteLength; // counted and dropped, as a client downloading it would
          }
          const ms = performance.now() - t;
          console.log(
            `  ${format}: ${batches.reduce((a, b) => a + b, 0)} rows in ${batches.length} batches (largest ${Math.max(...batches)}), ` +
              `${(bytes / 1e6).toFixed(1)} MB in ${Math.round(ms)} ms, heap grew at most ${((peak - heapBefore) / 1e6).toFixed(1)} MB`,
          );
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
