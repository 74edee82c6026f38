import { and, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { callPhase, nextDeadline } from "./policy";

const callColumns = {
  id: calls.id,
  coalitionId: calls.coalitionId,
  title: calls.title,
  description: calls.description,
  themes: calls.themes,
  sectors: calls.sectors,
  budgetCents: calls.budgetCents,
  maxRequestCents: calls.maxRequestCents,
  minCofinancingBp: calls.minCofinancingBp,
  minPartners: calls.minPartners,
  maxPartners: calls.maxPartners,
  requiredPartnerKinds: calls.requiredPartnerKinds,
  leadKinds: calls.leadKinds,
  sizeClasses: calls.sizeClasses,
  submissionOpensAt: calls.submissionOpensAt,
  submissionClosesAt: calls.submissionClosesAt,
  votingOpensAt: calls.votingOpensAt,
  votingClosesAt: calls.votingClosesAt,
  votingMethod: calls.votingMethod,
  quorumBp: calls.quorumBp,
  ballotsPublic: calls.ballotsPublic,
  allowLowerRequest: calls.allowLowerRequest,
  questionsCloseAt: calls.questionsCloseAt,
  advanceMaxBp: calls.advanceMaxBp,
  lineToleranceBp: calls.lineToleranceBp,
  protocolThemes: calls.protocolThemes,
  evaluationMode: calls.evaluationMode,
  evaluationMinTotal: calls.evaluationMinTotal,
  evaluationWeightBp: calls.evaluationWeightBp,
  status: calls.status,
  publishedAt: calls.publishedAt,
  resultsPublishedAt: calls.resultsPublishedAt,
  archivedAt: calls.archivedAt,
  createdAt: calls.createdAt,
  updatedAt: calls.updatedAt,
};

/** Adds what depends on the clock, read once per request (never a cached status). */
function withPhase<T extends Parameters<typeof callPhase>[0]>(row: T, at: Date) {
  return { ...row, phase: callPhase(row, at), nextDeadline: nextDeadline(row, at) };
}

/** Drafts are visible to the coalition's promoters only: everyone else sees published ones. */
async function visibleTo(db: Db, viewer: Actor | null, coalitionId: string): Promise<SQL | undefined> {
  const isPromoter = viewer ? await isCoalitionPromoter(db, viewer, coalitionId) : false;
  return isPromoter ? undefined : ne(calls.status, "draft");
}

/** The calls of a coalition, newest submission window first, with their phase now. */
export async function listCallsForCoalition(db: Db, viewer: Actor | null, coalitionId: string) {
  const rows = await db
    .select(callColumns)
    .from(calls)
    .where(and(eq(calls.coalitionId, coalitionId), await visibleTo(db, viewer, coalitionId)))
    .orderBy(sql`${calls.submissionClosesAt} desc nulls first`, desc(calls.createdAt));
  const at = now();
  return rows.map((r) => withPhase(r, at));
}

export type CallListItem = Awaited<ReturnType<typeof listCallsForCoalition>>[number];

/** One call with its coalition; a draft only for its coalition's promoters, otherwise null ("not found"). */
export async function getCall(db: Db, viewer: Actor | null, callId: string) {
  const [row] = await db
    .select({ ...callColumns, coalitionSlug: coalitions.slug, coalitionName: coalitions.name })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(eq(calls.id, callId));
  if (!row) return null;
  const isPromoter = viewer ? await isCoalitionPromoter(db, viewer, row.coalitionId) : false;
  if (row.status === "draft" && !isPromoter) return null;
  return { ...withPhase(row, now()), isPromoter };
}

export type CallDetail = NonNullable<Awaited<ReturnType<typeof getCall>>>;

/** A coalition by slug or id, as the call pages need it, with whether the viewer promotes it. */
export async function getCoalitionForCalls(db: Db, viewer: Actor | null, by: { slug: string } | { id: string }) {
  const [row] = await db
    .select({ id: coalitions.id, slug: coalitions.slug, name: coalitions.name })
    .from(coalitions)
    .where("slug" in by ? eq(coalitions.slug, by.slug) : eq(coalitions.id, by.id));
  if (!row) return null;
  return { ...row, isPromoter: viewer ? await isCoalitionPromoter(db, viewer, row.id) : false };
}
