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

export function runTallyBench(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<{ states: TallyState[]; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["bench/index.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line.trim()) log(`  bench:tally: ${line.trim()}`);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`bench/index.ts (the tally bench) failed with exit ${code}`));
      else resolve({ states: parseTallyOutput(output), output });
    });
  });
}
