import { and, arrayOverlaps, asc, desc, eq, inArray, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  coalitionMembers,
  coalitions,
  incentiveProgrammes,
  organisationMembers,
  organisations,
  proposalBudgetLines,
  proposalPartners,
  proposals,
  type IncentiveProgramme,
} from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { isRepresentative, representsOrganisation } from "@/lib/auth/permissions";
import type { Cursor } from "@/lib/calls/browse-params";
import { callThemes } from "@/lib/calls/schemas";
import { now } from "@/lib/clock";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { organisationKinds, sizeClasses } from "@/lib/organisations/schemas";
import { cursorDate } from "@/lib/paging/keyset";
import { aidRegimes, createProgrammeSchema, programmeLevels, updateProgrammeSchema, type ProgrammeFields } from "./programme-schemas";
import { radar, type RadarOrganisation, type SizeClass } from "./radar";

/**
 * The catalogue of incentive programmes (issue 11 item 3). Platform admins keep the global
 * catalogue (coalitionId null); the promoters of a coalition keep its own entries. Everyone,
 * signed in or not, reads the whole catalogue: these are public funding lines.
 */

// ---------------------------------------------------------------- writes

function columnsOf(f: ProgrammeFields, fundsExhaustedAt: Date | null) {
  return {
    name: f.name,
    description: f.description,
    authority: f.authority,
    level: f.level,
    fund: f.fund,
    aidRegime: f.aidRegime,
    gberArticle: f.aidRegime === "gber" ? f.gberArticle : null,
    procedure: f.procedure,
    maxIntensityMicroBp: f.maxIntensityMicro,
    maxIntensitySmallBp: f.maxIntensitySmall,
    maxIntensityMediumBp: f.maxIntensityMedium,
    maxIntensityLargeBp: f.maxIntensityLarge,
    maxIntensityOtherBp: f.maxIntensityOther,
    minEligibleCents: f.minEligible,
    maxEligibleCents: f.maxEligible,
    maxAidCents: f.maxAid,
    applicantKinds: f.applicantKinds,
    atecoSections: f.atecoSections,
    regions: f.regions,
    provinces: f.provinces,
    solutionTypes: f.solutionTypes,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
    fundsExhaustedAt,
    officialUrl: f.officialUrl,
  };
}

type Columns = ReturnType<typeof columnsOf>;

/** The audit's view of a programme: dates as ISO text so before and after compare. */
function auditView(c: Columns): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

/** The promoter organisation the actor acts for in this coalition (the audit names it), or null. */
async function promoterOrganisation(db: Db | Tx, actor: Actor, coalitionId: string): Promise<string | null> {
  const [row] = await db
    .select({ organisationId: coalitionMembers.organisationId })
    .from(coalitionMembers)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
    .where(and(eq(coalitionMembers.coalitionId, coalitionId), eq(coalitionMembers.role, "promoter"), eq(organisationMembers.userId, actor.userId), representsOrganisation()))
    .orderBy(asc(coalitionMembers.organisationId))
    .limit(1);
  return row?.organisationId ?? null;
}

/**
 * Who may edit an entry: the global catalogue's, platform admins; a coalition's, the
 * representatives of its promoter organisations. Returns the organisation the audit names.
 */
async function requireCatalogueEditor(db: Db | Tx, actor: Actor, coalitionId: string | null): Promise<{ organisationId: string | null }> {
  if (coalitionId === null) {
    if (!actor.isPlatformAdmin) throw new AppError("FORBIDDEN", "forbidden");
    return { organisationId: null };
  }
  const organisationId = await promoterOrganisation(db, actor, coalitionId);
  if (!organisationId) throw new AppError("FORBIDDEN", "forbidden");
  return { organisationId };
}

/**
 * Adds a programme to the global catalogue (coalitionId "") or a coalition's. Throws
 * UNAUTHENTICATED, VALIDATION, NOT_FOUND (no such coalition), FORBIDDEN.
 */
