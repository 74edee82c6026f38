/** The machine a run was measured on, and the code, for the report. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import type pg from "pg";
import type { Machine } from "./report";

export async function describeMachine(client: pg.Client): Promise<Machine> {
  const cpus = os.cpus();
  let cpu = cpus[0]?.model?.trim() || "unknown CPU";
  if (cpu === "unknown CPU") {
    try {
      cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
    } catch {
      // not Linux
    }
  }
  const { rows } = await client.query("show server_version");
  return {
    cpu,
    cores: cpus.length,
    ramGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres: String((rows[0] as { server_version: string }).server_version),
    os: `${os.type()} ${os.release()}`,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
  };
}

/** The commit measured (BENCH_COMMIT when the tree is no Git checkout), and whether files differed from it. */
export function describeCommit(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${sha}, with uncommitted changes in ${dirty.split("\n").length} files` : sha;
  } catch {
    return "unknown (no Git checkout; set BENCH_COMMIT)";
  }
}
