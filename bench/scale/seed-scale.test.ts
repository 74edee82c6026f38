import { createHash, randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentDriver } from "@/db/client";
import { calls as callsTable } from "@/db/schema";
import { entryHash, verifyChain } from "@/lib/audit";
import { verifyPassword } from "@/lib/auth/password";
import { buildCanonical, canonicalJson } from "@/lib/documents/canonical";
import { rankingPdf, submissionPdf } from "@/lib/documents/generated";
import { fingerprintOf } from "@/lib/voting/receipt";
import { setClock } from "@/lib/clock";
import { castBallot, countCall, toEntries } from "@/lib/voting/service";
import { ChainCheckCache } from "@/lib/audittrail/verification";
import { testDb } from "@/test/db";
import { chainEntries, GENESIS } from "./chain";
import { BASE_TIME, ballotCount, createWorld, isPastCall, PHASES, SCALE_PASSWORD, SIZES, type AuditDraft, type PhaseOutput, type Row } from "./generate";
import { NotEmptyError, seedScale, type Conn, type SeedReport } from "./insert";

const spec = SIZES.small;

/** Everything the generators produce for a seed: rows per table and the chained audit entries. */
function generateAll(seed: number) {
  const world = createWorld(spec, seed);
  const tables = new Map<string, Row[]>();
  const audit: AuditDraft[] = [];
  const take = (out: PhaseOutput) => {
    for (const [t, rows] of out.tables) tables.set(t, [...(tables.get(t) ?? []), ...rows]);
    audit.push(...out.audit);
  };
  for (const [, run] of PHASES) {
    const out = run(world);
    if ("tables" in out) take(out);
    else for (const batch of out) take(batch);
  }
  return { tables, chained: chainEntries(audit, GENESIS) };
}

