import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callQuestions, calls, coalitionMembers, organisationMembers, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { epochMicros, keysetCounts, keysetPage, keysetRange, keysetRequest, keysetWhere, LIST_PAGE_SIZE, type KeyCursor } from "@/lib/paging/keyset";
import { askerCoalitionRoles, questionsDeadline, questionWindowProblem } from "./policy";

/**
 * The public FAQ of a call: published entries in their order. Only the public columns are
 * selected — never the original wording, who asked or who answered — so nothing that
 * identifies the asker can reach a page, its attributes or its RSC payload.
 */
export async function listPublicFaq(db: Db, callId: string) {
  const rows = await db
    .select({
      number: callQuestions.number,
      question: callQuestions.publicQuestion,
      answer: callQuestions.answer,
      publishedAt: callQuestions.publishedAt,
      answeredAt: callQuestions.answeredAt,
    })
    .from(callQuestions)
    .innerJoin(calls, eq(calls.id, callQuestions.callId))
    .where(and(eq(callQuestions.callId, callId), isNotNull(callQuestions.publishedAt), sql`${calls.status} <> 'draft'`))
    .orderBy(asc(callQuestions.number));
  return rows.map((r) => ({
    number: r.number!,
    question: r.question ?? "",
    answer: r.answer ?? "",
    publishedAt: r.publishedAt!,
    // A correction after publication moves answeredAt past publishedAt: the page shows it.
    correctedAt: r.answeredAt && r.answeredAt.getTime() > r.publishedAt!.getTime() ? r.answeredAt : null,
  }));
}

export type PublicFaqEntry = Awaited<ReturnType<typeof listPublicFaq>>[number];

/** The organisations the viewer belongs to that may ask questions on this call (verified, member or observer of its coalition). */
export async function listAskingOrganisations(db: Db, viewer: Actor, coalitionId: string) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .innerJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, coalitionId)))
    .where(
      and(
        eq(organisationMembers.userId, viewer.userId),
        eq(organisations.status, "verified"),
        sql`${coalitionMembers.role} in (${sql.join(
          askerCoalitionRoles.map((r) => sql`${r}`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(asc(organisations.legalName));
}

/** Whether questions are taken now and until when, read at the request. */
export function questionWindow(call: Parameters<typeof questionWindowProblem>[0]) {
  return { problem: questionWindowProblem(call, now()), deadline: questionsDeadline(call) };
}

/**
 * The questions of a call for its promoters, one section 50 a page: those waiting for
 * publication (oldest asked first) or the published ones (by their number). The original
 * wording (to answer it), the public wording and the answer, the dates; not who asked: the
 * promoter answers the question, not the person. Keyset on (asked_at to the microsecond,
 * id) or (number, id); the total and the page's position are SQL counts of this call's
 * section. Null for anyone else ("not found").
 */
export async function listQuestionsForPromoter(
  db: Db,
  viewer: Actor,
  callId: string,
  section: "waiting" | "published",
  options: { after?: KeyCursor<number>; before?: KeyCursor<number>; size?: number } = {},
) {
  const [call] = await db.select({ coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, callId));
  if (!call || !(await isCoalitionPromoter(db, viewer, call.coalitionId))) return null;
  const size = options.size ?? LIST_PAGE_SIZE;
  const { backwards, cursor } = keysetRequest(options.after, options.before);
  const value = section === "waiting" ? epochMicros(callQuestions.askedAt) : sql<number>`${callQuestions.number}::bigint`.mapWith(Number);
  const key = sql`(${value}, ${callQuestions.id})`;
  const bound = (c: KeyCursor<number>) => sql`(${c.value}::bigint, ${c.id}::uuid)`;
  const scope = and(eq(callQuestions.callId, callId), section === "waiting" ? isNull(callQuestions.publishedAt) : isNotNull(callQuestions.publishedAt));
  const rows = await db
    .select({
      id: callQuestions.id,
      question: callQuestions.question,
      publicQuestion: callQuestions.publicQuestion,
      answer: callQuestions.answer,
      askedAt: callQuestions.askedAt,
      answeredAt: callQuestions.answeredAt,
      publishedAt: callQuestions.publishedAt,
      number: callQuestions.number,
      value,
    })
    .from(callQuestions)
    .where(and(scope, keysetWhere(key, cursor && bound(cursor), backwards)))
    .orderBy(...(backwards ? [desc(value), desc(callQuestions.id)] : [asc(value), asc(callQuestions.id)]))
    .limit(size + 1);
  const { page, next, previous } = keysetPage(rows, size, backwards, cursor !== undefined, (r) => ({ value: r.value, id: r.id }));
  const first = page[0];
  const [counts] = await db
    .select(keysetCounts(key, first && bound({ value: first.value, id: first.id })))
    .from(callQuestions)
    .where(scope);
  return { questions: page, ...keysetRange(counts, page.length), next, previous };
}

export type PromoterQuestion = NonNullable<Awaited<ReturnType<typeof listQuestionsForPromoter>>>["questions"][number];

/** How many questions of the call wait for publication (for the promoter's link). */
export async function countWaitingQuestions(db: Db, callId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(callQuestions)
    .where(and(eq(callQuestions.callId, callId), isNull(callQuestions.publishedAt)));
  return Number(row?.n ?? 0);
}
