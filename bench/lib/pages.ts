/**
 * One page of the benchmark: a few requests one at a time (status, HTML size, queries per
 * request read from the server's bench counter, first-load JS), then the load run with N
 * concurrent connections.
 */
import http from "node:http";
import { firstLoadJs } from "./assets";
import { get, load, type LoadResult } from "./http";
import type { PageResult } from "./report";
import { median } from "./stats";

export type PageSpec = {
  name: string;
  path: string;
  cookie?: string;
  /** Public HTML page: its first-load JS is measured. */
  publicPage?: boolean;
  /** An HTML page or export: its size is held to the 1 MB target. */
  sized?: boolean;
  ratioTarget?: number;
};

export type LoadSettings = { connections: number; durationMs: number; minRequests: number; maxMs: number; timeoutMs: number; sequential: number };

async function queryCount(agent: http.Agent, origin: string): Promise<number> {
  const r = await get(agent, `${origin}/api/bench/queries`);
  if (r.status !== 200) throw new Error(`the query counter answered ${r.status}`);
  return (JSON.parse(r.body.toString("utf8")) as { count: number }).count;
}

/** Work the server does after a response (after(), sealing) lands in the next reading otherwise. */
const settle = () => new Promise((r) => setTimeout(r, 150));

export async function measurePage(origin: string, spec: PageSpec, settings: LoadSettings, log: (line: string) => void): Promise<PageResult & { loadResult?: LoadResult }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers: Record<string, string> = spec.cookie ? { cookie: spec.cookie } : {};
  const result: PageResult & { loadResult?: LoadResult } = { name: spec.name, path: spec.path, ratioTarget: spec.ratioTarget };
  try {
    // The first request warms the server's caches and compiled routes; it is not counted.
    const first = await get(agent, origin + spec.path, headers, settings.timeoutMs);
    if (first.status !== 200) throw new Error(`answered ${first.status}${first.headers.location ? ` → ${first.headers.location}` : ""}`);
    // A slow page is read once more only, not `sequential` times.
    const rounds = first.ms > 5_000 ? 1 : settings.sequential;
    const counts: number[] = [];
    let body = first.body;
    for (let i = 0; i < rounds; i++) {
      await settle();
      const before = await queryCount(agent, origin);
      const r = await get(agent, origin + spec.path, headers, settings.timeoutMs);
      await settle();
      const after = await queryCount(agent, origin);
      if (r.status !== 200) throw new Error(`answered ${r.status}`);
      counts.push(after - before);
      body = r.body;
    }
    result.queries = median(counts);
    if (spec.sized) result.htmlBytes = body.length;
    if (spec.publicPage) result.firstLoadJs = (await firstLoadJs(agent, origin, body.toString("utf8"))).bytes;
    log(`${spec.name}: ${body.length.toLocaleString("en-US")} bytes, ${result.queries} queries, first request ${Math.round(first.ms)} ms; ${settings.connections} connections…`);
    const l = await load({ url: origin + spec.path, headers, connections: settings.connections, durationMs: settings.durationMs, minRequests: settings.minRequests, maxMs: settings.maxMs, timeoutMs: settings.timeoutMs });
    result.load = l;
    result.loadResult = l;
    const statuses = Object.entries(l.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    log(`${spec.name}: ${l.requests} requests, ${l.rps.toFixed(1)}/s, p50 ${Math.round(l.p50)} ms, p95 ${Math.round(l.p95)} ms, p99 ${Math.round(l.p99)} ms (${statuses})`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${spec.name}: ${result.error}`);
  } finally {
    agent.destroy();
  }
  return result;
}
