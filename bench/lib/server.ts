/**
 * The production server of the benchmark: `next build` into its own folder, then
 * `node server.mjs` (what `npm start` runs) as the application role, on a free port; and the
 * memory poller that follows its resident set (with its children's) for the whole run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end, its output on stderr (the progress channel); throws on a non-zero exit. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) process.stderr.write(`  ${label}: ${line}\n`);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit ${code}`})`))));
  });
}

/** `next build` into distDir. Next may rewrite tsconfig.json: it is put back as it was. */
export async function build(distDir: string): Promise<number> {
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const t0 = Date.now();
  try {
    await run(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" }, "next build");
  } finally {
    if (fs.readFileSync("tsconfig.json", "utf8") !== tsconfig) fs.writeFileSync("tsconfig.json", tsconfig);
  }
  return Date.now() - t0;
}

export type Server = { origin: string; pid: number; child: ChildProcess; stop: () => Promise<void> };

export async function startServer(options: { distDir: string; databaseUrl: string; port: number }): Promise<Server> {
  const origin = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    NEXT_DIST_DIR: options.distDir,
    NODE_ENV: "production",
    AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-not-for-production-0123456789",
    NEXTAUTH_URL: origin,
    // db/client.ts counts the statements; GET /api/bench/queries tells how many so far.
    TAVOLO_BENCH_QUERY_COUNT: "1",
  };
  // As e2e/serve.mjs: the server connects as the application role only.
  delete env.DATABASE_OWNER_URL;
  delete env.POSTGRES_URL;
  delete env.PGLITE_DIR;
  const child = spawn(process.execPath, ["server.mjs", "-p", String(options.port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
    if (process.env.BENCH_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited: string | null = null;
  child.on("exit", (code, signal) => {
    exited = signal ?? `exit ${code}`;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the server stopped (${exited}):\n${log.join("")}`);
    try {
      const res = await fetch(`${origin}/api/bench/queries`);
      await res.arrayBuffer();
      if (res.status === 200) break;
      throw new Error(`GET /api/bench/queries answered ${res.status}: is the build older than the query counter? Build again (without --no-build).`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("GET /api/bench")) throw error;
      if (Date.now() > deadline) throw new Error(`the server did not answer in 120 s:\n${log.join("")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const stop = async () => {
    if (exited) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  return { origin, pid: child.pid!, child, stop };
}

/** The process and its descendants, from /proc (Linux). */
function descendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]) ?? []));
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export type MemoryPoller = { peakBytes: () => number; peakDuring: () => string; setPhase: (phase: string) => void; stop: () => void; available: boolean };

/** Samples the resident memory of `pid` and its children every `everyMs`; keeps the peak and the phase it came in. */
export function pollMemory(pid: number, everyMs = 150): MemoryPoller {
  const available = fs.existsSync(`/proc/${pid}/status`);
  let peak = 0;
  let phase = "start";
  let peakPhase = "start";
  let tick = 0;
  let family = [pid];
  const sample = () => {
    // The family is looked up again every 20 samples (3 s): scanning /proc costs more than reading it.
    if (tick++ % 20 === 0) family = descendants(pid);
    const kb = family.reduce((sum, p) => sum + rssKb(p), 0);
    if (kb * 1024 > peak) {
      peak = kb * 1024;
      peakPhase = phase;
    }
  };
  const timer = available ? setInterval(sample, everyMs) : undefined;
  timer?.unref();
  if (available) sample();
  return {
    available,
    peakBytes: () => peak,
    peakDuring: () => peakPhase,
    setPhase: (p) => {
      phase = p;
    },
    stop: () => clearInterval(timer),
  };
}
