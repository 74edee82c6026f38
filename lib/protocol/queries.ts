import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitionMembers, coalitionProtocolVersions, organisationMembers, organisations, protocolAdhesions, proposals, type ProtocolVersion } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { keysetPage, keysetRequest, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { adheringCoalitionRoles } from "./policy";

/**
 * Reads of the protocol for pages. Published versions are public (text, hash, adherents by
 * organisation and date, never the people who adhered); a draft only for the promoter.
 */

const publicColumns = {
  id: coalitionProtocolVersions.id,
  version: coalitionProtocolVersions.version,
  title: coalitionProtocolVersions.title,
  body: coalitionProtocolVersions.body,
  themes: coalitionProtocolVersions.themes,
  amendmentNote: coalitionProtocolVersions.amendmentNote,
  textSha256: coalitionProtocolVersions.textSha256,
  publishedAt: coalitionProtocolVersions.publishedAt,
};

type PublishedRow = Pick<ProtocolVersion, keyof typeof publicColumns>;
export type PublishedVersion = Omit<PublishedRow, "textSha256" | "publishedAt"> & { textSha256: string; publishedAt: Date };

const published = (r: PublishedRow): PublishedVersion => ({ ...r, textSha256: r.textSha256!, publishedAt: r.publishedAt! });

/** The current protocol (the published version with the highest number), or null. */
export async function getCurrentProtocol(db: Db, coalitionId: string): Promise<PublishedVersion | null> {
  const [row] = await db
    .select(publicColumns)
    .from(coalitionProtocolVersions)
    .where(and(eq(coalitionProtocolVersions.coalitionId, coalitionId), isNotNull(coalitionProtocolVersions.publishedAt)))
    .orderBy(desc(coalitionProtocolVersions.version))
    .limit(1);
  return row ? published(row) : null;
}

/** One published version by its number; null for a draft or a number that does not exist. */
export async function getPublishedVersion(db: Db, coalitionId: string, version: number): Promise<PublishedVersion | null> {
  const [row] = await db
    .select(publicColumns)
    .from(coalitionProtocolVersions)
    .where(and(eq(coalitionProtocolVersions.coalitionId, coalitionId), eq(coalitionProtocolVersions.version, version), isNotNull(coalitionProtocolVersions.publishedAt)))
    .limit(1);
  return row ? published(row) : null;
}

/** How many versions the history shows at most: a protocol is amended a few times, not hundreds. */
export const HISTORY_MAX = 100;

/** The published versions, newest first, each with its number of adherents. */
export async function listPublishedVersions(db: Db, coalitionId: string) {
  const adherents = db
    .select({ versionId: protocolAdhesions.protocolVersionId, n: count().as("n") })
    .from(protocolAdhesions)
    .where(eq(protocolAdhesions.coalitionId, coalitionId))
    .groupBy(protocolAdhesions.protocolVersionId)
    .as("adherents");
  const rows = await db
    .select({
      id: coalitionProtocolVersions.id,
      version: coalitionProtocolVersions.version,
      title: coalitionProtocolVersions.title,
      amendmentNote: coalitionProtocolVersions.amendmentNote,
      textSha256: coalitionProtocolVersions.textSha256,
      publishedAt: coalitionProtocolVersions.publishedAt,
      adherents: sql<number>`coalesce(${adherents.n}, 0)::int`.mapWith(Number),
    })
    .from(coalitionProtocolVersions)
    .leftJoin(adherents, eq(adherents.versionId, coalitionProtocolVersions.id))
    .where(and(eq(coalitionProtocolVersions.coalitionId, coalitionId), isNotNull(coalitionProtocolVersions.publishedAt)))
    .orderBy(desc(coalitionProtocolVersions.version))
    .limit(HISTORY_MAX);
  return rows.map((r) => ({ ...r, textSha256: r.textSha256!, publishedAt: r.publishedAt! }));
}

type Cursors = { after?: KeyCursor<string>; before?: KeyCursor<string>; size?: number };

/** One page of organisations by legal name then id (the coalition members' order), with total and position, counted in SQL. */
async function pageByName<R extends { organisationId: string; legalName: string }>(
  run: (where: SQL | undefined, order: SQL[], limit: number) => Promise<R[]>,
  countIn: (key: SQL, first: SQL | undefined) => Promise<{ total: number; before: number }>,
  options: Cursors,
) {
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const key = sql`(${organisations.legalName}, ${organisations.id})`;
  const bound = cursor ? sql`(${cursor.value}::text, ${cursor.id}::uuid)` : undefined;
  const where = bound ? (backwards ? sql`${key} < ${bound}` : sql`${key} > ${bound}`) : undefined;
  const order = backwards ? [desc(organisations.legalName), desc(organisations.id)] : [asc(organisations.legalName), asc(organisations.id)];
  const rows = await run(where, order, size + 1);
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, (r) => ({ value: r.legalName, id: r.organisationId }));
  const first = page[0];
  const { total, before } = await countIn(key, first ? sql`(${first.legalName}::text, ${first.organisationId}::uuid)` : undefined);
  return { rows: page, total, from: page.length ? before + 1 : 0, to: before + page.length, next, previous };
}

