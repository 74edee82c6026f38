/**
 * The benchmark's HTTP client: plain node:http with keep-alive sockets, a load generator
 * (N connections, each sending its next request when the last one's body has arrived), and
 * a single GET that returns the body. No redirects are followed: a redirect is an error.
 */
import http from "node:http";
import { summarise, type LoadSummary } from "./stats";

export type Get = { status: number; body: Buffer; headers: http.IncomingHttpHeaders; ms: number };

export function get(agent: http.Agent, url: string, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<Get> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { agent, headers: { "accept-encoding": "identity", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers, ms: performance.now() - t0 }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response from ${url} in ${timeoutMs / 1000} s`)));
    req.on("error", reject);
  });
}

export type LoadOptions = {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  /** Keep sending for this long… */
  durationMs: number;
  /** …and until this many requests have completed… */
  minRequests: number;
  /** …but never start a request after this long. */
  maxMs: number;
  /** A request that does not answer in this time counts as an error. */
  timeoutMs?: number;
};

export type LoadResult = LoadSummary & { statuses: Record<string, number>; bytes: number; elapsedMs: number };

/** `connections` requests in flight at once on their own keep-alive sockets, as autocannon does. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let started = 0;
  let bytes = 0;
  const t0 = performance.now();
  const more = () => {
    const elapsed = performance.now() - t0;
    if (elapsed >= o.maxMs) return false;
    return elapsed < o.durationMs || started < o.minRequests;
  };
  const worker = async () => {
    while (more()) {
      started++;
      const s = performance.now();
      try {
        const r = await get(agent, o.url, o.headers, o.timeoutMs);
        bytes += r.body.length;
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status !== 200) errors++;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
        errors++;
      }
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  return { ...summarise(latencies, errors, elapsedMs), statuses, bytes, elapsedMs };
}