describe("scale seed generators", () => {
  const a = generateAll(7);

  it("give the same rows and audit hashes for the same seed, other ones for another seed", () => {
    const b = generateAll(7);
    expect([...b.tables.keys()]).toEqual([...a.tables.keys()]);
    for (const [table, rows] of a.tables) expect(b.tables.get(table), table).toEqual(rows);
    expect(b.chained.entries).toEqual(a.chained.entries);
    expect(b.chained.head).toBe(a.chained.head);
    const c = generateAll(8);
    expect(c.chained.head).not.toBe(a.chained.head);
    expect(c.tables.get("users")![1].id).not.toBe(a.tables.get("users")![1].id);
  });

  it("produce the specified counts", () => {
    const count = (t: string) => a.tables.get(t)?.length ?? 0;
    expect(count("users")).toBe(spec.people);
    expect(count("organisations")).toBe(spec.organisations);
    expect(count("coalitions")).toBe(spec.coalitions);
    expect(count("calls")).toBe(spec.calls);
    expect(count("proposals")).toBe(spec.proposals);
    const calls = a.tables.get("calls")!;
    const ballotCallIds = new Set([calls[0].id, calls[1].id]);
    expect(a.tables.get("ballots")!.filter((b) => ballotCallIds.has(b.call_id))).toHaveLength(ballotCount(spec));
    expect(ballotCount(SIZES.full)).toBe(220_000);
    const bigCallProposals = a.tables.get("proposals")!.filter((p) => p.call_id === calls[0].id);
    expect(bigCallProposals).toHaveLength(spec.bigCall.proposals);
    for (const p of bigCallProposals) {
      expect(a.tables.get("proposal_partners")!.filter((r) => r.proposal_id === p.id)).toHaveLength(3);
      expect(a.tables.get("proposal_budget_lines")!.filter((r) => r.proposal_id === p.id)).toHaveLength(3);
    }
    expect(a.tables.get("ballots")!.filter((b) => b.call_id === calls[0].id)).toHaveLength(spec.bigCall.proposals * spec.bigCall.ballotsPerProposal);
  });

  it("keep one ballot per organisation and proposal, by call voters who are not partners of what they vote on", () => {
    const ballots = a.tables.get("ballots")!;
    const pairs = new Set(ballots.map((b) => `${b.proposal_id}:${b.organisation_id}`));
    expect(pairs.size).toBe(ballots.length);
    const partners = new Set(a.tables.get("proposal_partners")!.map((p) => `${p.proposal_id}:${p.organisation_id}`));
    expect(ballots.filter((b) => partners.has(`${b.proposal_id}:${b.organisation_id}`))).toEqual([]);
    const voters = new Set(a.tables.get("call_voters")!.map((v) => `${v.call_id}:${v.organisation_id}`));
    expect(ballots.every((b) => voters.has(`${b.call_id}:${b.organisation_id}`))).toBe(true);
    const counted = ["admissible", "selected", "not_selected"];
    const admissible = new Set(a.tables.get("proposals")!.filter((p) => counted.includes(p.status as string)).map((p) => p.id));
    expect(ballots.every((b) => admissible.has(b.proposal_id as string))).toBe(true);
  });

  it("respect the amount rules: positive lines, requests within the call's ceiling, co-financing of at least 20%", () => {
    const calls = new Map(a.tables.get("calls")!.map((c) => [c.id, c]));
    const lines = a.tables.get("proposal_budget_lines")!;
    const partners = a.tables.get("proposal_partners")!;
    for (const p of a.tables.get("proposals")!) {
      const call = calls.get(p.call_id)!;
      const total = lines.filter((l) => l.proposal_id === p.id).reduce((s, l) => s + (l.amount_cents as number), 0);
      const cofinancing = partners.filter((x) => x.proposal_id === p.id).reduce((s, x) => s + (x.cofinancing_cents as number), 0);
      expect(p.requested_cents).toBe(total - cofinancing);
      expect(p.requested_cents as number).toBeLessThanOrEqual(call.max_request_cents as number);
      expect(cofinancing * 10_000).toBeGreaterThanOrEqual(total * (call.min_cofinancing_bp as number));
    }
    expect(lines.every((l) => (l.amount_cents as number) > 0 && Number.isInteger(l.amount_cents))).toBe(true);
  });

  it("time-order the audit entries", () => {
    const times = a.chained.entries.map((e) => e.occurredAt.getTime());
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    // A row's last change is its last audited one.
    const calls = a.tables.get("calls")!;
    const ballotCallIds = new Set([calls[0].id, calls[1].id]);
    const ballotProposals = new Set(a.tables.get("proposals")!.filter((p) => ballotCallIds.has(p.call_id)).map((p) => p.id));
    const marked = new Map(
      a.chained.entries.filter((e) => e.action === "proposal.admissibility_marked" && ballotProposals.has(e.entityId)).map((e) => [e.entityId, e.occurredAt.getTime()]),
    );
    expect(marked.size).toBe(spec.bigCall.proposals + spec.smallCall.proposals);
    for (const p of a.tables.get("proposals")!) {
      expect((p.updated_at as Date).getTime()).toBeGreaterThanOrEqual((p.created_at as Date).getTime());
      if (marked.has(p.id as string)) expect((p.updated_at as Date).getTime()).toBe(marked.get(p.id as string));
    }
  });
});

