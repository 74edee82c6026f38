import { and, asc, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEntries, coalitions, expenseLines, expenseReports, grants, organisations, proposals, tranches, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { romeDate } from "./application-machine";
import { isGrantLate } from "./grant-machine";
import { advanceCeilingCents, balanceCents, earnedCents, interimCeilingCents, standingCents, stillDueCents, toRecoverCents } from "./grant-money";
import { requireGrantReader } from "./grant-permissions";

/** Entries of the grant's timeline shown at most (newest first). */
export const TIMELINE_LIMIT = 100;

/**
 * Everything the grant page shows, for a reader of the grant (NOT_FOUND otherwise): the grant
 * and its figures, the proposal, call, coalition and organisation, the tranches, a summary of the
 * expense reports (claimed and accepted as SQL sums) and the timeline from the audit log.
 */
export async function getGrantView(db: Db, actor: Actor, grantId: string) {
  const access = await requireGrantReader(db, actor, grantId);
  const { grant, call } = access;
  const [context] = await db
    .select({
      proposalTitle: proposals.title,
      proposalReference: proposals.reference,
      organisationName: organisations.legalName,
      coalitionSlug: coalitions.slug,
      coalitionName: coalitions.name,
    })
    .from(proposals)
    .innerJoin(organisations, eq(organisations.id, grant.organisationId))
    .innerJoin(coalitions, eq(coalitions.id, call.coalitionId))
    .where(eq(proposals.id, grant.proposalId));
  const paid = await db.select().from(tranches).where(eq(tranches.grantId, grant.id)).orderBy(asc(tranches.paidOn), asc(tranches.createdAt));
  // Drafts are the grant organisation's own until submitted (as on the reports' pages): nobody else sees them or their history.
  const seesDrafts = access.membership !== null;
  const hiddenDrafts = seesDrafts
    ? []
    : (await db.select({ id: expenseReports.id }).from(expenseReports).where(and(eq(expenseReports.grantId, grant.id), eq(expenseReports.status, "draft")))).map((r) => r.id);
  const reports = await db
    .select({
      id: expenseReports.id,
      number: expenseReports.number,
      isFinal: expenseReports.isFinal,
      status: expenseReports.status,
      submittedAt: expenseReports.submittedAt,
      reviewedAt: expenseReports.reviewedAt,
      claimedCents: sql<string>`coalesce(sum(${expenseLines.amountCents}), 0)`,
      acceptedCents: sql<string>`coalesce(sum(${expenseLines.acceptedCents}), 0)`,
      lines: sql<number>`count(${expenseLines.id})::int`,
    })
    .from(expenseReports)
    .leftJoin(expenseLines, eq(expenseLines.reportId, expenseReports.id))
    .where(and(eq(expenseReports.grantId, grant.id), seesDrafts ? undefined : ne(expenseReports.status, "draft")))
    .groupBy(expenseReports.id)
    .orderBy(asc(expenseReports.number))
    .limit(200);
  const reportIds = reports.map((r) => r.id);
  const timeline = await db
    .select({ seq: auditEntries.seq, at: auditEntries.occurredAt, action: auditEntries.action, data: auditEntries.data, actorName: users.name })
    .from(auditEntries)
    .leftJoin(users, eq(users.id, auditEntries.actorUserId))
    .where(
      and(
        or(
          and(eq(auditEntries.entityType, "grant"), eq(auditEntries.entityId, grant.id)),
          reportIds.length ? and(eq(auditEntries.entityType, "expense_report"), inArray(auditEntries.entityId, reportIds)) : sql`false`,
        ),
        hiddenDrafts.length ? sql`coalesce(${auditEntries.data}->>'reportId', '') not in (${sql.join(hiddenDrafts.map((id) => sql`${id}`), sql`, `)})` : undefined,
      ),
    )
    .orderBy(desc(auditEntries.seq))
    .limit(TIMELINE_LIMIT);

  const money = grant;
  const kinds = paid.map((t) => t.kind);
  const reviewed = reports.filter((r) => r.status === "reviewed");
  const today = romeDate(now());
  return {
    grant,
    call,
    context: context ?? { proposalTitle: "", proposalReference: null, organisationName: "", coalitionSlug: "", coalitionName: "" },
    tranches: paid,
    reports: reports.map((r) => ({ ...r, claimedCents: Number(r.claimedCents), acceptedCents: Number(r.acceptedCents) })),
    timeline,
    figures: {
      grantedCents: grant.grantedCents,
      revokedCents: grant.revokedCents,
      standingCents: standingCents(money),
      paidCents: grant.paidCents,
      acceptedCents: grant.acceptedCents,
      eligibleCostCents: grant.eligibleCostCents,
      earnedCents: earnedCents(money),
      stillDueCents: stillDueCents(money),
      toRecoverCents: toRecoverCents(money),
    },
    /** What the promoter's forms may offer now. */
    payable: {
      advanceCeilingCents: Math.min(advanceCeilingCents(grant.grantedCents, call.advanceMaxBp), stillDueCents(money)),
      advanceOpen: call.advanceMaxBp > 0 && kinds.length === 0 && (grant.status === "granted" || grant.status === "in_progress"),
      interimCeilingCents: reviewed.length > 0 && !kinds.includes("balance") ? interimCeilingCents(money) : 0,
      finalReviewed: reviewed.some((r) => r.isFinal),
      balanceCents: grant.status === "reported" && reviewed.some((r) => r.isFinal) ? balanceCents(money) : 0,
    },
    late: isGrantLate(grant, today),
    today,
    viewer: { isPromoter: access.isPromoter, isRepresentative: access.isRepresentative, isMember: access.membership !== null, isPlatformAdmin: access.isPlatformAdmin },
  };
}

export type GrantView = Awaited<ReturnType<typeof getGrantView>>;

/** The grants of these proposals (the results page's links), bounded. */
export async function listGrantsOfProposals(db: Db, proposalIds: string[]) {
  if (proposalIds.length === 0) return [];
  return db
    .select({ id: grants.id, proposalId: grants.proposalId, organisationName: organisations.legalName, grantedCents: grants.grantedCents, status: grants.status })
    .from(grants)
    .innerJoin(organisations, eq(organisations.id, grants.organisationId))
    .where(inArray(grants.proposalId, proposalIds))
    .orderBy(asc(organisations.legalName))
    .limit(500);
}