export async function createProgramme(db: Db, actor: Actor | null, input: unknown): Promise<{ programmeId: string }> {
  const data = parseInput(createProgrammeSchema, input);
  const who = requireActor(actor);
  const coalitionId = data.coalitionId === "" ? null : data.coalitionId;
  return db.transaction(async (tx) => {
    if (coalitionId) {
      const [c] = await tx.select({ id: coalitions.id }).from(coalitions).where(eq(coalitions.id, coalitionId));
      if (!c) throw new AppError("NOT_FOUND", "coalitionNotFound");
    }
    const { organisationId } = await requireCatalogueEditor(tx, who, coalitionId);
    const columns = columnsOf(data.fields, data.fields.fundsExhausted ? now() : null);
    const [row] = await tx
      .insert(incentiveProgrammes)
      .values({ ...columns, coalitionId, createdBy: who.userId })
      .returning({ id: incentiveProgrammes.id });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "incentive_programme.created",
      entityType: "incentive_programme",
      entityId: row.id,
      data: { coalitionId, after: auditView(columns) },
    });
    return { programmeId: row.id };
  });
}

/**
 * Changes a programme; the audit keeps the fields that changed, before and after. Marking
 * the funds exhausted keeps the first instant it was marked. Throws UNAUTHENTICATED,
 * VALIDATION, NOT_FOUND, FORBIDDEN.
 */
export async function updateProgramme(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(updateProgrammeSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(incentiveProgrammes).where(eq(incentiveProgrammes.id, data.programmeId)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "programmeNotFound");
    const { organisationId } = await requireCatalogueEditor(tx, who, current.coalitionId);
    const columns = columnsOf(data.fields, data.fields.fundsExhausted ? (current.fundsExhaustedAt ?? now()) : null);
    const before = auditView(columnsOf(fieldsOf(current), current.fundsExhaustedAt));
    const after = auditView(columns);
    const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return;
    await tx
      .update(incentiveProgrammes)
      .set({ ...columns, updatedAt: now() })
      .where(eq(incentiveProgrammes.id, current.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "incentive_programme.updated",
      entityType: "incentive_programme",
      entityId: current.id,
      data: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    });
  });
}

/** A stored programme as the form's parsed fields (for the audit's "before" and the edit form). */
export function fieldsOf(p: IncentiveProgramme): ProgrammeFields {
  return {
    name: p.name,
    description: p.description,
    authority: p.authority,
    level: p.level,
    fund: p.fund,
    aidRegime: p.aidRegime,
    gberArticle: p.gberArticle ?? "",
    procedure: p.procedure,
    maxIntensityMicro: p.maxIntensityMicroBp,
    maxIntensitySmall: p.maxIntensitySmallBp,
    maxIntensityMedium: p.maxIntensityMediumBp,
    maxIntensityLarge: p.maxIntensityLargeBp,
    maxIntensityOther: p.maxIntensityOtherBp,
    minEligible: p.minEligibleCents,
    maxEligible: p.maxEligibleCents,
    maxAid: p.maxAidCents,
    applicantKinds: p.applicantKinds as ProgrammeFields["applicantKinds"],
    atecoSections: p.atecoSections as ProgrammeFields["atecoSections"],
    regions: p.regions,
    provinces: p.provinces,
    solutionTypes: p.solutionTypes as ProgrammeFields["solutionTypes"],
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    fundsExhausted: p.fundsExhaustedAt !== null,
    officialUrl: p.officialUrl,
  };
}

// ---------------------------------------------------------------- who may edit

/** The coalitions whose catalogue the actor keeps (as a promoter's representative), by name. */
export async function coalitionsCataloguedBy(db: Db, actor: Actor): Promise<{ id: string; name: string; slug: string }[]> {
  return db
    .selectDistinct({ id: coalitions.id, name: coalitions.name, slug: coalitions.slug })
    .from(coalitions)
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.coalitionId, coalitions.id), eq(coalitionMembers.role, "promoter")))
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
    .where(and(eq(organisationMembers.userId, actor.userId), representsOrganisation()))
    .orderBy(asc(coalitions.name), asc(coalitions.id));
}

/** Whether the actor keeps any part of the catalogue (for the menu and /incentives/manage). */
export async function mayManageCatalogue(db: Db, actor: Actor | null): Promise<boolean> {
  if (!actor) return false;
  return actor.isPlatformAdmin || (await coalitionsCataloguedBy(db, actor)).length > 0;
}

/** Whether the actor may edit this programme (the programme page shows "Edit"). */
export async function mayEditProgramme(db: Db, actor: Actor | null, p: { coalitionId: string | null }): Promise<boolean> {
  if (!actor) return false;
  if (p.coalitionId === null) return actor.isPlatformAdmin;
  return isCoalitionPromoter(db, actor, p.coalitionId);
}

