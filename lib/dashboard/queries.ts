import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { phaseCondition } from "@/lib/calls/browse";
import { publicPhases, type PublicPhase } from "@/lib/calls/browse-params";
import { organisationKinds } from "@/lib/organisations/schemas";

/**
 * A coalition's public dashboard (issue 12, item 5): every figure is an SQL aggregate
 * (GROUP BY in PostgreSQL, sums cast to bigint and read back as exact integers), so nothing
 * is summed in JavaScript over rows the page does not show.
 *
 * What counts as public, and why the totals agree with the other pages:
 * - members: every member organisation (as the coalition's page and the organisations dataset list them);
 * - calls: every call that is not a draft, in its phase at the instant asked (lib/calls/browse.ts
 *   phaseCondition, the same condition as the /calls filter);
 * - funded projects: the latest published results of each call, the entries allocated (the results page);
 * - pact grants: every grant of the coalition's calls, as the open-data grants dataset exposes
 *   them: granted, revoked, granted net of revocations, paid (the tranches' sum, kept on the grant);
 * - incentive applications on the coalition's proposals: only those an authority granted (a
 *   grant date, or a granted / closed / revoked state) — an application that was never granted
 *   is the firm's own business and stays out. Net granted counts only while granted or closed,
 *   paid is what was received: the promoters' funding view's definitions
 *   (lib/incentives/coalition-funding.ts), so its totals are the same to the cent.
 * - years: the concession date (the act's date, a Rome calendar day; before the act is
 *   recorded, the day the grant was made, in Rome) or the application's grant date.
 */

export const FUNDED_PROJECTS_SHOWN = 50;

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A bigint sum as PostgreSQL returns it (text) → an exact JavaScript integer (money has a ceiling far below 2^53). */
export function exactCents(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "number" ? value : Number(BigInt(value));
  if (!Number.isSafeInteger(n)) throw new Error(`Amount out of the exact range: ${String(value)}`);
  return n;
}

export type OrganisationKind = (typeof organisationKinds)[number];
export type MembersByKind = { kind: OrganisationKind; promoters: number; members: number; observers: number; total: number };

/** Member organisations by kind, split by role (one GROUP BY; at most kinds × roles rows). */
export async function membersByKind(db: Db | Tx, coalitionId: string): Promise<{ rows: MembersByKind[]; total: number }> {
  const raw = rowsOf<{ kind: string; promoters: number; members: number; observers: number; total: number }>(
    await db.execute(sql`
      select o.kind::text as kind,
             count(*) filter (where cm.role = 'promoter')::int as promoters,
             count(*) filter (where cm.role = 'member')::int as members,
             count(*) filter (where cm.role = 'observer')::int as observers,
             count(*)::int as total
      from coalition_members cm join organisations o on o.id = cm.organisation_id
      where cm.coalition_id = ${coalitionId}
      group by o.kind`),
  );
  const byKind = new Map(raw.map((r) => [r.kind, r]));
  const rows = organisationKinds
    .filter((kind) => byKind.has(kind))
    .map((kind) => {
      const r = byKind.get(kind)!;
      return { kind, promoters: Number(r.promoters), members: Number(r.members), observers: Number(r.observers), total: Number(r.total) };
    });
  const [t] = rowsOf<{ total: number }>(await db.execute(sql`select count(*)::int as total from coalition_members where coalition_id = ${coalitionId}`));
  return { rows, total: Number(t?.total ?? 0) };
}

export type CallsByPhase = { phase: PublicPhase; calls: number; budgetCents: number };