const counts = (key: SQL, first: SQL | undefined) => ({
  total: sql<number>`count(*)::int`.mapWith(Number),
  before: (first ? sql<number>`(count(*) filter (where ${key} < ${first}))::int` : sql<number>`0`).mapWith(Number),
});

/** The organisations that adhered to a version, with the date; 50 a page by name. Never who (the person) adhered. */
export async function listAdherents(db: Db, versionId: string, options: Cursors = {}) {
  const scope = eq(protocolAdhesions.protocolVersionId, versionId);
  return pageByName(
    (where, order, limit) =>
      db
        .select({ organisationId: organisations.id, legalName: organisations.legalName, kind: organisations.kind, adheredAt: protocolAdhesions.adheredAt })
        .from(protocolAdhesions)
        .innerJoin(organisations, eq(organisations.id, protocolAdhesions.organisationId))
        .where(and(scope, where))
        .orderBy(...order)
        .limit(limit),
    async (key, first) => {
      const [c] = await db.select(counts(key, first)).from(protocolAdhesions).innerJoin(organisations, eq(organisations.id, protocolAdhesions.organisationId)).where(scope);
      return c;
    },
    options,
  );
}

/** The coalition's members that have not adhered to this version, 50 a page by name. */
export async function listMembersNotAdhered(db: Db, coalitionId: string, versionId: string, options: Cursors = {}) {
  const scope = and(eq(coalitionMembers.coalitionId, coalitionId), inArray(coalitionMembers.role, [...adheringCoalitionRoles]), isNull(protocolAdhesions.id));
  const from = () =>
    db
      .select({ organisationId: organisations.id, legalName: organisations.legalName, kind: organisations.kind, role: coalitionMembers.role })
      .from(coalitionMembers)
      .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
      .leftJoin(protocolAdhesions, and(eq(protocolAdhesions.protocolVersionId, versionId), eq(protocolAdhesions.organisationId, coalitionMembers.organisationId)));
  return pageByName(
    (where, order, limit) => from().where(and(scope, where)).orderBy(...order).limit(limit),
    async (key, first) => {
      const [c] = await db
        .select(counts(key, first))
        .from(coalitionMembers)
        .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
        .leftJoin(protocolAdhesions, and(eq(protocolAdhesions.protocolVersionId, versionId), eq(protocolAdhesions.organisationId, coalitionMembers.organisationId)))
        .where(scope);
      return c;
    },
    options,
  );
}

/**
 * The member organisations the viewer represents, each with whether it adhered to this
 * version: the page offers "Aderisci" for those that have not.
 */
export async function listViewerAdheringOrganisations(db: Db, viewer: Actor, coalitionId: string, versionId: string) {
  return db
    .select({ organisationId: organisations.id, legalName: organisations.legalName, adheredAt: protocolAdhesions.adheredAt })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, coalitionId)))
    .leftJoin(protocolAdhesions, and(eq(protocolAdhesions.protocolVersionId, versionId), eq(protocolAdhesions.organisationId, organisations.id)))
    .where(and(eq(organisationMembers.userId, viewer.userId), representsOrganisation(), inArray(coalitionMembers.role, [...adheringCoalitionRoles])))
    .orderBy(asc(organisations.legalName))
    .limit(50);
}

/**
 * For the promoter's page: the draft (null when there is none), the current version (a new
 * draft starts from it), and the number of published versions. Null for anyone else.
 */
