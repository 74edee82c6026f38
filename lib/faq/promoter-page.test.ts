import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { testDb } from "@/test/db";
import { HOSTILE_TOKENS, walkPages } from "@/test/keyset";
import { createScenario, type Scenario } from "@/test/proposals";
import { listQuestionsForPromoter } from "./queries";
import { answerQuestion, askQuestion, publishQuestion } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const ask = async (s: Scenario, n: number) =>
  (await askQuestion(db, s.firm.admin.actor, { callId: s.callId, organisationId: s.firm.organisationId, question: `Quesito numero ${n}?` })).questionId;

describe("the promoter's questions, 50 a page per section", () => {
  it("lists each waiting and each published question once across pages both ways, in order; another call's left out", async () => {
    const s = await createScenario(db);
    const other = await createScenario(db);
    const asked: string[] = [];
    for (let n = 0; n < 7; n++) asked.push(await ask(s, n));
    const elsewhere = await ask(other, 99);
    const promoter = s.coalition.promoter.admin.actor;
    // Published in reverse order: the published section follows the numbers given at publication.
    const toPublish = asked.slice(4).reverse();
    for (const questionId of toPublish) {
      await answerQuestion(db, promoter, { questionId, publicQuestion: "Quesito?", answer: "Sì." });
      await publishQuestion(db, promoter, { questionId });
    }
    const read = (section: "waiting" | "published", direction?: "next" | "previous", start?: string) =>
      walkPages(async (cursors) => (await listQuestionsForPromoter(db, promoter, s.callId, section, { ...cursors, size: 2 }))!, direction, start);

    const waiting = await read("waiting");
    const waitingIds = waiting.flatMap((p) => p.questions.map((q) => q.id));
    // Asked in this order (ties of the same instant broken by id): each once, no published one, not the other call's.
    expect([...waitingIds].sort()).toEqual(asked.slice(0, 4).sort());
    expect(waiting.map((p) => [p.total, p.from, p.to])).toEqual([
      [4, 1, 2],
      [4, 3, 4],
    ]);
    const askedTimes = waiting.flatMap((p) => p.questions.map((q) => q.askedAt.getTime()));
    expect(askedTimes).toEqual([...askedTimes].sort((a, b) => a - b));
    expect(waitingIds).not.toContain(elsewhere);

    const published = await read("published");
    expect(published.flatMap((p) => p.questions.map((q) => q.id))).toEqual(toPublish);
    expect(published.flatMap((p) => p.questions.map((q) => q.number))).toEqual([1, 2, 3]);
    const back = await read("published", "previous", published.at(-1)!.previous);
    expect(back.reverse().flatMap((p) => p.questions.map((q) => q.id))).toEqual(toPublish.slice(0, 2));
  });

  it("a hostile or malformed cursor reads as the first page; anyone but the promoter gets nothing", async () => {
    const s = await createScenario(db);
    for (let n = 0; n < 3; n++) await ask(s, n);
    const promoter = s.coalition.promoter.admin.actor;
    const first = (await listQuestionsForPromoter(db, promoter, s.callId, "waiting", { size: 2 }))!;
    for (const token of HOSTILE_TOKENS) {
      const page = (await listQuestionsForPromoter(db, promoter, s.callId, "waiting", { after: decodeKeyCursor(token, "number"), size: 2 }))!;
      expect(page.questions.map((q) => q.id)).toEqual(first.questions.map((q) => q.id));
    }
    expect(await listQuestionsForPromoter(db, s.firm.admin.actor, s.callId, "waiting")).toBeNull();
  });
});
