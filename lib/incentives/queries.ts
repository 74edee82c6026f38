import { and, asc, desc, eq, gt, inArray, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditEntries, deMinimisAid, incentiveApplications, incentiveProgrammes, organisationMembers, organisations, proposals, users, type ApplicationStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { representsOrganisation } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { romeDate } from "./application-machine";
import { DE_MINIMIS_CEILING_CENTS, nextDay, windowStartExclusive } from "./de-minimis";
import { requireApplicationMember, requireLedgerMember } from "./permissions";

/**
 * Reading incentive applications and the de minimis ledger. Members of the organisation
 * read; anyone else gets null or NOT_FOUND. Totals and the ledger's sums are SQL aggregates.
 */

/** Organisations the actor represents (admins and named representatives), by name: who may apply. */
export async function listRepresentedOrganisations(db: Db, actor: Actor) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind, sizeClass: organisations.sizeClass, status: organisations.status })
    .from(organisations)
    .innerJoin(organisationMembers, and(eq(organisationMembers.organisationId, organisations.id), eq(organisationMembers.userId, actor.userId)))
    .where(and(representsOrganisation(), eq(organisations.status, "verified")))
    .orderBy(asc(organisations.legalName), asc(organisations.id));
}

/** Statuses whose requested amount counts in the desk's "requested" total. */
export const REQUESTED_EXCLUDES: readonly ApplicationStatus[] = ["withdrawn", "rejected"];
/** Statuses whose granted amount counts in "granted". */
export const GRANTED_STATUSES: readonly ApplicationStatus[] = ["granted", "closed"];

/** The applications of an organisation, newest first, with their programme's name. */
export async function listApplicationsOfOrganisation(db: Db | Tx, organisationId: string) {
  return db
    .select({
      id: incentiveApplications.id,
      title: incentiveApplications.title,
      status: incentiveApplications.status,
      programmeId: incentiveApplications.programmeId,
      programmeName: incentiveProgrammes.name,
      aidRegime: incentiveProgrammes.aidRegime,
      proposalId: incentiveApplications.proposalId,
      eligibleCostCents: incentiveApplications.eligibleCostCents,
      requestedCents: incentiveApplications.requestedCents,
      grantedCents: incentiveApplications.grantedCents,
      disbursedCents: incentiveApplications.disbursedCents,
      plannedGrantDate: incentiveApplications.plannedGrantDate,
      grantedOn: incentiveApplications.grantedOn,
      projectEndsOn: incentiveApplications.projectEndsOn,
      finalReportDueOn: incentiveApplications.finalReportDueOn,
      programmeClosesAt: incentiveProgrammes.closesAt,
      updatedAt: incentiveApplications.updatedAt,
    })
    .from(incentiveApplications)
    .innerJoin(incentiveProgrammes, eq(incentiveProgrammes.id, incentiveApplications.programmeId))
    .where(eq(incentiveApplications.organisationId, organisationId))
    .orderBy(desc(incentiveApplications.createdAt), desc(incentiveApplications.id));
}

/** The desk's totals, as SQL sums: requested (all but withdrawn and rejected), granted (granted, closed), paid (all). */
export async function fundingTotals(db: Db | Tx, organisationId: string) {
  const [row] = await db
    .select({
      requestedCents: sql<string>`coalesce(sum(${incentiveApplications.requestedCents}) filter (where ${notInArray(incentiveApplications.status, [...REQUESTED_EXCLUDES])}), 0)`,
      grantedCents: sql<string>`coalesce(sum(${incentiveApplications.grantedCents}) filter (where ${inArray(incentiveApplications.status, [...GRANTED_STATUSES])}), 0)`,
      paidCents: sql<string>`coalesce(sum(${incentiveApplications.disbursedCents}), 0)`,
      count: sql<number>`count(*)::int`,
    })
    .from(incentiveApplications)
    .where(eq(incentiveApplications.organisationId, organisationId));
  return { requestedCents: Number(row.requestedCents), grantedCents: Number(row.grantedCents), paidCents: Number(row.paidCents), count: Number(row.count) };
}

export type DeadlineKind = "programmeCloses" | "plannedGrant" | "projectEnds" | "finalReport";
export type Deadline = { applicationId: string; title: string; kind: DeadlineKind; date: string };

export const DUE_DAYS = 30;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The deadlines of an application still to be met: the programme's closing day while it is
 * planned or being prepared; the expected grant while submitted or under review; the
 * project's end and the final report while granted.
 */
