/**
 * Writes the scale seed (bench/scale/generate.ts) into a database through one connection:
 * multi-row INSERTs in batches under PostgreSQL's 65,535 bind parameters, one transaction
 * per phase, the audit entries hashed into the chain in order (bench/scale/chain.ts) while
 * holding the chain's advisory lock as record() does, then ANALYZE.
 */
// lib/audit's CHAIN_LOCK_KEY: the sealer of the chain takes it; the seed holds it while it appends.
import { CHAIN_LOCK_KEY } from "@/lib/audit";
import { chainEntries, GENESIS } from "./chain";
import { ballotCount, createWorld, PHASES, type PhaseOutput, type Row, type ScaleSpec } from "./generate";

/** One connection: node-postgres' Client, or PGlite. */
export type Conn = { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> };

const MAX_PARAMS = 65_535;
const MAX_ROWS = 5_000;
const JSONB: Record<string, string[]> = {
  audit_entries: ["data"],
  proposal_submissions: ["attachments"],
  call_results: ["ranking"],
  notifications: ["params"],
};
/** Beside existing data (--force) the reference counters go on from where they were. */
const ON_CONFLICT: Record<string, string> = {
  proposal_reference_counters: " on conflict (key) do update set last = greatest(proposal_reference_counters.last, excluded.last)",
  // A blob is kept once per content: another seed's identical file (the application form) is already there.
  file_blobs: " on conflict (sha256) do nothing",
};

/** Tables whose rows mean the database is not empty (the demo seed writes all of them). */
const DATA_TABLES = ["users", "organisations", "coalitions", "calls", "proposals", "audit_entries"] as const;

export class NotEmptyError extends Error {}

export type PhaseReport = { name: string; rows: Record<string, number>; audit: number; ms: number };
export type SeedReport = { seed: number; phases: PhaseReport[]; totalMs: number; analyzeMs: number; audit: number; head: string };

/** Row counts of the tables that hold data, e.g. { users: 12, audit_entries: 80 }; empty when there is none. */
export async function existingData(conn: Conn): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await conn.query(`select count(*)::int as n from ${table}`);
    const n = Number((rows[0] as { n: number }).n);
    if (n > 0) out[table] = n;
  }
  return out;
}

/** Multi-row INSERTs of `rows` (keys: column names; a key missing from a row is NULL). */
export async function insertRows(conn: Conn, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const json = new Set(JSONB[table] ?? []);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const head = `insert into ${table} (${columns.map((c) => `"${c}"`).join(", ")}) values `;
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = columns.map((c) => {
        const value = row[c];
        params.push(value === undefined ? null : json.has(c) ? JSON.stringify(value) : value);
        return `$${params.length}`;
      });
      return `(${slots.join(",")})`;
    });
    await conn.query(head + tuples.join(",") + (ON_CONFLICT[table] ?? ""), params);
  }
}

/** The chain's head: its hash and position (chain_seq, where the sealed chain of migration 0015 has it; else seq). */
type Head = { hash: string; position: number; sealed: boolean };

async function readHead(conn: Conn): Promise<Head> {
  const { rows: cols } = await conn.query("select 1 from information_schema.columns where table_name = 'audit_entries' and column_name = 'chain_seq'");
  if (cols.length > 0) {
    const { rows } = await conn.query("select hash, chain_seq from audit_entries where chain_seq is not null order by chain_seq desc limit 1");
    const head = rows[0] as { hash: string; chain_seq: string } | undefined;
    return { hash: head?.hash ?? GENESIS, position: Number(head?.chain_seq ?? 0), sealed: true };
  }
  const { rows } = await conn.query("select hash from audit_entries order by seq desc limit 1");
  return { hash: (rows[0] as { hash: string } | undefined)?.hash ?? GENESIS, position: 0, sealed: false };
}

