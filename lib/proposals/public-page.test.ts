import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { testDb } from "@/test/db";
import { uniqueSuffix } from "@/test/factories";
import { createScenario, newDraft, type Scenario } from "@/test/proposals";
import { listPublicProposalsPage } from "./public-page";

let db: Db;
let s: Scenario;
const listed: string[] = [];
let draft: string;

async function submittedAs(scenario: Scenario, reference: string | null) {
  const id = await newDraft(db, scenario);
  await db.update(proposals).set({ status: "submitted", submittedAt: new Date(), reference }).where(eq(proposals.id, id));
  return id;
}

beforeAll(async () => {
  db = await testDb();
  s = await createScenario(db);
  const prefix = `PUB-${uniqueSuffix()}`;
  // Two without a reference sort together first: the id breaks the tie.
  for (const ref of [`${prefix}-0003`, null, `${prefix}-0001`, null, `${prefix}-0002`]) listed.push(await submittedAs(s, ref));
  draft = await newDraft(db, s);
  const other = await createScenario(db);
  await submittedAs(other, `${prefix}-0009`);
}, 120_000);

const cursor = (token: string | undefined) => decodeKeyCursor(token, "text");

describe("a call's public proposals, one page at a time", () => {
  it("counts this call's submitted proposals only, never a draft or another call's", async () => {
    const all = await listPublicProposalsPage(db, s.callId, { size: 100 });
    expect(all.total).toBe(5);
    expect(new Set(all.proposals.map((p) => p.id))).toEqual(new Set(listed));
    expect(all.proposals.map((p) => p.id)).not.toContain(draft);
    expect(all.proposals.slice(2).map((p) => p.reference?.slice(-4))).toEqual(["0001", "0002", "0003"]);
  });

  it("visits every proposal once, forwards and back, with the position of each page", async () => {
    const expected = (await listPublicProposalsPage(db, s.callId, { size: 100 })).proposals.map((p) => p.id);
    const seen: string[] = [];
    const ranges: string[] = [];
    let page = await listPublicProposalsPage(db, s.callId, { size: 2 });
    for (;;) {
      seen.push(...page.proposals.map((p) => p.id));
      ranges.push(`${page.from}-${page.to}/${page.total}`);
      if (!page.next) break;
      page = await listPublicProposalsPage(db, s.callId, { size: 2, after: cursor(page.next) });
    }
    expect(seen).toEqual(expected);
    expect(ranges).toEqual(["1-2/5", "3-4/5", "5-5/5"]);
    const back: string[] = [];
    while (page.previous) {
      page = await listPublicProposalsPage(db, s.callId, { size: 2, before: cursor(page.previous) });
      back.unshift(...page.proposals.map((p) => p.id));
    }
    expect(back).toEqual(expected.slice(0, 4));
    expect(page.from).toBe(1);
  });
});