export function deadlinesOf(a: {
  id: string;
  title: string;
  status: ApplicationStatus;
  programmeClosesAt: Date | null;
  plannedGrantDate: string | null;
  projectEndsOn: string | null;
  finalReportDueOn: string | null;
}): Deadline[] {
  const out: Deadline[] = [];
  const add = (kind: DeadlineKind, date: string | null) => date && out.push({ applicationId: a.id, title: a.title, kind, date });
  if (a.status === "planned" || a.status === "preparing") add("programmeCloses", a.programmeClosesAt ? romeDate(a.programmeClosesAt) : null);
  if (a.status === "submitted" || a.status === "under_review") add("plannedGrant", a.plannedGrantDate);
  if (a.status === "granted") {
    add("projectEnds", a.projectEndsOn);
    add("finalReport", a.finalReportDueOn);
  }
  return out;
}

/**
 * A firm's funding desk for a member of it (others: NOT_FOUND): its applications, the totals,
 * what falls due in the next 30 days (today included) and what is late (before today), in Rome days.
 */
export async function getFundingDesk(db: Db, actor: Actor, organisationId: string) {
  const membership = await requireLedgerMember(db, actor, organisationId);
  const [applications, totals] = await Promise.all([listApplicationsOfOrganisation(db, organisationId), fundingTotals(db, organisationId)]);
  const today = romeDate(now());
  const horizon = addDays(today, DUE_DAYS);
  const all = applications.flatMap(deadlinesOf).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.kind.localeCompare(y.kind)));
  return {
    canEdit: membership.represents,
    applications,
    totals,
    due: all.filter((d) => d.date >= today && d.date <= horizon),
    late: all.filter((d) => d.date < today),
  };
}
export type FundingDesk = Awaited<ReturnType<typeof getFundingDesk>>;

