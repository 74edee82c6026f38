import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callQuestions, calls } from "@/db/schema";
import { listPublicFaq } from "@/lib/faq/queries";
import { testDb } from "@/test/db";
import { OPEN_CALL_TITLE } from "./calls";
import { DEMO_QUESTIONS, ensureFaq } from "./faq";
import { seed } from "./index";

describe("the open call's FAQ (issue 10)", () => {
  it("two published entries, reworded so they name nobody, and one question waiting; once", async () => {
    const db = await testDb();
    await seed(db);
    const [call] = await db.select().from(calls).where(eq(calls.title, OPEN_CALL_TITLE));
    const faq = await listPublicFaq(db, call.id);
    expect(faq.map((e) => [e.number, e.question])).toEqual([
      [1, DEMO_QUESTIONS[0].published!.publicQuestion],
      [2, DEMO_QUESTIONS[1].published!.publicQuestion],
    ]);
    expect(JSON.stringify(faq)).not.toContain("Elettronica Canavesana");
    const rows = await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id));
    expect(rows.filter((r) => !r.publishedAt).map((r) => r.question)).toEqual([DEMO_QUESTIONS[2].question]);
    const again = { changes: [] as string[], warnings: [] as string[] };
    await ensureFaq(db, again);
    expect(again).toEqual({ changes: [], warnings: [] });
    expect(await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id))).toHaveLength(3);
  }, 300_000);
});