/** The entries the actor may edit: the global ones for platform admins, plus their coalitions'. */
export async function listManageableProgrammes(db: Db, actor: Actor) {
  const mine = (await coalitionsCataloguedBy(db, actor)).map((c) => c.id);
  const where = or(actor.isPlatformAdmin ? isNull(incentiveProgrammes.coalitionId) : undefined, mine.length > 0 ? inArray(incentiveProgrammes.coalitionId, mine) : undefined);
  if (!where) return [];
  return db
    .select({
      id: incentiveProgrammes.id,
      name: incentiveProgrammes.name,
      authority: incentiveProgrammes.authority,
      coalitionName: coalitions.name,
      opensAt: incentiveProgrammes.opensAt,
      closesAt: incentiveProgrammes.closesAt,
      fundsExhaustedAt: incentiveProgrammes.fundsExhaustedAt,
      updatedAt: incentiveProgrammes.updatedAt,
    })
    .from(incentiveProgrammes)
    .leftJoin(coalitions, eq(coalitions.id, incentiveProgrammes.coalitionId))
    .where(where)
    .orderBy(desc(incentiveProgrammes.updatedAt), desc(incentiveProgrammes.id))
    .limit(500);
}

// ---------------------------------------------------------------- public reads

export const programmeStates = ["open", "upcoming", "closed"] as const;
export const PROGRAMME_PAGE_SIZE = 10;

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const cursor = z
  .string()
  .max(100)
  .transform((v, ctx): Cursor => {
    const [iso, id, ...rest] = v.split("_");
    const at = cursorDate(iso);
    if (rest.length > 0 || !at || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: "invalidInput" });
      return z.NEVER;
    }
    return { at: at as Date, id: id as string };
  });

/** /incentives?q=&state=&level=&regime=&kind=&size=&theme=&region=&after=|before= (bad values are dropped). */
export const programmeBrowseParamsSchema = z.object({
  q: optional(
    z
      .string()
      .trim()
      .max(200)
      .transform((v) => v || undefined),
  ),
  state: optional(z.enum(programmeStates)),
  level: optional(z.enum(programmeLevels)),
  regime: optional(z.enum(aidRegimes)),
  kind: optional(z.enum(organisationKinds)),
  size: optional(z.enum(sizeClasses)),
  theme: optional(z.enum(callThemes)),
  region: optional(z.string().regex(/^\d{2}$/)),
  after: optional(cursor),
  before: optional(cursor),
});
export type ProgrammeBrowseParams = z.output<typeof programmeBrowseParamsSchema>;

/** Open until funds run out sorts as the farthest deadline. */
const FAR = new Date("9999-12-31T00:00:00.000Z");
const sortKey = sql`coalesce(${incentiveProgrammes.closesAt}, ${FAR.toISOString()}::timestamptz)`;

const intensityColumn = {
  micro: incentiveProgrammes.maxIntensityMicroBp,
  small: incentiveProgrammes.maxIntensitySmallBp,
  medium: incentiveProgrammes.maxIntensityMediumBp,
  large: incentiveProgrammes.maxIntensityLargeBp,
} as const;

/** radar.ts programmeWindow, as conditions on the rows (open = not exhausted, not closed, started). */
function stateCondition(state: (typeof programmeStates)[number], at: Date): SQL {
  const t = sql`${at.toISOString()}::timestamptz`;
  const exhausted = sql`(${incentiveProgrammes.fundsExhaustedAt} is not null and ${incentiveProgrammes.fundsExhaustedAt} <= ${t})`;
  const closed = sql`(${incentiveProgrammes.closesAt} is not null and ${incentiveProgrammes.closesAt} <= ${t})`;
  const upcoming = sql`(${incentiveProgrammes.opensAt} is not null and ${incentiveProgrammes.opensAt} > ${t})`;
  if (state === "closed") return sql`(${exhausted} or ${closed})`;
  if (state === "upcoming") return sql`(not ${exhausted} and not ${closed} and ${upcoming})`;
  return sql`(not ${exhausted} and not ${closed} and not ${upcoming})`;
}

const empty = (col: AnyColumn) => sql`cardinality(${col}) = 0`;

