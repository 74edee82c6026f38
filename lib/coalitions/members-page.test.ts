import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { admitTestMember, createTestCoalition, type TestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { uniqueSuffix } from "@/test/factories";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { listCoalitionMembersPage } from "./members-page";

let db: Db;
let coalition: TestCoalition;
let other: TestCoalition;
let expected: string[];

beforeAll(async () => {
  db = await testDb();
  [coalition, other] = await Promise.all([createTestCoalition(db), createTestCoalition(db)]);
  const same = `Omonimi ${uniqueSuffix()} S.r.l.`;
  // Three members share a legal name: the id breaks the tie.
  for (const legalName of [same, same, same, `Alfa ${uniqueSuffix()}`, `Zeta ${uniqueSuffix()}`]) {
    await admitTestMember(db, coalition, { input: { legalName } });
  }
  await admitTestMember(db, other);
  const all = await listCoalitionMembersPage(db, coalition.coalitionId, { size: 100 });
  expected = all.members.map((m) => m.organisationId);
}, 120_000);

const cursor = (token: string | undefined) => decodeKeyCursor(token, "text");

describe("a coalition's members, one page at a time", () => {
  it("counts this coalition's members only (promoter included)", async () => {
    const all = await listCoalitionMembersPage(db, coalition.coalitionId, { size: 100 });
    expect(all.total).toBe(6);
    expect(all.members).toHaveLength(6);
    expect(all.members.map((m) => m.organisationId)).not.toContain((await listCoalitionMembersPage(db, other.coalitionId)).members.at(-1)?.organisationId);
    expect(all.next).toBeUndefined();
    expect(all.previous).toBeUndefined();
  });

  it("visits every member once, forwards and back, ties included, with the position of each page", async () => {
    const seen: string[] = [];
    const ranges: string[] = [];
    let page = await listCoalitionMembersPage(db, coalition.coalitionId, { size: 2 });
    expect(page.previous).toBeUndefined();
    for (;;) {
      seen.push(...page.members.map((m) => m.organisationId));
      ranges.push(`${page.from}-${page.to}/${page.total}`);
      if (!page.next) break;
      page = await listCoalitionMembersPage(db, coalition.coalitionId, { size: 2, after: cursor(page.next) });
    }
    expect(seen).toEqual(expected);
    expect(ranges).toEqual(["1-2/6", "3-4/6", "5-6/6"]);

    const back: string[] = [];
    while (page.previous) {
      page = await listCoalitionMembersPage(db, coalition.coalitionId, { size: 2, before: cursor(page.previous) });
      back.unshift(...page.members.map((m) => m.organisationId));
      expect(page.next).toBeDefined();
    }
    expect(back).toEqual(expected.slice(0, 4));
    expect(page.from).toBe(1);
  });

  it("reads a tampered cursor as no cursor", () => {
    expect(cursor("not-a-cursor")).toBeUndefined();
    expect(cursor(Buffer.from(JSON.stringify([1, "x"])).toString("base64url"))).toBeUndefined();
  });
});
