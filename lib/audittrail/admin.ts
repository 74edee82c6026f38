import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { auditEntries, calls, coalitions, grants, organisations, proposals, users } from "@/db/schema";
import { isTransaction } from "@/lib/audit";
import { sealSoon } from "@/lib/audit/after-commit";
import { auditActions } from "@/lib/audit/events";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { romeLocalToUtc } from "@/lib/time";

/**
 * The whole audit log for platform admins (issue 12, item 8): filtered by coalition, actor,
 * organisation, action and Rome days, newest first, keyset on the entries' insertion number (seq); the same
 * filters stream the CSV export in bounded batches. Anyone else: NOT_FOUND.
 */

export const ADMIN_PAGE_SIZE = 50;
export const EXPORT_BATCH = 1000;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);

export const auditLogFiltersSchema = z.object({
  coalition: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  actor: z.preprocess(blankToUndefined, z.string().max(254).optional()),
  organisation: z.preprocess(blankToUndefined, z.string().uuid().optional()),
  action: z.preprocess(blankToUndefined, z.enum(auditActions).optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  before: z.preprocess(blankToUndefined, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()),
});
export type AuditLogFilters = z.infer<typeof auditLogFiltersSchema>;

/** Loose query parameters (the page's form, the export's URL) to filters; what does not parse is dropped, never an error page. */
export function parseAuditLogFilters(params: Record<string, string | string[] | undefined>): AuditLogFilters {
  const flat: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(params)) flat[k] = Array.isArray(v) ? v[0] : v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(auditLogFiltersSchema.shape) as (keyof AuditLogFilters)[]) {
    const parsed = auditLogFiltersSchema.shape[key].safeParse(flat[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as AuditLogFilters;
}

function requireAdmin(actor: Actor | null): Actor {
  if (!actor?.isPlatformAdmin) throw new AppError("NOT_FOUND", "notFound");
  return actor;
}

const nextDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

/** The SQL conditions of the filters (the coalition by slug or id: its own entries, and those of its calls, proposals and grants). */
async function conditionsOf(db: Db | Tx, f: AuditLogFilters): Promise<SQL[] | null> {
  const where: SQL[] = [];
  if (f.action) where.push(eq(auditEntries.action, f.action));
  if (f.organisation) where.push(eq(auditEntries.organisationId, f.organisation));
  if (f.from) where.push(gte(auditEntries.occurredAt, romeLocalToUtc(`${f.from}T00:00`)));
  if (f.to) where.push(lt(auditEntries.occurredAt, romeLocalToUtc(`${nextDay(f.to)}T00:00`)));
  if (f.actor) {
    const isId = z.string().uuid().safeParse(f.actor).success;
    const [user] = await db.select({ id: users.id }).from(users).where(isId ? eq(users.id, f.actor) : eq(sql`lower(${users.email})`, f.actor.toLowerCase())).limit(1);
    if (!user) return null;
    where.push(eq(auditEntries.actorUserId, user.id));
  }
  if (f.coalition) {
    const isId = z.string().uuid().safeParse(f.coalition).success;
    const [c] = await db.select({ id: coalitions.id }).from(coalitions).where(isId ? eq(coalitions.id, f.coalition) : eq(coalitions.slug, f.coalition)).limit(1);
    if (!c) return null;
    const callIds = db.select({ id: sql`${calls.id}::text` }).from(calls).where(eq(calls.coalitionId, c.id));
    const proposalIds = db.select({ id: sql`${proposals.id}::text` }).from(proposals).innerJoin(calls, eq(calls.id, proposals.callId)).where(eq(calls.coalitionId, c.id));
    const grantIds = db.select({ id: sql`${grants.id}::text` }).from(grants).innerJoin(calls, eq(calls.id, grants.callId)).where(eq(calls.coalitionId, c.id));
    where.push(
      or(
        and(eq(auditEntries.entityType, "coalition"), eq(auditEntries.entityId, c.id)),
        and(eq(auditEntries.entityType, "call"), inArray(auditEntries.entityId, callIds)),
        and(eq(auditEntries.entityType, "proposal"), inArray(auditEntries.entityId, proposalIds)),
        and(eq(auditEntries.entityType, "grant"), inArray(auditEntries.entityId, grantIds)),
      )!,
    );
  }
  return where;
}

export type AuditLogRow = {
  seq: number;
  occurredAt: Date;
  action: string;
  entityType: string;
  entityId: string;
  actorName: string | null;
  actorEmail: string | null;
  organisationId: string | null;
  organisationName: string | null;
  data: Record<string, unknown>;
  /** Null for an entry committed a moment ago and not yet sealed into the chain (reading seals first, so rarely). */
  hash: string | null;
};

async function selectRows(db: Db | Tx, where: SQL[], before: number | undefined, limit: number): Promise<AuditLogRow[]> {
  const rows = await db
    .select({
      seq: auditEntries.seq,
      occurredAt: auditEntries.occurredAt,
      action: auditEntries.action,
      entityType: auditEntries.entityType,
      entityId: auditEntries.entityId,
      actorName: users.name,
      actorEmail: users.email,
      organisationId: auditEntries.organisationId,
      organisationName: organisations.legalName,
      data: auditEntries.data,
      hash: auditEntries.hash,
    })
    .from(auditEntries)
    .leftJoin(users, eq(users.id, auditEntries.actorUserId))
    .leftJoin(organisations, eq(organisations.id, auditEntries.organisationId))
    .where(and(...where, before ? lt(auditEntries.seq, before) : undefined))
    .orderBy(desc(auditEntries.seq))
    .limit(limit);
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** One page of the log, newest first; `nextBefore` continues it. */
export async function listAuditLog(db: Db | Tx, actor: Actor | null, filters: AuditLogFilters): Promise<{ rows: AuditLogRow[]; nextBefore: number | null }> {
  requireAdmin(actor);
  if (!isTransaction(db)) await sealSoon(db);
  const where = await conditionsOf(db, filters);
  if (!where) return { rows: [], nextBefore: null };
  const rows = await selectRows(db, where, filters.before, ADMIN_PAGE_SIZE + 1);
  const page = rows.slice(0, ADMIN_PAGE_SIZE);
  return { rows: page, nextBefore: rows.length > ADMIN_PAGE_SIZE ? page[page.length - 1].seq : null };
}

/**
 * Every row the filters select, newest first, in keyset batches of EXPORT_BATCH: the export
 * never holds more than one batch. The caller checks the actor first (assertCanExport).
 */
export async function* auditLogBatches(db: Db | Tx, filters: AuditLogFilters, batchSize = EXPORT_BATCH): AsyncGenerator<AuditLogRow[]> {
  if (!isTransaction(db)) await sealSoon(db);
  const where = await conditionsOf(db, filters);
  if (!where) return;
  let before = filters.before;
  for (;;) {
    const rows = await selectRows(db, where, before, batchSize);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1].seq;
  }
}

export function assertCanExport(actor: Actor | null): void {
  requireAdmin(actor);
}

export const AUDIT_CSV_HEADER = ["N.", "Data e ora", "Azione", "Tipo", "Identificativo", "Persona", "E-mail", "Organizzazione", "Dati", "Hash"] as const;