export async function getProtocolForPromoter(db: Db, viewer: Actor, coalitionId: string) {
  if (!(await isCoalitionPromoter(db, viewer, coalitionId))) return null;
  const [draft] = await db
    .select({
      id: coalitionProtocolVersions.id,
      version: coalitionProtocolVersions.version,
      title: coalitionProtocolVersions.title,
      body: coalitionProtocolVersions.body,
      themes: coalitionProtocolVersions.themes,
      amendmentNote: coalitionProtocolVersions.amendmentNote,
      updatedAt: coalitionProtocolVersions.updatedAt,
    })
    .from(coalitionProtocolVersions)
    .where(and(eq(coalitionProtocolVersions.coalitionId, coalitionId), isNull(coalitionProtocolVersions.publishedAt)));
  return { draft: draft ?? null, current: await getCurrentProtocol(db, coalitionId) };
}

/** The current protocol's themes (for the call form and the call's validation); none without a protocol. */
export async function currentProtocolThemes(db: Db, coalitionId: string) {
  return (await getCurrentProtocol(db, coalitionId))?.themes ?? [];
}

/** How many calls and funded projects a theme section lists before linking to the rest. */
export const PER_THEME = 5;

/**
 * Per priority theme: the published calls that name it (newest first) and the funded
 * projects (selected proposals of those calls), PER_THEME of each with their totals.
 * Bounded: two small queries per theme and at most 12 themes.
 */
export async function themesOverview(db: Db, coalitionId: string, themeKeys: readonly string[]) {
  return Promise.all(
    themeKeys.map(async (key) => {
      const names = sql`${key} = any(${calls.protocolThemes})`;
      const callScope = and(eq(calls.coalitionId, coalitionId), sql`${calls.status} <> 'draft'`, names);
      const projectScope = and(callScope, eq(proposals.status, "selected"));
      const [callRows, [callCount], projectRows, [projectCount]] = await Promise.all([
        db.select({ id: calls.id, title: calls.title, status: calls.status }).from(calls).where(callScope).orderBy(desc(calls.publishedAt), desc(calls.id)).limit(PER_THEME),
        db.select({ n: count() }).from(calls).where(callScope),
        db
          .select({ id: proposals.id, title: proposals.title, callId: calls.id, callTitle: calls.title, lead: organisations.legalName })
          .from(proposals)
          .innerJoin(calls, eq(calls.id, proposals.callId))
          .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
          .where(projectScope)
          .orderBy(desc(calls.publishedAt), asc(proposals.title), asc(proposals.id))
          .limit(PER_THEME),
        db.select({ n: count() }).from(proposals).innerJoin(calls, eq(calls.id, proposals.callId)).where(projectScope),
      ]);
      return { key, calls: callRows, callTotal: Number(callCount.n), projects: projectRows, projectTotal: Number(projectCount.n) };
    }),
  );
}

/** The adherents of a version, counted (for the coalition page's short section). */
export async function countAdherents(db: Db, versionId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(protocolAdhesions).where(eq(protocolAdhesions.protocolVersionId, versionId));
  return Number(row?.n ?? 0);
}

/** How many protocols to adhere to the desk lists: a person represents a few organisations in a few coalitions. */
export const DESK_PROTOCOLS_MAX = 20;

/**
 * For the desk: each (coalition, organisation the viewer represents) whose member has not
 * adhered to the coalition's protocol in force, with the version to read.
 */
export async function listProtocolsToAdhere(db: Db, viewer: Actor) {
  const result = await db.execute(sql`
    select c.slug, c.name as coalition, v.version, o.id as organisation_id, o.legal_name as organisation
    from organisation_members om
    join coalition_members cm on cm.organisation_id = om.organisation_id
    join coalitions c on c.id = cm.coalition_id
    join organisations o on o.id = om.organisation_id
    join lateral (
      select pv.id, pv.version from coalition_protocol_versions pv
      where pv.coalition_id = c.id and pv.published_at is not null
      order by pv.version desc limit 1
    ) v on true
    where om.user_id = ${viewer.userId}
      and (om.role = 'admin' or om.is_representative)
      and not exists (select 1 from protocol_adhesions a where a.protocol_version_id = v.id and a.organisation_id = om.organisation_id)
    order by c.name, o.legal_name, o.id
    limit ${DESK_PROTOCOLS_MAX}`);
  type Row = { slug: string; coalition: string; version: number; organisation_id: string; organisation: string };
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: Row[] }).rows) as Row[];
  return rows.map((r) => ({ slug: r.slug, coalition: r.coalition, version: Number(r.version), organisationId: r.organisation_id, organisation: r.organisation }));
}
