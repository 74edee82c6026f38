import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { createTestCoalition, type TestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { uniqueSuffix } from "@/test/factories";
import { listLatestResults, listOpenAndUpcomingCalls, listPublicCalls, phaseCondition } from "./browse";
import { callBrowseParamsSchema, encodeCursor, publicPhases, type CallBrowseParams } from "./browse-params";
import { callPhase } from "./policy";

let db: Db;
let coalition: TestCoalition;
const T0 = new Date("2026-03-10T09:00:00Z");
const day = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * day);
// One word no other test writes, so each search sees only this file's calls.
const marker = `zx${uniqueSuffix().replace(/[^a-z0-9]/gi, "")}`;

type Row = typeof calls.$inferInsert;

function call(overrides: Partial<Row>): Row {
  return {
    coalitionId: coalition.coalitionId,
    title: `Bando ${marker}`,
    description: "",
    status: "published",
    createdBy: coalition.promoter.admin.actor.userId,
    submissionOpensAt: at(-10),
    submissionClosesAt: at(10),
    votingOpensAt: at(20),
    votingClosesAt: at(30),
    ...overrides,
  };
}

const params = (query: Record<string, string>): CallBrowseParams => callBrowseParamsSchema.parse({ coalition: coalition.slug, ...query });

// test/setup.ts resets the clock after each test.
beforeEach(() => setClock(T0));

beforeAll(async () => {
  db = await testDb();
  setClock(T0);
  coalition = await createTestCoalition(db);
  await db.insert(calls).values([
    call({ title: `Piattaforme digitali per il distretto ${marker}`, themes: ["marketplace"], leadKinds: ["firm"] }),
    call({ title: `Formazione ${marker}`, description: "Corsi per le imprese", themes: ["training"], leadKinds: ["university"] }),
    call({ title: `Aperto a tutti ${marker}`, themes: ["erp"], leadKinds: [] }),
    call({ title: `In arrivo ${marker}`, submissionOpensAt: at(5), submissionClosesAt: at(15), votingOpensAt: at(25), votingClosesAt: at(35) }),
    call({ title: `In istruttoria ${marker}`, submissionOpensAt: at(-20), submissionClosesAt: at(-1), votingOpensAt: at(3), votingClosesAt: at(9) }),
    call({ title: `Al voto ${marker}`, submissionOpensAt: at(-20), submissionClosesAt: at(-10), votingOpensAt: at(-2), votingClosesAt: at(2) }),
    call({ title: `Da contare ${marker}`, submissionOpensAt: at(-30), submissionClosesAt: at(-20), votingOpensAt: at(-10), votingClosesAt: at(-2) }),
    call({ title: `Con esiti ${marker}`, status: "results", submissionOpensAt: at(-60), submissionClosesAt: at(-50), votingOpensAt: at(-40), votingClosesAt: at(-30), resultsPublishedAt: at(-20) }),
    call({ title: `Bozza segreta piattaforma ${marker}`, status: "draft" }),
  ]);
});

describe("listPublicCalls", () => {
  it("finds 'piattaforme' when searching 'piattaforma' (Italian stemming), and never a draft", async () => {
    const { calls: found, total } = await listPublicCalls(db, params({ q: `piattaforma ${marker}` }));
    expect(found.map((c) => c.title)).toEqual([`Piattaforme digitali per il distretto ${marker}`]);
    expect(total).toBe(1);
  });

  it("searches the description too", async () => {
    const { calls: found } = await listPublicCalls(db, params({ q: "corso impresa" }));
    expect(found.map((c) => c.title)).toEqual([`Formazione ${marker}`]);
  });

  it("lists no draft, whatever the filters", async () => {
    const { calls: all, total } = await listPublicCalls(db, params({ size: "50" }));
    expect(total).toBe(8);
    expect(all.every((c) => c.status !== "draft")).toBe(true);
    const { total: searched } = await listPublicCalls(db, callBrowseParamsSchema.parse({ q: `bozza segreta ${marker}` }));
    expect(searched).toBe(0);
  });

  it("filters by phase in SQL exactly as callPhase decides", async () => {
    for (const phase of publicPhases) {
      const { calls: found } = await listPublicCalls(db, params({ phase, size: "50" }));
      expect(found.every((c) => callPhase(c, T0) === phase), phase).toBe(true);
    }
    const count = async (phase: string) => (await listPublicCalls(db, params({ phase }))).total;
    expect(await count("open")).toBe(3);
    expect(await count("scheduled")).toBe(1);
    expect(await count("review")).toBe(1);
    expect(await count("voting")).toBe(1);
    expect(await count("counting")).toBe(1);
    expect(await count("results")).toBe(1);
    expect(await count("archived")).toBe(0);
  });

  it("agrees with callPhase for every public call in the database", async () => {
    const rows = await db.select().from(calls);
    for (const phase of publicPhases) {
      const inSql = await db.select({ id: calls.id }).from(calls).where(phaseCondition(phase, T0));
      const expected = rows.filter((r) => callPhase(r, T0) === phase).map((r) => r.id);
      expect(inSql.map((r) => r.id).sort(), phase).toEqual(expected.sort());
    }
  });

  it("filters by theme and by who may lead (an empty list lets anyone lead)", async () => {
    const theme = await listPublicCalls(db, params({ theme: "training" }));
    expect(theme.calls.map((c) => c.title)).toEqual([`Formazione ${marker}`]);
    const lead = await listPublicCalls(db, params({ lead: "university", phase: "open" }));
    expect(lead.calls.map((c) => c.title).sort()).toEqual([`Aperto a tutti ${marker}`, `Formazione ${marker}`]);
  });

  it("filters by coalition", async () => {
    const other = await listPublicCalls(db, callBrowseParamsSchema.parse({ coalition: "no-such-coalition" }));
    expect(other.total).toBe(0);
  });

  it("pages forwards and backwards with no duplicate and no gap, ties on the deadline broken by id", async () => {
    const all = (await listPublicCalls(db, params({ size: "50" }))).calls.map((c) => c.id);
    // Three calls close at the same instant (at(10)): a page boundary falls among them at size 2.
    const seen: string[] = [];
    let page = await listPublicCalls(db, params({ size: "2" }));
    const pages = [page];
    while (true) {
      seen.push(...page.calls.map((c) => c.id));
      if (!page.next) break;
      page = await listPublicCalls(db, params({ size: "2", after: encodeCursor(page.next) }));
      pages.push(page);
    }
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(8);
    expect(pages[0].previous).toBeUndefined();
    expect(pages.at(-1)?.next).toBeUndefined();

    // Back from the last page, page by page, to the first.
    const back: string[][] = [];
    let current = pages.at(-1)!;
    while (current.previous) {
      current = await listPublicCalls(db, params({ size: "2", before: encodeCursor(current.previous) }));
      back.unshift(current.calls.map((c) => c.id));
    }
    expect(back).toEqual(pages.slice(0, -1).map((p) => p.calls.map((c) => c.id)));
    expect(current.previous).toBeUndefined();
  });
});

describe("home page lists", () => {
  it("shows open and coming calls, soonest deadline first, and the latest results", async () => {
    const current = await listOpenAndUpcomingCalls(db, 100);
    const mine = current.filter((c) => c.title.endsWith(marker));
    expect(mine.map((c) => c.phase).sort()).toEqual(["open", "open", "open", "scheduled"]);
    const results = await listLatestResults(db, 100);
    expect(results.some((c) => c.title === `Con esiti ${marker}`)).toBe(true);
  });
});
