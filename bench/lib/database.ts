/**
 * The benchmark's own database: dropped and created fresh, migrated as the owner, filled
 * with the scale seed (npm run seed:scale); then the ids, slugs and people the pages need,
 * read back from it.
 */
import path from "node:path";
import pg from "pg";
import { run } from "./server";

export type Urls = { owner: string; app: string; name: string };

/** The bench database's URLs: the configured server and roles (DATABASE_OWNER_URL, DATABASE_URL), another database name. */
export function benchUrls(env: NodeJS.ProcessEnv): Urls {
  const name = env.BENCH_DATABASE || "tavolo_bench";
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE must be a plain lower-case name, not ${name}`);
  const withName = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const owner = env.DATABASE_OWNER_URL || env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const app = env.DATABASE_URL || "postgres://tavolo_app@127.0.0.1:5432/postgres";
  return { owner: withName(owner), app: withName(app), name };
}

export async function recreateDatabase(urls: Urls): Promise<void> {
  await onServer(urls, async (client) => {
    await client.query(`drop database if exists ${urls.name} with (force)`);
    await client.query(`create database ${urls.name}`);
  });
}

/** The seeded database kept for --reuse-seed: a template copied in seconds instead of seeding again. */
export function templateName(urls: Urls, size: "full" | "small"): string {
  return `${urls.name}_seed_${size}`;
}

async function onServer<T>(urls: Urls, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(urls.owner);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function saveTemplate(urls: Urls, size: "full" | "small"): Promise<void> {
  const template = templateName(urls, size);
  await onServer(urls, async (client) => {
    await client.query(`drop database if exists ${template} with (force)`);
    await client.query(`create database ${template} template ${urls.name}`);
  });
}

/** The bench database, fresh, as a copy of the kept seeded one. */
export async function restoreTemplate(urls: Urls, size: "full" | "small"): Promise<void> {
  const template = templateName(urls, size);
  await onServer(urls, async (client) => {
    const { rows } = await client.query(`select 1 from pg_database where datname = $1`, [template]);
    if (rows.length === 0) throw new Error(`--reuse-seed: no seeded database ${template} kept yet; run the bench once without --reuse-seed`);
    await client.query(`drop database if exists ${urls.name} with (force)`);
    await client.query(`create database ${urls.name} template ${template}`);
  });
}

const tsx = path.join("node_modules", ".bin", "tsx");

export async function migrateAndSeed(urls: Urls, size: "full" | "small", seed: boolean): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: urls.app, DATABASE_OWNER_URL: urls.owner };
  delete env.POSTGRES_URL;
  delete env.PGLITE_DIR;
  await run(tsx, ["scripts/migrate.ts"], env, "migrate");
  if (seed) await run(tsx, ["scripts/seed-scale.ts", "--size", size], env, "seed:scale");
}

export type Fixtures = {
  coalition: { id: string; slug: string; members: number };
  bigCall: { id: string; ballots: number; proposals: number; votingMethod: "score" | "approval" };
  proposalId: string;
  promoter: { email: string };
  voter: { email: string; organisationId: string };
};

/** What the pages need, from the seeded data: the largest coalition, the call with most ballots, its promoter and a voter. */
export async function readFixtures(client: pg.Client): Promise<Fixtures> {
  const one = async <T>(text: string, params: unknown[] = []): Promise<T> => {
    const { rows } = await client.query(text, params);
    if (rows.length === 0) throw new Error(`the scale seed is missing: no row for ${text.replace(/\s+/g, " ").slice(0, 80)}…`);
    return rows[0] as T;
  };
  const call = await one<{ call_id: string; ballots: number }>(`select call_id, count(*)::int as ballots from ballots group by call_id order by 2 desc limit 1`);
  const info = await one<{ coalition_id: string; slug: string; voting_method: "score" | "approval"; proposals: number; members: number }>(
    `select c.coalition_id, co.slug, c.voting_method,
            (select count(*)::int from proposals p where p.call_id = c.id) as proposals,
            (select count(*)::int from coalition_members m where m.coalition_id = c.coalition_id) as members
     from calls c join coalitions co on co.id = c.coalition_id where c.id = $1`,
    [call.call_id],
  );
  const proposal = await one<{ id: string }>(`select id from proposals where call_id = $1 order by reference limit 1`, [call.call_id]);
  const promoter = await one<{ email: string }>(
    `select u.email from coalitions co
     join organisation_members om on om.organisation_id = co.promoter_organisation_id and om.role = 'admin'
     join users u on u.id = om.user_id where co.id = $1 order by u.email limit 1`,
    [info.coalition_id],
  );
  // A representative of a voting organisation that has voted: the voting page shows its choices.
  const voter = await one<{ email: string; organisation_id: string }>(
    `select u.email, v.organisation_id from call_voters v
     join organisation_members om on om.organisation_id = v.organisation_id and om.is_representative
     join users u on u.id = om.user_id
     where v.call_id = $1 and v.removed_at is null and exists (select 1 from ballots b where b.call_id = v.call_id and b.organisation_id = v.organisation_id)
     order by u.email limit 1`,
    [call.call_id],
  );
  return {
    coalition: { id: info.coalition_id, slug: info.slug, members: info.members },
    bigCall: { id: call.call_id, ballots: call.ballots, proposals: info.proposals, votingMethod: info.voting_method },
    proposalId: proposal.id,
    promoter,
    voter: { email: voter.email, organisationId: voter.organisation_id },
  };
}
