import { randomInt } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentDriver } from "@/db/client";
import { entryHash, verifyChain } from "@/lib/audit";
import { verifyPassword } from "@/lib/auth/password";
import { setClock } from "@/lib/clock";
import { castBallot } from "@/lib/voting/service";
import { ChainCheckCache } from "@/lib/audittrail/verification";
import { testDb } from "@/test/db";
import { chainEntries, GENESIS } from "./chain";
import { BASE_TIME, ballotCount, createWorld, PHASES, SCALE_PASSWORD, SIZES, type AuditDraft, type PhaseOutput, type Row } from "./generate";
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
    expect(count("ballots")).toBe(ballotCount(spec));
    expect(ballotCount(SIZES.full)).toBe(220_000);
    const calls = a.tables.get("calls")!;
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
    const admissible = new Set(a.tables.get("proposals")!.filter((p) => p.status === "admissible").map((p) => p.id));
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
    const marked = new Map(a.chained.entries.filter((e) => e.action === "proposal.admissibility_marked").map((e) => [e.entityId, e.occurredAt.getTime()]));
    expect(marked.size).toBe(spec.bigCall.proposals + spec.smallCall.proposals);
    for (const p of a.tables.get("proposals")!) {
      expect((p.updated_at as Date).getTime()).toBeGreaterThanOrEqual((p.created_at as Date).getTime());
      if (marked.has(p.id as string)) expect((p.updated_at as Date).getTime()).toBe(marked.get(p.id as string));
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
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
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
    expect(await one("select count(*)::int n from ballots b join calls c on c.id = b.call_id join coalitions co on co.id = c.coalition_id where co.slug like $1", [slug])).toBe(ballotCount(spec));
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

  it("refuses a database that already holds data unless forced", async () => {
    await expect(seedScale(conn, { spec, seed: seed + 1 })).rejects.toThrow(NotEmptyError);
    await expect(seedScale(conn, { spec, seed: seed + 1 })).rejects.toThrow(/already holds data/);
  });
});
