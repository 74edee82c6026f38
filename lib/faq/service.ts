import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callQuestions, calls, coalitionMembers, organisationMembers, organisations, type Call, type CallQuestion } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { MAX_WAITING_QUESTIONS_PER_ORGANISATION, organisationMayAsk, questionWindowProblem } from "./policy";
import { answerQuestionSchema, askQuestionSchema, correctAnswerSchema, questionIdSchema } from "./schemas";

/**
 * The FAQ of a call: a person of a member organisation asks, a promoter answers (rewording
 * the question so it names nobody) and publishes. Who asked stays in call_questions and in
 * the audit log, both private; nothing public ever reads those columns (see queries.ts).
 */

/**
 * Asks the call's promoter a question, for an organisation the actor belongs to, while the
 * call is open and before its question deadline (checked now, at the request).
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND (no such call, or a draft), FORBIDDEN (the
 * organisation may not ask), INVALID_STATE (not open, deadline passed), RATE_LIMITED.
 */
export async function askQuestion(db: Db, actor: Actor | null, input: unknown): Promise<{ questionId: string }> {
  const data = parseInput(askQuestionSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, data.callId)).for("share");
    if (!call || call.status === "draft") throw new AppError("NOT_FOUND", "callNotFound");
    const [org] = await tx
      .select({ status: organisations.status, coalitionRole: coalitionMembers.role })
      .from(organisations)
      .innerJoin(organisationMembers, and(eq(organisationMembers.organisationId, organisations.id), eq(organisationMembers.userId, who.userId)))
      .leftJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, call.coalitionId)))
      .where(eq(organisations.id, data.organisationId));
    if (!org || !organisationMayAsk(org)) throw new AppError("FORBIDDEN", "faqNotAllowed", { organisationId: ["faqNotAllowed"] });
    const at = now();
    const problem = questionWindowProblem(call, at);
    if (problem) throw new AppError("INVALID_STATE", problem);
    const [{ waiting }] = await tx
      .select({ waiting: sql<number>`count(*)::int` })
      .from(callQuestions)
      .where(and(eq(callQuestions.callId, call.id), eq(callQuestions.askedByOrganisationId, data.organisationId), isNull(callQuestions.publishedAt)));
    if (Number(waiting) >= MAX_WAITING_QUESTIONS_PER_ORGANISATION) throw new AppError("RATE_LIMITED", "faqTooManyWaiting");
    const [row] = await tx
      .insert(callQuestions)
      .values({ callId: call.id, question: data.question, askedBy: who.userId, askedByOrganisationId: data.organisationId, askedAt: at })
      .returning({ id: callQuestions.id });
    // The log is private; even so it keeps only the question's id and the call, not its words.
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "call.question_asked",
      entityType: "call_question",
      entityId: row.id,
      data: { callId: call.id },
    });
    return { questionId: row.id };
  });
}

/**
 * Locks a question and its call for a promoter of the call's coalition. Anyone else, like a
 * question that does not exist, gets NOT_FOUND: questions are private until published.
 */
async function lockQuestionForPromoter(tx: Tx, actor: Actor, questionId: string): Promise<{ question: CallQuestion; call: Call; organisationId: string }> {
  const [found] = await tx.select({ callId: callQuestions.callId }).from(callQuestions).where(eq(callQuestions.id, questionId));
  if (!found) throw new AppError("NOT_FOUND", "questionNotFound");
  // The call first, then the question: every FAQ write takes the locks in this order.
  const [call] = await tx.select().from(calls).where(eq(calls.id, found.callId)).for("update");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, call.coalitionId);
  if (!organisationId) throw new AppError("NOT_FOUND", "questionNotFound");
  const [question] = await tx.select().from(callQuestions).where(eq(callQuestions.id, questionId)).for("update");
  return { question, call, organisationId };
}

/**
 * A promoter answers a question not yet published, with its public wording (both may be
 * changed again until publication). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * INVALID_STATE (already published: correct it instead).
 */
export async function answerQuestion(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(answerQuestionSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { question, call, organisationId } = await lockQuestionForPromoter(tx, who, data.questionId);
    if (question.publishedAt) throw new AppError("INVALID_STATE", "faqAlreadyPublished");
    const at = now();
    await tx
      .update(callQuestions)
      .set({ publicQuestion: data.publicQuestion, answer: data.answer, answeredBy: who.userId, answeredAt: at })
      .where(eq(callQuestions.id, question.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.question_answered",
      entityType: "call_question",
      entityId: question.id,
      data: { callId: call.id, publicQuestion: data.publicQuestion, answer: data.answer, reworded: data.publicQuestion !== question.question },
    });
  });
}

/**
 * A promoter publishes an answered question: it takes the next number of the call's FAQ
 * (1, 2, 3… in order of publication; the call row's lock keeps two publications from
 * taking the same number). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, INVALID_STATE
 * (not answered, already published).
 */
export async function publishQuestion(db: Db, actor: Actor | null, input: unknown): Promise<{ number: number }> {
  const { questionId } = parseInput(questionIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { question, call, organisationId } = await lockQuestionForPromoter(tx, who, questionId);
    if (question.publishedAt) throw new AppError("INVALID_STATE", "faqAlreadyPublished");
    if (!question.answer || !question.publicQuestion) throw new AppError("INVALID_STATE", "faqNotAnswered");
    const [{ last }] = await tx
      .select({ last: sql<number | null>`max(${callQuestions.number})` })
      .from(callQuestions)
      .where(eq(callQuestions.callId, call.id));
    const number = Number(last ?? 0) + 1;
    await tx.update(callQuestions).set({ publishedAt: now(), number }).where(eq(callQuestions.id, question.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.question_published",
      entityType: "call_question",
      entityId: question.id,
      data: { callId: call.id, number, publicQuestion: question.publicQuestion, answer: question.answer },
    });
    return { number };
  });
}

/**
 * A promoter corrects a published answer, giving a reason the audit trail keeps; the public
 * FAQ shows the date of the correction beside the date of publication.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, INVALID_STATE (not published: answer it instead).
 */
export async function correctAnswer(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(correctAnswerSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { question, call, organisationId } = await lockQuestionForPromoter(tx, who, data.questionId);
    if (!question.publishedAt) throw new AppError("INVALID_STATE", "faqNotPublished");
    await tx.update(callQuestions).set({ answer: data.answer, answeredBy: who.userId, answeredAt: now() }).where(eq(callQuestions.id, question.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "call.question_corrected",
      entityType: "call_question",
      entityId: question.id,
      data: { callId: call.id, number: question.number, before: question.answer, after: data.answer, reason: data.reason },
    });
  });
}
