/** The options of `npm run bench`. */
export type BenchArgs = { quick: boolean; build: boolean; reuseSeed: boolean; out: string | null; help: boolean };

export const USAGE = `Usage: npm run bench [-- --quick] [--no-build] [--reuse-seed] [--out FILE]
  --quick       the small scale seed (seed:scale --size small) and short load runs: a smoke test
  --no-build    use the existing build in BENCH_DIST_DIR (default .next-bench)
  --reuse-seed  copy the database seeded by an earlier run (kept as <BENCH_DATABASE>_seed_<size>) instead of seeding again
  --out FILE    where to write the report (default bench/results.md; a quick run: a temporary file)
Environment: BENCH_DATABASE (default tavolo_bench) on the server of DATABASE_OWNER_URL / DATABASE_URL
(default postgres://postgres@127.0.0.1:5432 as owner, tavolo_app as the application role).`;

export function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { quick: false, build: true, reuseSeed: false, out: null, help: false };
  const args = argv.filter((a) => a !== "--");
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--quick") out.quick = true;
    else if (a === "--no-build") out.build = false;
    else if (a === "--reuse-seed") out.reuseSeed = true;
    else if (a === "--out") {
      const v = args[++i];
      if (!v) throw new Error("--out needs a file");
      out.out = v;
    } else if (a.startsWith("--out=")) out.out = a.slice(6);
    else if (a === "-h" || a === "--help") out.help = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return out;
}
