import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { testDb } from "@/test/db";
import { createVotingScenario, VOTING, type VotingScenario } from "@/test/voting";
import { listBoothProposalsPage, type BoothFilter } from "./booth-page";
import { castBallot } from "./service";

let db: Db;
let s: VotingScenario;
let other: VotingScenario;
/** The call's admissible proposals, by id. */
const listed: string[] = [];
let conflicted: string;
let votedByFirm: string[];
let votedByUniversity: string;
let submitted: string;

const cursor = (token: string | undefined) => decodeKeyCursor(token, "text");

beforeAll(async () => {
  db = await testDb();
  s = await createVotingScenario(db);
  other = await createVotingScenario(db);
  for (let i = 0; i < 7; i++) listed.push(await s.proposal());
  // The firm partners one of them: a conflict of interest, never votable by the firm.
  conflicted = await s.proposal({ partners: [s.firm] });
  listed.push(conflicted);
  // Three without a reference sort together first: the id breaks the tie.
  await db.update(proposals).set({ reference: null }).where(inArray(proposals.id, [listed[1], listed[4], listed[6]]));
  submitted = await s.proposal({ status: "submitted" });
  const elsewhere = await other.proposal();
  setClock(VOTING);
  votedByFirm = [listed[0], listed[4]];
  for (const p of votedByFirm) await castBallot(db, s.firm.admin.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: 1 });
  // Another organisation's ballot and another call's: neither counts for the firm here.
  votedByUniversity = listed[2];
  await castBallot(db, s.university.admin.actor, { callId: s.callId, proposalId: votedByUniversity, organisationId: s.university.organisationId, value: -1 });
  await castBallot(db, other.firm.admin.actor, { callId: other.callId, proposalId: elsewhere, organisationId: other.firm.organisationId, value: 1 });
}, 120_000);

/** Every page forwards, then back from the last, with each page's position. */
async function walk(filter: BoothFilter, size: number) {
  const seen: string[] = [];
  const ranges: string[] = [];
  let page = await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { filter, size });
  for (;;) {
    seen.push(...page.proposals.map((p) => p.id));
    ranges.push(`${page.from}-${page.to}/${page.matching}`);
    if (!page.next) break;
    page = await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { filter, size, after: cursor(page.next) });
  }
  const back: string[] = [...page.proposals.map((p) => p.id)];
  while (page.previous) {
    page = await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { filter, size, before: cursor(page.previous) });
    back.unshift(...page.proposals.map((p) => p.id));
  }
  return { seen, ranges, back, firstFrom: page.from };
}

describe("the voting page's proposals, one page at a time", () => {
  it("lists this call's admissible proposals only, by reference then id, with the organisation's ballots and conflicts", async () => {
    const all = await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { size: 100 });
    expect(new Set(all.proposals.map((p) => p.id))).toEqual(new Set(listed));
    expect(all.proposals.map((p) => p.id)).not.toContain(submitted);
    // No reference first, in id order; then by reference.
    const noReference = all.proposals.slice(0, 3);
    expect(noReference.every((p) => p.reference === null)).toBe(true);
    expect(noReference.map((p) => p.id)).toEqual([...noReference.map((p) => p.id)].sort());
    const references = all.proposals.slice(3).map((p) => p.reference!);
    expect(references).toEqual([...references].sort());

    const byId = new Map(all.proposals.map((p) => [p.id, p]));
    expect(byId.get(conflicted)!.conflict).toBe(true);
    expect(all.proposals.filter((p) => p.conflict).map((p) => p.id)).toEqual([conflicted]);
    for (const id of votedByFirm) expect(byId.get(id)!.ballot).toMatchObject({ value: 1, revision: 1, castByName: s.firm.admin.actor.name });
    // The university's ballot is not the firm's.
    expect(byId.get(votedByUniversity)!.ballot).toBeNull();
    expect(all.proposals.filter((p) => p.ballot).map((p) => p.id).sort()).toEqual([...votedByFirm].sort());

    expect(all).toMatchObject({ total: 8, votable: 7, voted: 2, matching: 8, from: 1, to: 8 });
  });

  it("visits every proposal once across pages, forwards and back, ties included", async () => {
    const expected = (await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { size: 100 })).proposals.map((p) => p.id);
    const { seen, ranges, back, firstFrom } = await walk("all", 3);
    expect(seen).toEqual(expected);
    expect(ranges).toEqual(["1-3/8", "4-6/8", "7-8/8"]);
    expect(back).toEqual(expected);
    expect(firstFrom).toBe(1);
  });

  it("filters to the proposals still to vote on: no ballot of this organisation, no conflict", async () => {
    const expected = (await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { size: 100 })).proposals
      .filter((p) => !p.ballot && !p.conflict)
      .map((p) => p.id);
    expect(expected).toHaveLength(5);
    expect(expected).toContain(votedByUniversity);
    const { seen, ranges, back } = await walk("unvoted", 2);
    expect(seen).toEqual(expected);
    expect(ranges).toEqual(["1-2/5", "3-4/5", "5-5/5"]);
    expect(back).toEqual(expected);
    const first = await listBoothProposalsPage(db, s.callId, s.firm.organisationId, { filter: "unvoted", size: 2 });
    // The progress is of the whole call, whatever the filter.
    expect(first).toMatchObject({ total: 8, votable: 7, voted: 2, matching: 5 });
  });

  it("counts for the organisation asked about: the university voted once and has no conflict", async () => {
    const page = await listBoothProposalsPage(db, s.callId, s.university.organisationId, { filter: "unvoted", size: 100 });
    expect(page).toMatchObject({ total: 8, votable: 8, voted: 1, matching: 7 });
    expect(page.proposals.map((p) => p.id)).not.toContain(votedByUniversity);
  });

  it("after a vote, the same cursor and filter give the rest of the page without the proposal voted on", async () => {
    const first = await listBoothProposalsPage(db, s.callId, s.university.organisationId, { filter: "unvoted", size: 2 });
    const second = await listBoothProposalsPage(db, s.callId, s.university.organisationId, { filter: "unvoted", size: 2, after: cursor(first.next) });
    const [target, rest] = second.proposals;
    setClock(VOTING);
    await castBallot(db, s.university.admin.actor, { callId: s.callId, proposalId: target.id, organisationId: s.university.organisationId, value: 1 });
    const again = await listBoothProposalsPage(db, s.callId, s.university.organisationId, { filter: "unvoted", size: 2, after: cursor(first.next) });
    expect(again.proposals[0].id).toBe(rest.id);
    expect(again.proposals.map((p) => p.id)).not.toContain(target.id);
    expect(again).toMatchObject({ voted: 2, matching: 6, from: 3 });
  });
});
