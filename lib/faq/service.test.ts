import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, callQuestions } from "@/db/schema";
import type { CallFieldsInput } from "@/lib/calls/schemas";
import { createCall, publishCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { admitTestMember } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { createScenario, openCallInput, T0, type Scenario } from "@/test/proposals";
import { listQuestionsWaiting } from "@/lib/desk/queries";
import { countWaitingQuestions, listAskingOrganisations, listPublicFaq, listQuestionsForPromoter } from "./queries";
import { answerQuestion, askQuestion, correctAnswer, publishQuestion } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/**
 * The shared scenario's call. The call form is gaining fields in parallel (allowLowerRequest);
 * passing it here keeps these tests independent of when the shared helper learns it.
 */
const extra = { allowLowerRequest: false } as object;
const scenario = (overrides: Partial<CallFieldsInput> = {}) => createScenario(db, { ...extra, ...overrides });
const callInput = (overrides: Partial<CallFieldsInput> = {}) => ({ ...extra, ...openCallInput(overrides) });

// openCallInput: submission 5 Jan 09:00 → 15 Feb 18:00 Rome (UTC+1); the clock starts at T0 (10 Jan).
const SUBMISSION_CLOSES = new Date("2026-02-15T17:00:00Z");

async function ask(s: Scenario, question = "Le spese di formazione sono ammissibili per la ditta Rossi?") {
  return askQuestion(db, s.firm.admin.actor, { callId: s.callId, organisationId: s.firm.organisationId, question });
}

async function answerAndPublish(s: Scenario, questionId: string, publicQuestion: string, answer: string) {
  await answerQuestion(db, s.coalition.promoter.admin.actor, { questionId, publicQuestion, answer });
  return publishQuestion(db, s.coalition.promoter.admin.actor, { questionId });
}

describe("askQuestion", () => {
  it("a member firm's admin or plain member asks while the call is open; audited with ids only", async () => {
    const s = await scenario();
    const { questionId } = await ask(s);
    const plain = await addMember(db, s.firm, "member");
    await askQuestion(db, plain.actor, { callId: s.callId, organisationId: s.firm.organisationId, question: "Un altro quesito" });
    const [row] = await db.select().from(callQuestions).where(eq(callQuestions.id, questionId));
    expect(row).toMatchObject({ callId: s.callId, askedBy: s.firm.admin.actor.userId, askedByOrganisationId: s.firm.organisationId, publishedAt: null, number: null });
    expect(await auditActionsFor(db, questionId)).toEqual(["call.question_asked"]);
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, questionId));
    expect(entry.data).toEqual({ callId: s.callId });
    expect(await countWaitingQuestions(db, s.callId)).toBe(2);
  });

  it("observers may ask; the promoter, outsiders, unverified organisations and people of other organisations may not", async () => {
    const s = await scenario();
    await askQuestion(db, s.observer.admin.actor, { callId: s.callId, organisationId: s.observer.organisationId, question: "Domanda" });
    const outsider = await createOrganisation(db, { verified: true });
    await expectAppError(askQuestion(db, outsider.admin.actor, { callId: s.callId, organisationId: outsider.organisationId, question: "Domanda" }), "FORBIDDEN", "faqNotAllowed");
    await expectAppError(
      askQuestion(db, s.coalition.promoter.admin.actor, { callId: s.callId, organisationId: s.coalition.promoter.organisationId, question: "Domanda" }),
      "FORBIDDEN",
      "faqNotAllowed",
    );
    // Someone who does not belong to the firm cannot ask in its name.
    const stranger = await createUser(db);
    await expectAppError(askQuestion(db, stranger.actor, { callId: s.callId, organisationId: s.firm.organisationId, question: "Domanda" }), "FORBIDDEN");
    const pending = await createOrganisation(db);
    await expectAppError(askQuestion(db, pending.admin.actor, { callId: s.callId, organisationId: pending.organisationId, question: "Domanda" }), "FORBIDDEN");
    await expectAppError(askQuestion(db, null, { callId: s.callId, organisationId: s.firm.organisationId, question: "Domanda" }), "UNAUTHENTICATED");
    expect((await listAskingOrganisations(db, s.firm.admin.actor, s.coalition.coalitionId)).map((o) => o.id)).toEqual([s.firm.organisationId]);
    expect(await listAskingOrganisations(db, s.coalition.promoter.admin.actor, s.coalition.coalitionId)).toEqual([]);
  });

  it("questions are bounded and checked for format", async () => {
    const s = await scenario();
    const long = await expectAppError(ask(s, "x".repeat(2001)), "VALIDATION");
    expect(long.fieldErrors).toEqual({ question: ["tooLong"] });
    const blank = await expectAppError(ask(s, "   "), "VALIDATION");
    expect(blank.fieldErrors).toEqual({ question: ["required"] });
  });

  it("closes at the submission deadline when the call sets no question deadline, checked at the request", async () => {
    const s = await scenario();
    setClock(new Date(SUBMISSION_CLOSES.getTime() - 60_000));
    await ask(s);
    setClock(SUBMISSION_CLOSES);
    await expectAppError(ask(s), "INVALID_STATE", "faqQuestionsClosed");
  });

  it("closes at the call's question deadline, before submission closes", async () => {
    const s = await scenario({ questionsCloseAt: "2026-02-01T12:00" });
    setClock(new Date("2026-02-01T10:59:00Z"));
    await ask(s);
    setClock(new Date("2026-02-01T11:00:00Z"));
    await expectAppError(ask(s), "INVALID_STATE", "faqQuestionsClosed");
  });

  it("no questions before the call opens or on a draft (not found)", async () => {
    setClock(new Date("2026-01-02T09:00:00Z"));
    const s = await scenario();
    setClock(new Date("2026-01-02T09:00:00Z"));
    await expectAppError(ask(s), "INVALID_STATE", "faqCallNotOpen");
    const { callId } = await createCall(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, ...callInput() });
    await expectAppError(askQuestion(db, s.firm.admin.actor, { callId, organisationId: s.firm.organisationId, question: "Domanda" }), "NOT_FOUND");
  });
});