/** The coalition's public calls (not drafts) by phase at `at`, with their budgets: one aggregate with a filter per phase. */
export async function callsByPhase(db: Db | Tx, coalitionId: string, at: Date): Promise<{ rows: CallsByPhase[]; total: number; budgetCents: number }> {
  const columns = sql.join(
    publicPhases.map((phase) => sql`count(*) filter (where ${phaseCondition(phase, at)})::int as ${sql.identifier(`n_${phase}`)},
      coalesce(sum(calls.budget_cents) filter (where ${phaseCondition(phase, at)}), 0)::bigint as ${sql.identifier(`b_${phase}`)}`),
    sql`, `,
  );
  const [r] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select ${columns}, count(*)::int as total, coalesce(sum(calls.budget_cents), 0)::bigint as budget
      from calls where calls.coalition_id = ${coalitionId} and calls.status <> 'draft'`),
  );
  return {
    rows: publicPhases.map((phase) => ({ phase, calls: Number(r[`n_${phase}`]), budgetCents: exactCents(r[`b_${phase}`]) })),
    total: Number(r.total),
    budgetCents: exactCents(r.budget),
  };
}

export type FundedProject = {
  callId: string;
  callTitle: string;
  proposalId: string;
  reference: string | null;
  title: string;
  leadName: string;
  partners: string[];
  allocatedCents: number;
  rank: number;
  /** ISO instant (the figures are cached as JSON). */
  publishedAt: string;
};

/** The allocated entries of each call's latest published results (the results page's version). */
function fundedEntries(coalitionId: string): SQL {
  return sql`
    select c.id as call_id, c.title as call_title, cr.published_at, e.entry, e.ord
    from calls c
    join lateral (select * from call_results r where r.call_id = c.id order by r.version desc limit 1) cr on true
    cross join lateral jsonb_array_elements(cr.ranking) with ordinality as e(entry, ord)
    where c.coalition_id = ${coalitionId} and c.status <> 'draft' and e.entry->>'outcome' = 'allocated'`;
}

/**
 * The funded projects (newest results first, then by rank), at most FUNDED_PROJECTS_SHOWN,
 * each with its lead and accepted partners; plus how many there are and their allocation in all.
 */
export async function fundedProjects(db: Db | Tx, coalitionId: string, limit = FUNDED_PROJECTS_SHOWN) {
  const rows = rowsOf<{
    call_id: string;
    call_title: string;
    published_at: string | Date;
    proposal_id: string;
    reference: string | null;
    title: string;
    lead_name: string;
    partners: string[] | null;
    allocated_cents: string | number;
    rank: number;
  }>(
    await db.execute(sql`
      select f.call_id, f.call_title, f.published_at, p.id as proposal_id, p.reference, f.entry->>'title' as title,
             lo.legal_name as lead_name, (f.entry->>'allocatedCents')::bigint as allocated_cents, (f.entry->>'rank')::int as rank,
             (select array_agg(o.legal_name order by o.legal_name) from proposal_partners pp join organisations o on o.id = pp.organisation_id
               where pp.proposal_id = p.id and pp.status = 'accepted' and pp.organisation_id <> p.lead_organisation_id) as partners
      from (${fundedEntries(coalitionId)}) f
      join proposals p on p.id = (f.entry->>'proposalId')::uuid
      join organisations lo on lo.id = p.lead_organisation_id
      order by f.published_at desc, f.call_id, f.ord
      limit ${limit}`),
  );
  const [t] = rowsOf<{ count: number; allocated: string }>(
    await db.execute(sql`select count(*)::int as count, coalesce(sum((f.entry->>'allocatedCents')::bigint), 0)::bigint as allocated from (${fundedEntries(coalitionId)}) f`),
  );
  const projects: FundedProject[] = rows.map((r) => ({
    callId: r.call_id,
    callTitle: r.call_title,
    proposalId: r.proposal_id,
    reference: r.reference,
    title: r.title,
    leadName: r.lead_name,
    partners: r.partners ?? [],
    allocatedCents: exactCents(r.allocated_cents),
    rank: Number(r.rank),
    publishedAt: new Date(r.published_at).toISOString(),
  }));
  return { projects, count: Number(t.count), allocatedCents: exactCents(t.allocated) };
}

/**
 * Every public grant of money to the coalition's projects, one row each: `programme_key`
 * "pact" or the programme's id; granted, revoked, net and paid in cents; the year in Rome.
 */
function publicMoney(coalitionId: string): SQL {
  return sql`
    select 'pact'::text as programme_key, null::text as programme_name,
           coalesce(extract(year from g.act_date), extract(year from g.created_at at time zone 'Europe/Rome'))::int as year,
           g.granted_cents as granted, g.revoked_cents as revoked, (g.granted_cents - g.revoked_cents) as net, g.paid_cents as paid
    from grants g join calls c on c.id = g.call_id
    where c.coalition_id = ${coalitionId}
    union all
    select a.programme_id::text, ip.name,
           coalesce(extract(year from a.granted_on), extract(year from a.updated_at at time zone 'Europe/Rome'))::int,
           coalesce(a.granted_cents, 0),
           coalesce(a.granted_cents, 0) - (case when a.status in ('granted', 'closed') then coalesce(a.granted_cents, 0) else 0 end),
           case when a.status in ('granted', 'closed') then coalesce(a.granted_cents, 0) else 0 end,
           a.disbursed_cents
    from incentive_applications a
    join incentive_programmes ip on ip.id = a.programme_id
    join proposals p on p.id = a.proposal_id
    join calls c on c.id = p.call_id
    where c.coalition_id = ${coalitionId} and c.status <> 'draft'
      and (a.granted_on is not null or a.status in ('granted', 'closed', 'revoked'))`;
}

export type MoneyFigures = { grants: number; grantedCents: number; revokedCents: number; netCents: number; paidCents: number };
export type MoneyByProgramme = MoneyFigures & { programme: "pact" | string; name: string | null };
export type MoneyByYear = MoneyFigures & { year: number };

/** The public money by programme, by year and in all: one query with grouping sets. */
export async function publicMoneyFigures(db: Db | Tx, coalitionId: string): Promise<{ byProgramme: MoneyByProgramme[]; byYear: MoneyByYear[]; total: MoneyFigures }> {
  const rows = rowsOf<{
    programme_key: string | null;
    programme_name: string | null;
    year: number | null;
    /** 1 when the row sums over every programme (the by-year rows and the total). */
    all_programmes: number;
    /** 1 when the row sums over every year (the by-programme rows and the total). */
    all_years: number;
    n: number;
    granted: string;
    revoked: string;
    net: string;
    paid: string;
  }>(
    await db.execute(sql`
      select m.programme_key, max(m.programme_name) as programme_name, m.year,
             grouping(m.programme_key)::int as all_programmes, grouping(m.year)::int as all_years,
             count(*)::int as n, coalesce(sum(m.granted), 0)::bigint as granted, coalesce(sum(m.revoked), 0)::bigint as revoked,
             coalesce(sum(m.net), 0)::bigint as net, coalesce(sum(m.paid), 0)::bigint as paid
      from (${publicMoney(coalitionId)}) m
      group by grouping sets ((m.programme_key), (m.year), ())
      order by m.year nulls last, (m.programme_key = 'pact') desc, max(m.programme_name)`),
  );
  const figures = (r: (typeof rows)[number]): MoneyFigures => ({
    grants: Number(r.n),
    grantedCents: exactCents(r.granted),
    revokedCents: exactCents(r.revoked),
    netCents: exactCents(r.net),
    paidCents: exactCents(r.paid),
  });
  const byProgramme = rows.filter((r) => Number(r.all_years) === 1 && Number(r.all_programmes) === 0).map((r) => ({ programme: r.programme_key!, name: r.programme_name, ...figures(r) }));
  const byYear = rows.filter((r) => Number(r.all_programmes) === 1 && Number(r.all_years) === 0).map((r) => ({ year: Number(r.year), ...figures(r) }));
  const all = rows.find((r) => Number(r.all_programmes) === 1 && Number(r.all_years) === 1);
  return { byProgramme, byYear, total: all ? figures(all) : { grants: 0, grantedCents: 0, revokedCents: 0, netCents: 0, paidCents: 0 } };
}

/** Everything the dashboard shows that only a decision changes (cached per coalition; the calls' phases move with the clock and are read apart). */
export async function dashboardFigures(db: Db | Tx, coalitionId: string) {
  const [members, funded, money] = await Promise.all([membersByKind(db, coalitionId), fundedProjects(db, coalitionId), publicMoneyFigures(db, coalitionId)]);
  return { members, funded, money };
}
export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>;
