import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { applicationStatus, coalitions, grantStatus } from "@/db/schema";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { romeDate } from "./application-machine";

/**
 * The promoter's view of the money a coalition's projects brought in (issue 11, item 8):
 * every grant of the pact (from the coalition's calls) and every incentive application
 * linked to a proposal of one of its calls, filtered by programme, status and firm, with
 * the totals as SQL aggregates over the same filtered rows. Promoters of the coalition
 * (its representatives) and platform admins read it; anyone else is told "not found".
 *
 * What the figures mean, row by row:
 * - requested: a pact grant's granted share (what the call funded of the request); an
 *   application's requested aid. The total leaves out withdrawn and rejected applications.
 * - granted: a pact grant's granted minus revoked; an application's granted aid, counted in
 *   the total only while granted or closed (as the firm's desk counts it).
 * - paid: the tranches paid (grants) or the payments recorded (applications).
 */

export const COALITION_FUNDING_PAGE_SIZE = 50;
/** Pages past this one are refused as not there: the list is bounded, never an open-ended offset. */
export const COALITION_FUNDING_MAX_PAGE = 200;
/** The CSV holds at most this many rows (well above any coalition's portfolio). */
export const COALITION_FUNDING_CSV_LIMIT = 10_000;

export const fundingRowStatuses = [...new Set<string>([...grantStatus.enumValues, ...applicationStatus.enumValues])] as readonly string[];

export type CoalitionFundingFilters = {
  /** "pact" for the coalition's own grants, a programme id for the applications to it. */
  programme?: string;
  status?: string;
  organisationId?: string;
  page: number;
};

const filtersSchema = {
  programme: z.union([z.literal("pact"), z.uuid()]),
  status: z.string().refine((s) => fundingRowStatuses.includes(s)),
  organisationId: z.uuid(),
  page: z.coerce.number().int().min(1).max(COALITION_FUNDING_MAX_PAGE),
};

/** Filters from URL parameters: anything unknown or malformed is dropped (page 1, no filter). */
export function parseCoalitionFundingFilters(query: Record<string, string | string[] | undefined>): CoalitionFundingFilters {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const pick = <T>(schema: z.ZodType<T>, v: string | undefined) => {
    const r = schema.safeParse(v);
    return r.success ? r.data : undefined;
  };
  return {
    programme: pick(filtersSchema.programme, one(query.programme)),
    status: pick(filtersSchema.status, one(query.status)),
    organisationId: pick(filtersSchema.organisationId, one(query.firm)),
    page: pick(filtersSchema.page, one(query.page)) ?? 1,
  };
}

/** The coalition, for its promoters and platform admins; NOT_FOUND for everyone else (and for a coalition that does not exist). */
export async function requireCoalitionFundingReader(db: Db, actor: Actor | null, slug: string) {
  const who = requireActor(actor);
  const [coalition] = await db.select({ id: coalitions.id, slug: coalitions.slug, name: coalitions.name }).from(coalitions).where(eq(coalitions.slug, slug));
  if (!coalition) throw new AppError("NOT_FOUND", "coalitionNotFound");
  if (!who.isPlatformAdmin && !(await isCoalitionPromoter(db, who, coalition.id))) throw new AppError("NOT_FOUND", "coalitionNotFound");
  return coalition;
}

export type CoalitionFundingRow = {
  kind: "grant" | "application";
  id: string;
  programmeId: string | null;
  programmeName: string | null;
  organisationId: string;
  organisationName: string;
  title: string;
  proposalId: string | null;
  reference: string | null;
  status: string;
  requestedCents: number;
  grantedCents: number | null;
  paidCents: number;
  finalReportDueOn: string | null;
  isLate: boolean;
};

export type CoalitionFundingTotals = { requestedCents: number; grantedCents: number; paidCents: number; count: number; grants: number; applications: number; late: number };

type RawRow = {
  kind: "grant" | "application";
  id: string;
  programme_id: string | null;
  programme_name: string | null;
  organisation_id: string;
  organisation_name: string;
  title: string;
  proposal_id: string | null;
  reference: string | null;
  status: string;
  requested_cents: string | number;
  counts_requested: boolean;
  granted_cents: string | number | null;
  counted_granted_cents: string | number;
  paid_cents: string | number;
  final_report_due_on: string | Date | null;
  is_late: boolean;
};

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const dateText = (d: string | Date | null) => (d === null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : d.slice(0, 10));

/** Every funding row of the coalition, as one SQL relation (grants of its calls, applications on its calls' proposals). */
function fundingRows(coalitionId: string, today: string): SQL {
  return sql`
    select 'grant'::text as kind, g.id, null::uuid as programme_id, null::text as programme_name,
           g.organisation_id, o.legal_name as organisation_name, p.title, p.id as proposal_id, p.reference, g.status::text as status,
           g.granted_cents as requested_cents, true as counts_requested,
           (g.granted_cents - g.revoked_cents) as granted_cents, (g.granted_cents - g.revoked_cents) as counted_granted_cents,
           g.paid_cents, g.final_report_due_on,
           (g.status in ('granted', 'in_progress') and g.final_report_due_on is not null and g.final_report_due_on < ${today}::date) as is_late
    from grants g
    join calls c on c.id = g.call_id
    join organisations o on o.id = g.organisation_id
    join proposals p on p.id = g.proposal_id
    where c.coalition_id = ${coalitionId}
    union all
    select 'application'::text, a.id, a.programme_id, ip.name,
           a.organisation_id, o.legal_name, a.title, p.id, p.reference, a.status::text,
           a.requested_cents, a.status not in ('withdrawn', 'rejected'),
           a.granted_cents, case when a.status in ('granted', 'closed') then coalesce(a.granted_cents, 0) else 0 end,
           a.disbursed_cents, a.final_report_due_on,
           (a.status = 'granted' and a.final_report_due_on is not null and a.final_report_due_on < ${today}::date)
    from incentive_applications a
    join incentive_programmes ip on ip.id = a.programme_id
    join organisations o on o.id = a.organisation_id
    join proposals p on p.id = a.proposal_id
    join calls c on c.id = p.call_id
    where c.coalition_id = ${coalitionId}`;
}