describe("answer, publish, correct", () => {
  it("only the call's promoters answer and publish; anyone else is told the question does not exist", async () => {
    const s = await scenario();
    const { questionId } = await ask(s);
    const input = { questionId, publicQuestion: "Le spese di formazione sono ammissibili?", answer: "Sì, entro il 10%." };
    for (const who of [s.firm.admin.actor, s.lead.admin.actor, s.observer.admin.actor]) {
      await expectAppError(answerQuestion(db, who, input), "NOT_FOUND", "questionNotFound");
      await expectAppError(publishQuestion(db, who, { questionId }), "NOT_FOUND", "questionNotFound");
    }
    // A plain member of the promoter organisation does not run the coalition.
    const plain = await addMember(db, s.coalition.promoter, "member");
    await expectAppError(answerQuestion(db, plain.actor, input), "NOT_FOUND");
    // A promoter of another coalition neither.
    const other = await scenario();
    await expectAppError(answerQuestion(db, other.coalition.promoter.admin.actor, input), "NOT_FOUND");
    expect(await listQuestionsForPromoter(db, s.firm.admin.actor, s.callId, "waiting")).toBeNull();
    expect(await listQuestionsForPromoter(db, other.coalition.promoter.admin.actor, s.callId, "published")).toBeNull();

    await expectAppError(publishQuestion(db, s.coalition.promoter.admin.actor, { questionId }), "INVALID_STATE", "faqNotAnswered");
    const named = await addMember(db, s.coalition.promoter, "member", { representative: true });
    await answerQuestion(db, named.actor, input);
    await publishQuestion(db, s.coalition.promoter.admin.actor, { questionId });
    await expectAppError(answerQuestion(db, s.coalition.promoter.admin.actor, input), "INVALID_STATE", "faqAlreadyPublished");
    await expectAppError(publishQuestion(db, s.coalition.promoter.admin.actor, { questionId }), "INVALID_STATE", "faqAlreadyPublished");
    expect(await auditActionsFor(db, questionId)).toEqual(["call.question_asked", "call.question_answered", "call.question_published"]);
  });

  it("published entries are numbered 1, 2, 3 in order of publication, not of asking", async () => {
    const s = await scenario();
    const a = await ask(s, "Primo quesito");
    const b = await ask(s, "Secondo quesito");
    const c = await ask(s, "Terzo quesito");
    expect(await answerAndPublish(s, b.questionId, "B?", "Risposta B")).toEqual({ number: 1 });
    expect(await answerAndPublish(s, a.questionId, "A?", "Risposta A")).toEqual({ number: 2 });
    // Publication may come after submission closes.
    setClock(new Date(SUBMISSION_CLOSES.getTime() + 86_400_000));
    expect(await answerAndPublish(s, c.questionId, "C?", "Risposta C")).toEqual({ number: 3 });
    expect((await listPublicFaq(db, s.callId)).map((e) => [e.number, e.question])).toEqual([
      [1, "B?"],
      [2, "A?"],
      [3, "C?"],
    ]);
    // Another call numbers from 1 again.
    const other = await scenario();
    const q = await ask(other);
    expect(await answerAndPublish(other, q.questionId, "Q?", "R")).toEqual({ number: 1 });
  });

  it("the public FAQ holds only the public wording, the answer and dates — never who asked nor the original words", async () => {
    const s = await scenario();
    const original = `Siamo ${s.firm.input.legalName}, scrive ${s.firm.admin.actor.name} (${s.firm.admin.actor.email}): la formazione è ammissibile?`;
    const { questionId } = await ask(s, original);
    const unanswered = await ask(s, "Ancora senza risposta");
    expect(await listPublicFaq(db, s.callId)).toEqual([]);
    await answerQuestion(db, s.coalition.promoter.admin.actor, { questionId, publicQuestion: "La formazione è ammissibile?", answer: "Sì." });
    // Answered but not published: still not public.
    expect(await listPublicFaq(db, s.callId)).toEqual([]);
    await publishQuestion(db, s.coalition.promoter.admin.actor, { questionId });
    const faq = await listPublicFaq(db, s.callId);
    expect(faq).toHaveLength(1);
    expect(Object.keys(faq[0]).sort()).toEqual(["answer", "correctedAt", "number", "publishedAt", "question"]);
    expect(faq[0]).toMatchObject({ number: 1, question: "La formazione è ammissibile?", answer: "Sì.", correctedAt: null, publishedAt: T0 });
    const text = JSON.stringify(faq);
    for (const secret of [s.firm.input.legalName, s.firm.admin.actor.name, s.firm.admin.actor.email, s.firm.organisationId, s.firm.admin.actor.userId, questionId, unanswered.questionId, "Siamo"]) {
      expect(text).not.toContain(secret);
    }
    // The promoter's list has the original words (to answer them) but not who asked either.
    const mine = await Promise.all((["waiting", "published"] as const).map(async (section) => (await listQuestionsForPromoter(db, s.coalition.promoter.admin.actor, s.callId, section))!.questions)).then((l) => l.flat());
    expect(mine.map((q) => q.id)).toEqual([unanswered.questionId, questionId]);
    expect(JSON.stringify(mine.map((q) => ({ ...q, question: "" })))).not.toContain(s.firm.admin.actor.email);
    expect(Object.keys(mine[0])).not.toContain("askedBy");
  });

  it("a published answer is corrected with a reason; the FAQ shows when, and the number stays", async () => {
    const s = await scenario();
    const { questionId } = await ask(s);
    await expectAppError(
      correctAnswer(db, s.coalition.promoter.admin.actor, { questionId, answer: "Nuova", reason: "Errore" }),
      "INVALID_STATE",
      "faqNotPublished",
    );
    await answerAndPublish(s, questionId, "Ammissibile?", "Sì, al 100%.");
    await expectAppError(correctAnswer(db, s.firm.admin.actor, { questionId, answer: "No", reason: "x" }), "NOT_FOUND");
    const missingReason = await expectAppError(correctAnswer(db, s.coalition.promoter.admin.actor, { questionId, answer: "No", reason: "" }), "VALIDATION");
    expect(missingReason.fieldErrors).toEqual({ reason: ["required"] });
    const later = new Date(T0.getTime() + 3 * 86_400_000);
    setClock(later);
    await correctAnswer(db, s.coalition.promoter.admin.actor, { questionId, answer: "Sì, fino al 10%.", reason: "Il limite è del 10%" });
    const [entry] = await listPublicFaq(db, s.callId);
    expect(entry).toMatchObject({ number: 1, answer: "Sì, fino al 10%.", publishedAt: T0, correctedAt: later });
    const [audit] = await db.select().from(auditEntries).where(eq(auditEntries.action, "call.question_corrected")).orderBy(auditEntries.seq);
    expect(audit).toBeDefined();
    expect(await auditActionsFor(db, questionId)).toContain("call.question_corrected");
  });

  it("an observer's question counts like a member's, and another coalition member's question reaches the same FAQ", async () => {
    const s = await scenario();
    const another = await admitTestMember(db, s.coalition);
    const { questionId } = await askQuestion(db, another.admin.actor, { callId: s.callId, organisationId: another.organisationId, question: "Domanda" });
    expect(await answerAndPublish(s, questionId, "Domanda?", "Risposta")).toEqual({ number: 1 });
  });
});