/** One application with its programme, organisation and proposal, for a member of the organisation; null otherwise. */
export async function getApplication(db: Db, actor: Actor, applicationId: string) {
  let access;
  try {
    access = await requireApplicationMember(db, actor, applicationId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
  const { application, membership } = access;
  const [[programme], [organisation], proposal] = await Promise.all([
    db.select().from(incentiveProgrammes).where(eq(incentiveProgrammes.id, application.programmeId)),
    db
      .select({ id: organisations.id, legalName: organisations.legalName, kind: organisations.kind, sizeClass: organisations.sizeClass })
      .from(organisations)
      .where(eq(organisations.id, application.organisationId)),
    application.proposalId
      ? db
          .select({ id: proposals.id, title: proposals.title })
          .from(proposals)
          .where(eq(proposals.id, application.proposalId))
          .then((r) => r[0] ?? null)
      : Promise.resolve(null),
  ]);
  return { ...application, programme, organisation, proposal, canEdit: membership.represents };
}
export type ApplicationDetail = NonNullable<Awaited<ReturnType<typeof getApplication>>>;

export type TimelineChange = { field: string; before: string | number | null; after: string | number | null };
export type TimelineEntry = {
  id: number;
  at: Date;
  actorName: string | null;
  kind: "created" | "updated" | "moved" | "disbursed";
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus | null;
  reason: string | null;
  changes: TimelineChange[];
};

const asValue = (v: unknown): string | number | null => (v === null || v === undefined ? null : typeof v === "number" || typeof v === "string" ? v : JSON.stringify(v));

/** Every change of the application from the audit log, oldest first: who, when, what before and after, why. */
export async function getApplicationTimeline(db: Db, actor: Actor, applicationId: string): Promise<TimelineEntry[]> {
  try {
    await requireApplicationMember(db, actor, applicationId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return [];
    throw error;
  }
  const rows = await db
    .select({ seq: auditEntries.seq, at: auditEntries.occurredAt, action: auditEntries.action, data: auditEntries.data, actorName: users.name })
    .from(auditEntries)
    .leftJoin(users, eq(users.id, auditEntries.actorUserId))
    .where(and(eq(auditEntries.entityType, "incentive_application"), eq(auditEntries.entityId, applicationId)))
    .orderBy(asc(auditEntries.seq));
  return rows.map((r) => {
    const data = r.data as { before?: Record<string, unknown>; after?: Record<string, unknown>; from?: ApplicationStatus; to?: ApplicationStatus; reason?: string | null };
    const before = data.before ?? {};
    const after = data.after ?? {};
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== "status");
    const kind = r.action === "incentive_application.created" ? "created" : r.action === "incentive_application.moved" ? "moved" : r.action === "incentive_application.disbursed" ? "disbursed" : "updated";
    return {
      id: r.seq,
      at: r.at,
      actorName: r.actorName,
      kind,
      fromStatus: data.from ?? null,
      toStatus: data.to ?? null,
      reason: data.reason ?? null,
      changes: fields.map((field) => ({ field, before: asValue(before[field]), after: asValue(after[field]) })),
    };
  });
}

/** De minimis aid granted in the window ending on `grantDate` (withdrawn rows left out), as an SQL sum. */
export async function deMinimisUsedCents(db: Db | Tx, organisationId: string, grantDate: string): Promise<number> {
  const [row] = await db
    .select({ used: sql<string>`coalesce(sum(${deMinimisAid.amountCents}), 0)` })
    .from(deMinimisAid)
    .where(
      and(
        eq(deMinimisAid.organisationId, organisationId),
        isNull(deMinimisAid.withdrawnAt),
        gt(deMinimisAid.grantedOn, windowStartExclusive(grantDate)),
        lte(deMinimisAid.grantedOn, grantDate),
      ),
    );
  return Number(row.used);
}

export type HeadroomFigures = {
  grantDate: string;
  /** The first day of the window (inclusive). */
  windowFrom: string;
  usedCents: number;
  headroomCents: number;
  ceilingCents: number;
};

async function headroom(db: Db | Tx, organisationId: string, grantDate: string): Promise<HeadroomFigures> {
  const usedCents = await deMinimisUsedCents(db, organisationId, grantDate);
  return { grantDate, windowFrom: nextDay(windowStartExclusive(grantDate)), usedCents, headroomCents: Math.max(0, DE_MINIMIS_CEILING_CENTS - usedCents), ceilingCents: DE_MINIMIS_CEILING_CENTS };
}

/**
 * The figures shown before a de minimis application is submitted: the aid in the three
 * years before `grantDate`, the headroom, and whether `requestedCents` fits. Null for
 * anyone who is not a member of the organisation, or for a date that is not a date.
 */
export async function getDeMinimisCheck(db: Db, actor: Actor, organisationId: string, grantDate: string, requestedCents: number) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(grantDate)) return null;
  try {
    await requireLedgerMember(db, actor, organisationId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
  const figures = await headroom(db, organisationId, grantDate);
  return { ...figures, requestedCents, fits: requestedCents <= figures.headroomCents, overCents: Math.max(0, requestedCents - figures.headroomCents) };
}

/** The ledger's rows, oldest grant first, withdrawn ones included (they show struck through). */
export async function ledgerRows(db: Db | Tx, organisationId: string) {
  return db
    .select({
      id: deMinimisAid.id,
      source: deMinimisAid.source,
      applicationId: deMinimisAid.applicationId,
      grantedOn: deMinimisAid.grantedOn,
      authority: deMinimisAid.authority,
      description: deMinimisAid.description,
      amountCents: deMinimisAid.amountCents,
      cor: deMinimisAid.cor,
      withdrawnAt: deMinimisAid.withdrawnAt,
      withdrawalReason: deMinimisAid.withdrawalReason,
      createdAt: deMinimisAid.createdAt,
    })
    .from(deMinimisAid)
    .where(eq(deMinimisAid.organisationId, organisationId))
    .orderBy(asc(deMinimisAid.grantedOn), asc(deMinimisAid.createdAt), asc(deMinimisAid.id));
}

/**
 * An organisation's de minimis ledger for a member of it (null for anyone else): the rows
 * (each saying whether it counts in the window ending today, or on `at` when given), the
 * headroom today and on `at`, and whether the actor may declare and withdraw aid.
 */
export async function getDeMinimisLedger(db: Db, actor: Actor, organisationId: string, at?: string) {
  let membership;
  try {
    membership = await requireLedgerMember(db, actor, organisationId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
  const [organisation] = await db.select({ id: organisations.id, legalName: organisations.legalName }).from(organisations).where(eq(organisations.id, organisationId));
  const todayDate = romeDate(now());
  const chosen = at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : undefined;
  const [rows, today, onDate] = await Promise.all([
    ledgerRows(db, organisationId),
    headroom(db, organisationId, todayDate),
    chosen ? headroom(db, organisationId, chosen) : Promise.resolve(null),
  ]);
  const windowEnd = chosen ?? todayDate;
  const start = windowStartExclusive(windowEnd);
  return {
    organisation,
    canEdit: membership.represents,
    today,
    at: onDate,
    rows: rows.map((r) => ({ ...r, inWindow: !r.withdrawnAt && r.grantedOn > start && r.grantedOn <= windowEnd })),
  };
}
export type DeMinimisLedger = NonNullable<Awaited<ReturnType<typeof getDeMinimisLedger>>>;
