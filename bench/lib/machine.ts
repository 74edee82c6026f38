/** The machine a run was measured on, for the report. */
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
