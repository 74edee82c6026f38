import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * The two database roles.
 *
 *  - The owner owns the tables and runs the migrations (DATABASE_OWNER_URL). It can do
 *    anything to them, including disabling the audit log's append-only trigger: no
 *    running part of Tavolo ever connects as the owner.
 *  - The application role (DATABASE_URL, or POSTGRES_URL on Vercel) reads and writes the
 *    ordinary tables but may only INSERT and SELECT the audit log, its anchors and the
 *    grants' tranches (APPEND_ONLY_TABLES) — the log's INSERT for an entry's content only
 *    (AUDIT_INSERT_COLUMNS) — and seal a pending audit entry (UPDATE of its chain_seq,
 *    prev_hash and hash, once, enforced by the log's trigger); it only reads
 *    READ_ONLY_TABLES (written by the owner's triggers). It owns nothing, so it cannot disable a trigger, change a grant or alter a table.
 *
 * Roles belong to the whole server (cluster), their names to each deployment, so the
 * grants are made here after every migration rather than written into one.
 */

/**
 * Tables that are only ever appended to: the application role gets INSERT and SELECT, nothing else.
 * The audit log and its anchors; and the tranches paid on a grant (issue 11): money paid out is
 * never edited or removed, a mistake is put right by what follows (revocation, recovery).
 */
export const APPEND_ONLY_TABLES = ["audit_entries", "audit_anchors", "tranches"] as const;

/**
 * Tables the application only reads: they are written by triggers running as the owner.
 * ballot_totals, the running totals of the ballots (migrations 0016, 0017): a count changes only
 * with a ballot or a voter behind it.
 */
export const READ_ONLY_TABLES = ["ballot_totals"] as const;

/**
 * The audit log's columns the application may INSERT: an entry's content. Never its number
 * (the sequence gives it), nor its chain position or hashes: an entry is inserted pending and
 * sealed after commit (lib/audit), so the application cannot insert one already "sealed"
 * somewhere (outside the chain walked by the verifiers) or half-sealed (one the sealer cannot
 * seal, which would stop all sealing).
 */
export const AUDIT_INSERT_COLUMNS = ["occurred_at", "actor_user_id", "organisation_id", "action", "entity_type", "entity_id", "data"] as const;

export type RoleSetup =
  | { split: true; owner: string; appRole: string; created: boolean }
  /** The application connects as the owner: the log is protected by its trigger only. */
  | { split: false; owner: string; appRole: string };

type Rows<T> = { rows: T[] };

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as Rows<T>).rows;
}

/** A double-quoted identifier; PostgreSQL takes no bind parameters in GRANT or CREATE ROLE. */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Run as the owner: creates the application role if it is missing (when the owner may
 * create roles; otherwise says what to run), then grants it the ordinary tables and only
 * INSERT and SELECT on the append-only ones. Idempotent.
 * Throws when the application role could act as the owner (a superuser, or a member of
 * the owner's role): the split would then protect nothing.
 */
export async function setUpAppRole(db: Db, app: { name: string; password?: string }): Promise<RoleSetup> {
  const [me] = await rows<{ owner: string; can_create: boolean }>(
    db,
    sql`select current_user as owner, (rolsuper or rolcreaterole) as can_create from pg_roles where rolname = current_user`,
  );
  if (app.name === me.owner) return { split: false, owner: me.owner, appRole: app.name };

  const role = ident(app.name);
  let created = false;
  const [existing] = await rows<{ rolsuper: boolean }>(db, sql`select rolsuper from pg_roles where rolname = ${app.name}`);
  if (!existing) {
    if (!me.can_create) {
      throw new Error(
        `The application role ${app.name} does not exist and ${me.owner} may not create roles. As a superuser run: ` +
          `CREATE ROLE ${role} LOGIN PASSWORD '…'; then migrate again.`,
      );
    }
    await db.execute(sql.raw(`create role ${role} login${app.password ? ` password ${literal(app.password)}` : ""}`));
    created = true;
  } else {
    const [member] = await rows<{ is_member: boolean }>(db, sql`select pg_has_role(${app.name}, current_user, 'MEMBER') as is_member`);
    if (existing.rolsuper || member.is_member) {
      throw new Error(`The application role ${app.name} is a superuser or a member of ${me.owner}: it could rewrite the audit log. Use a plain LOGIN role.`);
    }
  }

  const statements = [
    `grant usage on schema public to ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    // Tables the owner creates later (future migrations) get the same grants without a step here…
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
    `alter default privileges in schema public grant usage, select on sequences to ${role}`,
    // …and the append-only ones lose everything but INSERT and SELECT, each time this runs.
    `revoke update, delete, truncate, references, trigger on ${APPEND_ONLY_TABLES.join(", ")} from ${role}`,
    // …but for sealing: an audit entry is inserted pending and sealed into the chain after its
    // commit (lib/audit sealPending). Only these three columns, and the log's trigger lets them
    // be set once, on a pending entry (migration 0015): a sealed entry never changes.
    `grant update (chain_seq, prev_hash, hash) on audit_entries to ${role}`,
    // …and the log's INSERT is for the content only: a pending entry, numbered by the sequence.
    `revoke insert on audit_entries from ${role}`,
    `grant insert (${AUDIT_INSERT_COLUMNS.join(", ")}) on audit_entries to ${role}`,
    // Read-only tables: written by the owner's triggers.
    `revoke insert, update, delete, truncate, references, trigger on ${READ_ONLY_TABLES.join(", ")} from ${role}`,
  ];
  // One transaction: the application role never holds UPDATE on the log's content, not even between two statements.
  await db.transaction(async (tx) => {
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
  return { split: true, owner: me.owner, appRole: app.name, created };
}

/** Whether the role the given handle uses could change or remove audit entries (for audit:verify's report). */
export async function canRewriteAuditLog(db: Db): Promise<{ role: string; canRewrite: boolean }> {
  const [row] = await rows<{ role: string; can_rewrite: boolean }>(
    db,
    sql`select current_user as role,
          pg_has_role(current_user, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_entries'), 'USAGE')
          or has_table_privilege('public.audit_entries', 'UPDATE')
          or has_column_privilege('public.audit_entries', 'data', 'UPDATE')
          or has_table_privilege('public.audit_entries', 'DELETE')
          or has_table_privilege('public.audit_entries', 'TRUNCATE') as can_rewrite`,
  );
  return { role: row.role, canRewrite: row.can_rewrite };
}