function programmeFilters(p: ProgrammeBrowseParams, at: Date): SQL | undefined {
  const q = p.q ? `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return and(
    q
      ? or(
          sql`${incentiveProgrammes.name} ilike ${q}`,
          sql`${incentiveProgrammes.authority} ilike ${q}`,
          sql`${incentiveProgrammes.fund} ilike ${q}`,
          sql`${incentiveProgrammes.description} ilike ${q}`,
        )
      : undefined,
    p.state ? stateCondition(p.state, at) : undefined,
    p.level ? eq(incentiveProgrammes.level, p.level) : undefined,
    p.regime ? eq(incentiveProgrammes.aidRegime, p.regime) : undefined,
    p.kind ? or(empty(incentiveProgrammes.applicantKinds), arrayOverlaps(incentiveProgrammes.applicantKinds, [p.kind])) : undefined,
    p.size ? sql`${intensityColumn[p.size]} > 0` : undefined,
    p.theme ? or(empty(incentiveProgrammes.solutionTypes), arrayOverlaps(incentiveProgrammes.solutionTypes, [p.theme])) : undefined,
    p.region ? or(empty(incentiveProgrammes.regions), arrayOverlaps(incentiveProgrammes.regions, [p.region])) : undefined,
  );
}

const listColumns = {
  id: incentiveProgrammes.id,
  name: incentiveProgrammes.name,
  authority: incentiveProgrammes.authority,
  level: incentiveProgrammes.level,
  fund: incentiveProgrammes.fund,
  aidRegime: incentiveProgrammes.aidRegime,
  gberArticle: incentiveProgrammes.gberArticle,
  procedure: incentiveProgrammes.procedure,
  maxIntensityMicroBp: incentiveProgrammes.maxIntensityMicroBp,
  maxIntensitySmallBp: incentiveProgrammes.maxIntensitySmallBp,
  maxIntensityMediumBp: incentiveProgrammes.maxIntensityMediumBp,
  maxIntensityLargeBp: incentiveProgrammes.maxIntensityLargeBp,
  maxIntensityOtherBp: incentiveProgrammes.maxIntensityOtherBp,
  maxAidCents: incentiveProgrammes.maxAidCents,
  opensAt: incentiveProgrammes.opensAt,
  closesAt: incentiveProgrammes.closesAt,
  fundsExhaustedAt: incentiveProgrammes.fundsExhaustedAt,
  coalitionName: coalitions.name,
};

/**
 * One page of the public catalogue: latest deadline first ("until funds run out" leading,
 * closed ones last), ties by id. Keyset pagination on (deadline, id) as /calls does; every
 * filter in SQL; the total for the count.
 */
export async function listPublicProgrammes(db: Db, params: ProgrammeBrowseParams, size = PROGRAMME_PAGE_SIZE) {
  const at = now();
  const where = programmeFilters(params, at);
  const backwards = !params.after && params.before !== undefined;
  const c = params.after ?? params.before;
  const key = sql`(${sortKey}, ${incentiveProgrammes.id})`;
  const bound = c ? sql`(${c.at.toISOString()}::timestamptz, ${c.id}::uuid)` : undefined;
  const keyset = bound ? (backwards ? sql`${key} > ${bound}` : sql`${key} < ${bound}`) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(incentiveProgrammes)
      .leftJoin(coalitions, eq(coalitions.id, incentiveProgrammes.coalitionId))
      .where(and(where, keyset))
      .orderBy(...(backwards ? [asc(sortKey), asc(incentiveProgrammes.id)] : [desc(sortKey), desc(incentiveProgrammes.id)]))
      .limit(size + 1),
    db.select({ total: sql<number>`count(*)::int` }).from(incentiveProgrammes).where(where),
  ]);
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backwards) page.reverse();
  const edge = (r: (typeof page)[number] | undefined): Cursor | undefined => (r ? { at: r.closesAt ?? FAR, id: r.id } : undefined);
  return {
    programmes: page,
    total: Number(total),
    next: (backwards ? c !== undefined : more) ? edge(page.at(-1)) : undefined,
    previous: (backwards ? more : c !== undefined) ? edge(page[0]) : undefined,
  };
}

export type ProgrammeListItem = Awaited<ReturnType<typeof listPublicProgrammes>>["programmes"][number];

/** One programme with its coalition (null for the global catalogue); null when none. */
export async function getProgramme(db: Db, id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({ programme: incentiveProgrammes, coalitionName: coalitions.name, coalitionSlug: coalitions.slug })
    .from(incentiveProgrammes)
    .leftJoin(coalitions, eq(coalitions.id, incentiveProgrammes.coalitionId))
    .where(eq(incentiveProgrammes.id, id));
  return row ?? null;
}

// ---------------------------------------------------------------- the radar

/** Programmes closed longer ago than this drop off the radar. */
const RADAR_CLOSED_DAYS = 366;

/**
 * The radar of an organisation for a member of it (others: NOT_FOUND): the organisation,
 * its proposals (with its own part of their cost) and every programme matched, fitting first.
 * `projectCostCents`: a cost the person typed, or null to use none.
 */
export async function getOrganisationRadar(db: Db, actor: Actor | null, organisationId: string, projectCostCents: number | null) {
  const who = requireActor(actor);
  if (!z.uuid().safeParse(organisationId).success) throw new AppError("NOT_FOUND", "organisationNotFound");
  const [org] = await db
    .select({
      id: organisations.id,
      legalName: organisations.legalName,
      kind: organisations.kind,
      sizeClass: organisations.sizeClass,
      atecoCode: organisations.atecoCode,
      municipalityCode: organisations.municipalityCode,
      role: organisationMembers.role,
      isNamedRepresentative: organisationMembers.isRepresentative,
    })
    .from(organisations)
    .innerJoin(organisationMembers, and(eq(organisationMembers.organisationId, organisations.id), eq(organisationMembers.userId, who.userId)))
    .where(eq(organisations.id, organisationId));
  if (!org) throw new AppError("NOT_FOUND", "organisationNotFound");

  const at = now();
  const since = new Date(at.getTime() - RADAR_CLOSED_DAYS * 86_400_000);
  const [ownProposals, programmes] = await Promise.all([
    db
      .select({
        id: proposals.id,
        title: proposals.title,
        solutionType: proposals.solutionType,
        status: proposals.status,
        ownCostCents: sql<number>`coalesce((select sum(${proposalBudgetLines.amountCents}) from ${proposalBudgetLines} where ${proposalBudgetLines.proposalId} = ${proposals.id} and ${proposalBudgetLines.organisationId} = ${organisationId}), 0)::bigint`,
      })
      .from(proposals)
      .innerJoin(proposalPartners, and(eq(proposalPartners.proposalId, proposals.id), eq(proposalPartners.organisationId, organisationId), eq(proposalPartners.status, "accepted")))
      .where(sql`${proposals.status} <> 'withdrawn'`)
      .orderBy(desc(proposals.updatedAt), desc(proposals.id))
      .limit(50),
    db
      .select({ ...listColumns, minEligibleCents: incentiveProgrammes.minEligibleCents, maxEligibleCents: incentiveProgrammes.maxEligibleCents, applicantKinds: incentiveProgrammes.applicantKinds, atecoSections: incentiveProgrammes.atecoSections, regions: incentiveProgrammes.regions, provinces: incentiveProgrammes.provinces, solutionTypes: incentiveProgrammes.solutionTypes })
      .from(incentiveProgrammes)
      .leftJoin(coalitions, eq(coalitions.id, incentiveProgrammes.coalitionId))
      .where(sql`${incentiveProgrammes.closesAt} is null or ${incentiveProgrammes.closesAt} > ${since.toISOString()}::timestamptz`)
      .orderBy(asc(incentiveProgrammes.id))
      .limit(500),
  ]);
  const subject: RadarOrganisation = { kind: org.kind, sizeClass: org.sizeClass as SizeClass | null, atecoCode: org.atecoCode, municipalityCode: org.municipalityCode };
  const types = [...new Set(ownProposals.map((p) => p.solutionType).filter((s): s is string => Boolean(s)))];
  return {
    organisation: { id: org.id, legalName: org.legalName, kind: org.kind, sizeClass: org.sizeClass, atecoCode: org.atecoCode, municipalityCode: org.municipalityCode },
    /** Only representatives apply for the organisation (the radar offers them the link). */
    represents: isRepresentative(org.role, org.isNamedRepresentative),
    proposals: ownProposals.map((p) => ({ ...p, ownCostCents: Number(p.ownCostCents) })),
    solutionTypes: types,
    entries: radar(programmes, subject, types, at, projectCostCents),
    at,
  };
}

export type OrganisationRadar = Awaited<ReturnType<typeof getOrganisationRadar>>;

/** The organisations the actor belongs to, with whether they represent each (only representatives apply). */
export async function listMyOrganisationsForRadar(db: Db, actor: Actor | null) {
  if (!actor) return [];
  const rows = await db
    .select({ id: organisations.id, legalName: organisations.legalName, role: organisationMembers.role, isNamedRepresentative: organisationMembers.isRepresentative })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, actor.userId))
    .orderBy(asc(organisations.legalName), asc(organisations.id));
  return rows.map((r) => ({ id: r.id, legalName: r.legalName, represents: isRepresentative(r.role, r.isNamedRepresentative) }));
}