describe("call form: question deadline", () => {
  it("must come after publication, after submission opens and not after submission closes", async () => {
    setClock(T0);
    const s = await scenario();
    const promoter = s.coalition.promoter.admin.actor;
    const draft = async (questionsCloseAt: string) =>
      (await createCall(db, promoter, { coalitionId: s.coalition.coalitionId, ...callInput({ questionsCloseAt }) })).callId;
    const after = await expectAppError(publishCall(db, promoter, { callId: await draft("2026-02-15T18:01") }), "VALIDATION");
    expect(after.fieldErrors).toEqual({ questionsCloseAt: ["callQuestionsCloseAfterSubmission"] });
    const past = await expectAppError(publishCall(db, promoter, { callId: await draft("2026-01-09T10:00") }), "VALIDATION");
    expect(past.fieldErrors).toEqual({ questionsCloseAt: ["callQuestionsCloseInPast"] });
    await publishCall(db, promoter, { callId: await draft("2026-02-15T18:00") });
    await publishCall(db, promoter, { callId: await draft("") });
  });
});

describe("desk: questions waiting", () => {
  it("the promoter's desk lists the call with its questions waiting; nobody else's does", async () => {
    const s = await scenario();
    const a = await ask(s, "Primo");
    setClock(new Date(T0.getTime() + 60_000));
    await ask(s, "Secondo");
    const mine = (await listQuestionsWaiting(db, s.coalition.promoter.admin.actor)).items.filter((q) => q.callId === s.callId);
    expect(mine).toEqual([expect.objectContaining({ callId: s.callId, waiting: 2, oldestAskedAt: T0 })]);
    expect((await listQuestionsWaiting(db, s.firm.admin.actor)).items.filter((q) => q.callId === s.callId)).toEqual([]);
    const plain = await addMember(db, s.coalition.promoter, "member");
    expect((await listQuestionsWaiting(db, plain.actor)).items).toEqual([]);
    await answerAndPublish(s, a.questionId, "Primo?", "Sì");
    const after = (await listQuestionsWaiting(db, s.coalition.promoter.admin.actor)).items.filter((q) => q.callId === s.callId);
    expect(after.map((q) => q.waiting)).toEqual([1]);
  });
});