describe("scale seed generators: documents, submissions, past calls and their grants", () => {
  const a = generateAll(11);
  const rows = (t: string) => a.tables.get(t) ?? [];
  const sha = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

  it("leave the two ballot calls open and unpublished, and publish the results of the past calls only", () => {
    const calls = rows("calls");
    const results = rows("call_results");
    expect(calls[0].status).toBe("published");
    expect(calls[1].status).toBe("published");
    for (const c of calls.slice(0, 2)) expect((c.voting_closes_at as Date).getTime()).toBeGreaterThan(BASE_TIME.getTime());
    const past = calls.filter((_, i) => isPastCall(i, spec.coalitions));
    expect(past.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === "results").map((c) => c.id)).toEqual(past.map((c) => c.id));
    expect(results.map((r) => r.call_id).sort()).toEqual(past.map((c) => c.id).sort());
    // The first coalition's only calls with ballots are the two ballot calls (the bench finds them so).
    const withBallots = new Set(rows("ballots").map((b) => b.call_id));
    expect(calls.filter((c) => c.coalition_id === calls[0].coalition_id && withBallots.has(c.id)).map((c) => c.id)).toEqual([calls[0].id, calls[1].id]);
    for (const c of past) expect((c.voting_closes_at as Date).getTime()).toBeLessThan((c.results_published_at as Date).getTime());
  });

  it("give each published version the receipts of exactly its ballots, with the fingerprint of lib/voting", () => {
    for (const r of rows("call_results")) {
      const hashes = rows("ballots").filter((b) => b.call_id === r.call_id).map((b) => b.receipt_hash as string);
      const receipts = rows("call_result_receipts").filter((x) => x.call_id === r.call_id && x.version === r.version);
      expect(receipts).toHaveLength(hashes.length);
      expect(r.ballot_count).toBe(hashes.length);
      expect(receipts.map((x) => x.receipt_hash)).toEqual([...hashes].sort());
      expect(receipts.map((x) => x.position)).toEqual(receipts.map((_, i) => i));
      expect(r.fingerprint).toBe(fingerprintOf(hashes));
    }
  });

  it("make grants only for the funded proposals' accepted partners, their allocation split exactly, paid ≤ granted", () => {
    const proposals = new Map(rows("proposals").map((p) => [p.id, p]));
    const accepted = new Set(rows("proposal_partners").filter((p) => p.status === "accepted").map((p) => `${p.proposal_id}:${p.organisation_id}`));
    const grants = rows("grants");
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      expect(proposals.get(g.proposal_id)!.status).toBe("selected");
      expect(accepted.has(`${g.proposal_id}:${g.organisation_id}`)).toBe(true);
      const tranches = rows("tranches").filter((x) => x.grant_id === g.id);
      expect(g.paid_cents).toBe(tranches.reduce((s, x) => s + (x.amount_cents as number), 0));
      expect(g.paid_cents as number).toBeLessThanOrEqual(g.granted_cents as number);
      expect(g.granted_cents as number).toBeLessThanOrEqual(g.eligible_cost_cents as number);
      const reports = rows("expense_reports").filter((r) => r.grant_id === g.id);
      const reviewed = new Set(reports.filter((r) => r.status === "reviewed").map((r) => r.id));
      const acceptedCents = rows("expense_lines")
        .filter((l) => reviewed.has(l.report_id))
        .reduce((s, l) => s + (l.accepted_cents as number), 0);
      expect(g.accepted_cents).toBe(acceptedCents);
      expect(g.status).toBe(tranches.length > 0 || reports.some((r) => r.status !== "draft") ? "in_progress" : "granted");
    }
    // The sum of a proposal's grants is its allocation in the published ranking.
    for (const r of rows("call_results")) {
      for (const e of r.ranking as { proposalId: string; outcome: string; allocatedCents: number }[]) {
        const sum = grants.filter((g) => g.proposal_id === e.proposalId).reduce((s, g) => s + (g.granted_cents as number), 0);
        expect(sum).toBe(e.outcome === "allocated" ? e.allocatedCents : 0);
        expect(proposals.get(e.proposalId)!.status).toBe(e.outcome === "allocated" ? "selected" : "not_selected");
      }
    }
    expect(rows("expense_lines").length).toBeGreaterThan(0);
    expect(rows("tranches").some((x) => x.kind === "interim")).toBe(true);
  });

  it("leave a few notifications in most people's inboxes, each once per person and event, created when the event happened", () => {
    const notes = rows("notifications");
    expect(new Set(notes.map((n) => `${n.user_id}:${n.dedupe_key}`)).size).toBe(notes.length);
    expect(new Set(notes.map((n) => n.user_id)).size).toBeGreaterThan(spec.people / 2);
    for (const n of notes) {
      expect((n.created_at as Date).getTime()).toBeLessThan(BASE_TIME.getTime());
      if (n.read_at) expect((n.read_at as Date).getTime()).toBeGreaterThan((n.created_at as Date).getTime());
    }
  });

  it("keep every document's bytes once, under their SHA-256, and a snapshot of each submitted proposal", () => {
    const blobs = new Map(rows("file_blobs").map((b) => [b.sha256, b]));
    expect(blobs.size).toBe(rows("file_blobs").length);
    for (const b of rows("file_blobs")) {
      expect(sha(b.content as Buffer)).toBe(b.sha256);
      expect(b.size_bytes).toBe((b.content as Buffer).length);
    }
    for (const d of rows("documents")) expect(blobs.has(d.sha256)).toBe(true);
    for (const c of rows("calls")) expect(rows("documents").filter((d) => d.call_id === c.id && d.kind === "call_text")).toHaveLength(1);
    // The application form is the same file on several calls: one blob.
    expect(new Set(rows("documents").filter((d) => d.kind === "call_template").map((d) => d.sha256)).size).toBe(1);
    const submitted = rows("proposals").filter((p) => p.status !== "draft");
    const snapshots = new Map(rows("proposal_submissions").map((s) => [s.proposal_id, s]));
    expect(snapshots.size).toBe(submitted.length);
    const entries = new Map(a.chained.entries.filter((e) => e.action === "proposal.submitted").map((e) => [e.entityId, e]));
    for (const p of submitted) {
      const s = snapshots.get(p.id)!;
      expect(s.sha256).toBe(sha(s.canonical as string));
      expect(s.reference).toBe(p.reference);
      expect(entries.get(p.id as string)!.data.sha256).toBe(s.sha256);
    }
  });
});