function whereOf(filters: Omit<CoalitionFundingFilters, "page">): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.programme === "pact") parts.push(sql`r.kind = 'grant'`);
  else if (filters.programme) parts.push(sql`r.programme_id = ${filters.programme}`);
  if (filters.status) parts.push(sql`r.status = ${filters.status}`);
  if (filters.organisationId) parts.push(sql`r.organisation_id = ${filters.organisationId}`);
  return sql.join(parts, sql` and `);
}

const toRow = (r: RawRow): CoalitionFundingRow => ({
  kind: r.kind,
  id: r.id,
  programmeId: r.programme_id,
  programmeName: r.programme_name,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  title: r.title,
  proposalId: r.proposal_id,
  reference: r.reference,
  status: r.status,
  requestedCents: Number(r.requested_cents),
  grantedCents: r.granted_cents === null ? null : Number(r.granted_cents),
  paidCents: Number(r.paid_cents),
  finalReportDueOn: dateText(r.final_report_due_on),
  isLate: Boolean(r.is_late),
});

async function selectRows(db: Db, coalitionId: string, today: string, filters: Omit<CoalitionFundingFilters, "page">, limit: number, offset: number) {
  const result = await db.execute(sql`
    select r.* from (${fundingRows(coalitionId, today)}) r
    where ${whereOf(filters)}
    order by r.organisation_name, r.kind desc, r.title, r.id
    limit ${limit} offset ${offset}`);
  return rowsOf<RawRow>(result).map(toRow);
}

/** The totals of the filtered rows, as one SQL aggregate. */
export async function coalitionFundingTotals(db: Db, coalitionId: string, filters: Omit<CoalitionFundingFilters, "page">, today = romeDate(now())): Promise<CoalitionFundingTotals> {
  const result = await db.execute(sql`
    select coalesce(sum(r.requested_cents) filter (where r.counts_requested), 0)::bigint as requested,
           coalesce(sum(r.counted_granted_cents), 0)::bigint as granted,
           coalesce(sum(r.paid_cents), 0)::bigint as paid,
           count(*)::int as count,
           count(*) filter (where r.kind = 'grant')::int as grants,
           count(*) filter (where r.kind = 'application')::int as applications,
           count(*) filter (where r.is_late)::int as late
    from (${fundingRows(coalitionId, today)}) r
    where ${whereOf(filters)}`);
  const [t] = rowsOf<{ requested: string; granted: string; paid: string; count: number; grants: number; applications: number; late: number }>(result);
  return {
    requestedCents: Number(t.requested),
    grantedCents: Number(t.granted),
    paidCents: Number(t.paid),
    count: Number(t.count),
    grants: Number(t.grants),
    applications: Number(t.applications),
    late: Number(t.late),
  };
}

/** The programmes and firms present among the coalition's rows, for the filters (bounded). */
async function filterChoices(db: Db, coalitionId: string, today: string) {
  const [programmes, firms] = await Promise.all([
    db.execute(sql`
      select distinct r.programme_id as id, r.programme_name as name from (${fundingRows(coalitionId, today)}) r
      where r.programme_id is not null order by r.programme_name limit 200`),
    db.execute(sql`
      select distinct r.organisation_id as id, r.organisation_name as name from (${fundingRows(coalitionId, today)}) r
      order by r.organisation_name limit 500`),
  ]);
  return { programmes: rowsOf<{ id: string; name: string }>(programmes), firms: rowsOf<{ id: string; name: string }>(firms) };
}

/**
 * One page (50 rows) of the coalition's grants and applications with the filters applied, the
 * totals of all the filtered rows, and the filters' choices. NOT_FOUND unless the actor is a
 * promoter of the coalition or a platform admin.
 */
export async function getCoalitionFunding(db: Db, actor: Actor | null, slug: string, filters: CoalitionFundingFilters) {
  const coalition = await requireCoalitionFundingReader(db, actor, slug);
  const today = romeDate(now());
  const offset = (filters.page - 1) * COALITION_FUNDING_PAGE_SIZE;
  const [rows, totals, choices] = await Promise.all([
    selectRows(db, coalition.id, today, filters, COALITION_FUNDING_PAGE_SIZE + 1, offset),
    coalitionFundingTotals(db, coalition.id, filters, today),
    filterChoices(db, coalition.id, today),
  ]);
  return {
    coalition,
    today,
    rows: rows.slice(0, COALITION_FUNDING_PAGE_SIZE),
    hasNext: rows.length > COALITION_FUNDING_PAGE_SIZE && filters.page < COALITION_FUNDING_MAX_PAGE,
    hasPrevious: filters.page > 1,
    totals,
    ...choices,
  };
}
export type CoalitionFunding = Awaited<ReturnType<typeof getCoalitionFunding>>;

/** Every filtered row (bounded), for the CSV. Same access as the page. */
export async function listCoalitionFundingForCsv(db: Db, actor: Actor | null, slug: string, filters: Omit<CoalitionFundingFilters, "page">) {
  const coalition = await requireCoalitionFundingReader(db, actor, slug);
  const today = romeDate(now());
  const [rows, totals] = await Promise.all([selectRows(db, coalition.id, today, filters, COALITION_FUNDING_CSV_LIMIT, 0), coalitionFundingTotals(db, coalition.id, filters, today)]);
  return { coalition, today, rows, totals };
}
