/**
 * The tally benchmark (bench/index.ts, `npm run bench:tally`) as one part of the run: it runs
 * as its own process on the bench database and its lines are read back. Each timed state
 * prints "<state>: tally + turnout + ranking + allocation: … (median N ms)".
 */
import { spawn } from "node:child_process";
import path from "node:path";

export type TallyState = { state: string; medianMs: number; line: string };

export function parseTallyOutput(output: string): TallyState[] {
  const out: TallyState[] = [];
  for (const line of output.split("\n")) {
    const m = /^\s*(?:(.+?): )?tally \+ turnout \+ ranking \+ allocation: .*\(median (\d+(?:\.\d+)?) ms\)/.exec(line);
    if (m) out.push({ state: m[1] ?? "after ANALYZE", medianMs: Number(m[2]), line: line.trim() });
  }
  return out;
}

/** The tally bench's connections carry this name, so that a run past its time can be cancelled in the database too. */
const APPLICATION_NAME = "tavolo-bench-tally";

/**
 * Runs bench/index.ts on the configured database. Past `timeoutMs` its queries are cancelled
 * (a killed client leaves a running query behind in PostgreSQL) and the process stopped; the
 * states it finished are kept and `timedOut` says so. A failure is reported, never thrown.
 */
export function runTallyBench(
  env: NodeJS.ProcessEnv,
  options: { timeoutMs: number; cancel: (applicationName: string) => Promise<void>; log: (line: string) => void },
): Promise<{ states: TallyState[]; output: string; timedOut: boolean; failed?: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["bench/index.ts"], { env: { ...env, PGAPPNAME: APPLICATION_NAME }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line.trim()) options.log(`  bench:tally: ${line.trim()}`);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const timer = setTimeout(() => {
      timedOut = true;
      options.log(`  bench:tally: still running after ${Math.round(options.timeoutMs / 1000)} s: cancelled`);
      void options.cancel(APPLICATION_NAME).finally(() => child.kill("SIGTERM"));
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ states: parseTallyOutput(output), output, timedOut, failed: error.message });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      const failed = code === 0 ? undefined : timedOut ? `stopped after ${Math.round(options.timeoutMs / 1000)} s` : `exit ${code}`;
      resolve({ states: parseTallyOutput(output), output, timedOut, failed });
    });
  });
}