/** Writes one phase's output (tables, then its audit entries and anchors) inside the open transaction. */
async function writePhase(conn: Conn, out: PhaseOutput, head: Head, report: PhaseReport): Promise<Head> {
  for (const [table, rows] of out.tables) {
    const t0 = Date.now();
    await insertRows(conn, table, rows);
    if (process.env.DEBUG && rows.length > 1000) {
      console.error(`    ${table}: ${rows.length} rows in ${Date.now() - t0} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
    }
    report.rows[table] = (report.rows[table] ?? 0) + rows.length;
  }
  if (out.audit.length === 0) return head;
  const c0 = Date.now();
  const { entries, head: next } = chainEntries(out.audit, head.hash);
  // seq comes from the column's sequence, in the order of the VALUES: the order of the chain.
  // Sealed chain (migration 0015): each entry is written sealed, at the next position.
  await insertRows(
    conn,
    "audit_entries",
    entries.map((e, i) => ({
      ...(head.sealed ? { chain_seq: head.position + i + 1 } : {}),
      occurred_at: e.occurredAt,
      actor_user_id: e.actorUserId,
      organisation_id: e.organisationId,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      data: e.data,
      prev_hash: e.prevHash,
      hash: e.hash,
    })),
  );
  if (process.env.DEBUG && entries.length > 1000) {
    console.error(`    audit_entries: ${entries.length} hashed and written in ${Date.now() - c0} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  }
  const anchored = entries.filter((e) => e.anchor);
  if (anchored.length > 0) {
    // recordDecision(): the head right after the decision, kept as its anchor (with the results version it publishes).
    await conn.query(
      `insert into audit_anchors (seq, hash, action, entity_type, entity_id, version, published_at)
       select ${head.sealed ? "e.chain_seq" : "e.seq"}, e.hash, e.action, e.entity_type, e.entity_id, a.version, e.occurred_at
         from unnest($1::text[], $2::int[]) as a(hash, version) join audit_entries e on e.hash = a.hash order by e.seq`,
      [anchored.map((e) => e.hash), anchored.map((e) => e.anchor?.version ?? null)],
    );
    report.rows.audit_anchors = (report.rows.audit_anchors ?? 0) + anchored.length;
  }
  report.audit += entries.length;
  return { hash: next, position: head.position + entries.length, sealed: head.sealed };
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function describePhase(p: PhaseReport): string {
  const rows = Object.entries(p.rows)
    .map(([t, n]) => `${t} ${fmt(n)}`)
    .join(", ");
  return `${p.name.padEnd(13)} ${(p.ms / 1000).toFixed(1).padStart(6)} s  ${rows}${p.audit ? `, audit entries ${fmt(p.audit)}` : ""}`;
}

/**
 * Seeds `spec` with `seed` through `conn`. Refuses (NotEmptyError) when the database already
 * holds data, unless `force`: then the rows are added beside it and the chain continues from
 * its head (the same seed twice collides on unique e-mails and slugs: use another seed).
 */
export async function seedScale(
  conn: Conn,
  options: { spec: ScaleSpec; seed: number; force?: boolean; log?: (line: string) => void; batchSize?: number },
): Promise<SeedReport> {
  const log = options.log ?? (() => {});
  const existing = await existingData(conn);
  if (Object.keys(existing).length > 0 && !options.force) {
    const what = Object.entries(existing)
      .map(([t, n]) => `${fmt(n)} ${t}`)
      .join(", ");
    const { rows } = await conn.query("select exists (select 1 from users where email like '%@tavolo.demo') as demo");
    const demo = Boolean((rows[0] as { demo: boolean }).demo);
    throw new NotEmptyError(
      `This database already holds data (${what}) — ${demo ? "the demo seed is in it" : "an earlier run or other data"}. The scale seed goes into a separate, empty database: point DATABASE_URL (and DATABASE_OWNER_URL) at one, or pass --force to add to this one anyway.`,
    );
  }
  const world = createWorld(options.spec, options.seed);
  // Empty database: no counters, so the references are the same on every run of a seed.
  const { rows: counters } = await conn.query("select key, last from proposal_reference_counters");
  for (const c of counters as { key: string; last: number }[]) world.counters.set(c.key, Number(c.last));
  const started = Date.now();
  const phases: PhaseReport[] = [];
  let head: Head = { hash: GENESIS, position: 0, sealed: false };
  let audit = 0;
  for (const [name, run] of PHASES) {
    const t0 = Date.now();
    const report: PhaseReport = { name, rows: {}, audit: 0, ms: 0 };
    await conn.query("begin");
    try {
      // As record() does: no other writer touches the chain while this phase appends to it.
      await conn.query(`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
      head = await readHead(conn);
      const out = run(world);
      if (isGenerator(out)) {
        const total = ballotCount(options.spec);
        let lastLog = Date.now();
        for (const batch of out) {
          head = await writePhase(conn, batch, head, report);
          if (Date.now() - lastLog > 10_000) {
            log(`  … ${name}: ${fmt(report.rows.ballots ?? 0)} of ${fmt(total)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
            lastLog = Date.now();
          }
        }
      } else {
        head = await writePhase(conn, out, head, report);
      }
      await conn.query("commit");
    } catch (error) {
      await conn.query("rollback").catch(() => {});
      throw error;
    }
    report.ms = Date.now() - t0;
    audit += report.audit;
    phases.push(report);
    log(describePhase(report));
  }
  const a0 = Date.now();
  await conn.query("analyze");
  const analyzeMs = Date.now() - a0;
  log(`${"analyze".padEnd(13)} ${(analyzeMs / 1000).toFixed(1).padStart(6)} s`);
  return { seed: options.seed, phases, totalMs: Date.now() - started, analyzeMs, audit, head: head.hash };
}

function isGenerator(x: PhaseOutput | Generator<PhaseOutput>): x is Generator<PhaseOutput> {
  return typeof (x as Generator<PhaseOutput>).next === "function";
}