describe("scale seed in the database (small size)", () => {
  let conn: Conn;
  let close = async () => {};
  const seed = randomInt(1000, 100_000);
  let report: SeedReport;
  const one = async (q: string, params: unknown[] = []) => Number(((await conn.query(q, params)).rows[0] as { n: number }).n);

  beforeAll(async () => {
    const db = await testDb();
    if (currentDriver() === "pg") {
      // Written as the tables' owner, as `npm run seed:scale` does: its audit entries arrive sealed,
      // which the application role may not insert.
      const client = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL });
      await client.connect();
      conn = client;
      close = () => client.end();
    } else {
      conn = (db as unknown as { $client: Conn }).$client;
    }
    // The shared test database holds other files' rows: add beside them, count only ours.
    report = await seedScale(conn, { spec, seed, force: true });
  }, 120_000);

  afterAll(async () => {
    await close();
  });

  it("writes the specified counts", async () => {
    const mine = `%.s${seed}@scala.tavolo.test`;
    const slug = `distretto-${seed}-%`;
    expect(await one("select count(*)::int n from users where email like $1", [mine])).toBe(spec.people);
    expect(await one("select count(distinct m.organisation_id)::int n from organisation_members m join users u on u.id = m.user_id where u.email like $1", [mine])).toBe(spec.organisations);
    expect(await one("select count(*)::int n from coalitions where slug like $1", [slug])).toBe(spec.coalitions);
    expect(await one("select count(*)::int n from calls c join coalitions co on co.id = c.coalition_id where co.slug like $1", [slug])).toBe(spec.calls);
    expect(await one("select count(*)::int n from proposals p join calls c on c.id = p.call_id join coalitions co on co.id = c.coalition_id where co.slug like $1", [slug])).toBe(spec.proposals);
    expect(await one("select count(*)::int n from ballots b join calls c on c.id = b.call_id join coalitions co on co.id = c.coalition_id where co.slug like $1 and c.status = 'published'", [slug])).toBe(ballotCount(spec));
    // Every entry names one of the seed's people as actor or, for the platform admin grant (actor null), as entity.
    expect(
      (await one("select count(*)::int n from audit_entries a join users u on u.id = a.actor_user_id where u.email like $1", [mine])) +
        (await one("select count(*)::int n from audit_entries a join users u on u.id::text = a.entity_id where a.actor_user_id is null and u.email like $1", [mine])),
    ).toBe(report.audit);
    expect(report.phases.map((p) => p.name)).toEqual(PHASES.map(([name]) => name));
  });

  it("holds one ballot per organisation and proposal", async () => {
    expect(await one("select count(*)::int n from (select 1 from ballots group by proposal_id, organisation_id having count(*) > 1) d")).toBe(0);
  });

  it("leaves an audit chain the application's own verification accepts", async () => {
    const db = await testDb();
    const check = await new ChainCheckCache().check(db);
    expect(check.broken).toBeNull();
    expect(check.findings).toEqual([]);
    expect(check.count).toBeGreaterThanOrEqual(report.audit);
    const chain = await verifyChain(db);
    expect(chain.ok).toBe(true);
    // Our last entry is in the chain with the hash the seed computed.
    expect(await one("select count(*)::int n from audit_entries where hash = $1", [report.head])).toBe(1);
    // The whole chain is walked twice: on a database that also holds a full-size seed that takes a while.
  }, 240_000);

  it("is data the application's own services accept: a representative signs in and casts one more ballot, chained after the seed", async () => {
    const db = await testDb();
    setClock(BASE_TIME);
    // A voter of the big call, its representative, and a proposal of that call it has not voted on and is no partner of.
    const { rows } = await conn.query(
      `select c.id as call_id, b.organisation_id, u.id as user_id, u.email, u.name, u.password_hash,
              (select p.id from proposals p where p.call_id = c.id
                 and not exists (select 1 from ballots x where x.proposal_id = p.id and x.organisation_id = b.organisation_id)
                 and not exists (select 1 from proposal_partners pp where pp.proposal_id = p.id and pp.organisation_id = b.organisation_id)
               order by p.id limit 1) as proposal_id
         from calls c join coalitions co on co.id = c.coalition_id
         join ballots b on b.call_id = c.id join users u on u.id = b.cast_by
        where co.slug = $1 and c.voting_method = 'score'
        order by b.created_at limit 1`,
      [`distretto-${seed}-1`],
    );
    const r = rows[0] as { call_id: string; organisation_id: string; user_id: string; email: string; name: string; password_hash: string; proposal_id: string };
    expect(r.proposal_id).toBeTruthy();
    expect(await verifyPassword(r.password_hash, SCALE_PASSWORD)).toBe(true);
    const cast = await castBallot(db, { userId: r.user_id, email: r.email, name: r.name, isPlatformAdmin: false }, { callId: r.call_id, proposalId: r.proposal_id, organisationId: r.organisation_id, value: 4 });
    expect(cast.revision).toBe(1);
    // record() chained the cast after the entry before it, as it chains after the seed's.
    const { rows: entries } = await conn.query(
      `select e.*, (select hash from audit_entries p where p.seq < e.seq order by p.seq desc limit 1) as before
         from audit_entries e where e.action = 'ballot.cast' and e.actor_user_id = $1 and e.data->>'proposalId' = $2`,
      [r.user_id, r.proposal_id],
    );
    expect(entries).toHaveLength(1);
    const e = entries[0] as { occurred_at: Date; actor_user_id: string; organisation_id: string; action: string; entity_type: string; entity_id: string; data: Record<string, unknown>; prev_hash: string; hash: string; before: string };
    expect(e.prev_hash).toBe(e.before);
    const fields = { occurredAt: new Date(e.occurred_at), actorUserId: e.actor_user_id, organisationId: e.organisation_id, action: e.action, entityType: e.entity_type, entityId: e.entity_id, data: e.data };
    expect(entryHash(e.prev_hash, fields)).toBe(e.hash);
  });

  it("publishes results the application's own count reproduces, with one receipt per ballot of the version", async () => {
    const db = await testDb();
    const { rows: published } = await conn.query(
      `select r.call_id, r.version, r.fingerprint, r.ballot_count, r.ranking,
              (select count(*)::int from call_result_receipts x where x.call_id = r.call_id and x.version = r.version) as receipts,
              (select count(*)::int from ballots b where b.call_id = r.call_id) as ballots
         from call_results r join calls c on c.id = r.call_id join coalitions co on co.id = c.coalition_id where co.slug like $1`,
      [`distretto-${seed}-%`],
    );
    expect(published.length).toBeGreaterThan(0);
    for (const r of published as { call_id: string; fingerprint: string; ballot_count: number; ranking: unknown; receipts: number; ballots: number }[]) {
      expect(r.receipts).toBe(r.ballots);
      expect(r.ballot_count).toBe(r.ballots);
      const [call] = await db.select().from(callsTable).where(eq(callsTable.id, r.call_id));
      const count = await countCall(db, call);
      expect(count.fingerprint).toBe(r.fingerprint);
      expect(count.ballotCount).toBe(r.ballot_count);
      expect(JSON.parse(JSON.stringify(toEntries(count.allocation)))).toEqual(r.ranking);
    }
    // The two ballot calls stay unpublished.
    expect(await one("select count(*)::int n from call_results r join calls c on c.id = r.call_id join coalitions co on co.id = c.coalition_id where co.slug = $1 and c.voting_method = 'score' and c.budget_cents = 5000000000", [`distretto-${seed}-1`])).toBe(0);
  });

  it("stores each document's blob under the SHA-256 of its bytes, and submission snapshots the application rebuilds byte for byte", async () => {
    const db = await testDb();
    const scope = "join users u on u.id = d.uploaded_by where u.email like $1";
    const mine = `%.s${seed}@scala.tavolo.test`;
    expect(await one(`select count(*)::int n from documents d ${scope}`, [mine])).toBeGreaterThan(0);
    expect(await one(`select count(*)::int n from documents d left join file_blobs b on b.sha256 = d.sha256 ${scope} and (b.sha256 is null or encode(sha256(b.content), 'hex') <> d.sha256 or b.size_bytes <> d.size_bytes)`, [mine])).toBe(0);
    const { rows: snaps } = await conn.query(
      `select s.proposal_id, s.reference, s.submitted_at, s.proposal_version, s.canonical from proposal_submissions s join users u on u.id = s.submitted_by where u.email like $1`,
      [mine],
    );
    expect(snaps.length).toBeGreaterThan(0);
    for (const s of snaps as { proposal_id: string; reference: string; submitted_at: Date; proposal_version: number; canonical: string }[]) {
      const rebuilt = await buildCanonical(db, s.proposal_id, { reference: s.reference, submittedAt: new Date(s.submitted_at), proposalVersion: s.proposal_version });
      expect(canonicalJson(rebuilt)).toBe(s.canonical);
    }
  });

  it("gives a submitted proposal's lead its receipt PDF, and each published version its ranking PDF with the anchor of its publication", async () => {
    const db = await testDb();
    const { rows } = await conn.query(
      `select p.id, u.id as user_id, u.email, u.name from proposals p join proposal_submissions s on s.proposal_id = p.id
         join users u on u.id = s.submitted_by where u.email like $1 order by p.reference limit 1`,
      [`%.s${seed}@scala.tavolo.test`],
    );
    const lead = rows[0] as { id: string; user_id: string; email: string; name: string };
    const receipt = await submissionPdf(db, { userId: lead.user_id, email: lead.email, name: lead.name, isPlatformAdmin: false }, lead.id, "receipt", "it");
    expect(Buffer.from(receipt!.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    const { rows: published } = await conn.query(
      `select r.call_id, a.hash, (select e.hash from audit_entries e where e.action = 'call.results_published' and e.entity_id = r.call_id::text) as entry_hash
         from call_results r join calls c on c.id = r.call_id join coalitions co on co.id = c.coalition_id
         left join audit_anchors a on a.entity_id = r.call_id::text and a.version = r.version and a.action = 'call.results_published'
        where co.slug like $1`,
      [`distretto-${seed}-%`],
    );
    expect(published.length).toBeGreaterThan(0);
    for (const r of published as { call_id: string; hash: string | null; entry_hash: string }[]) {
      expect(r.hash).toBe(r.entry_hash);
      const pdf = await rankingPdf(db, r.call_id, 1, "en");
      expect(Buffer.from(pdf!.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    }
  });

  it("holds grants only for funded proposals' accepted partners, paid = the tranches ≤ granted", async () => {
    const slug = `distretto-${seed}-%`;
    const from = "from grants g join calls c on c.id = g.call_id join coalitions co on co.id = c.coalition_id where co.slug like $1";
    expect(await one(`select count(*)::int n ${from}`, [slug])).toBeGreaterThan(0);
    expect(await one(`select count(*)::int n ${from} and not exists (select 1 from proposals p where p.id = g.proposal_id and p.status = 'selected')`, [slug])).toBe(0);
    expect(
      await one(`select count(*)::int n ${from} and not exists (select 1 from proposal_partners pp where pp.proposal_id = g.proposal_id and pp.organisation_id = g.organisation_id and pp.status = 'accepted')`, [slug]),
    ).toBe(0);
    expect(await one(`select count(*)::int n ${from} and (g.paid_cents > g.granted_cents or g.paid_cents <> (select coalesce(sum(t.amount_cents), 0) from tranches t where t.grant_id = g.id))`, [slug])).toBe(0);
  });

  it("refuses a database that already holds data unless forced", async () => {
    await expect(seedScale(conn, { spec, seed: seed + 1 })).rejects.toThrow(NotEmptyError);
    await expect(seedScale(conn, { spec, seed: seed + 1 })).rejects.toThrow(/already holds data/);
  });
});
