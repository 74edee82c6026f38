import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { createTestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { createOrganisation } from "@/test/factories";
import { HOSTILE_TOKENS, walkPages } from "@/test/keyset";
import { listPendingJoinRequests } from "./queries";
import { decideJoinRequest, inviteOrganisationToCoalition, requestToJoinCoalition } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("a coalition's pending requests and invitations, 50 a page", () => {
  it("lists each pending request once across pages both ways, oldest first; invitations, decided requests and other coalitions' left out", async () => {
    const c = await createTestCoalition(db);
    const other = await createTestCoalition(db);
    const ask = async (coalitionId: string) => {
      const org = await createOrganisation(db, { verified: true });
      return (await requestToJoinCoalition(db, org.admin.actor, { coalitionId, organisationId: org.organisationId, motivation: "Siamo del distretto" })).requestId;
    };
    const requests: string[] = [];
    for (let i = 0; i < 5; i++) requests.push(await ask(c.coalitionId));
    const declined = await ask(c.coalitionId);
    await decideJoinRequest(db, c.promoter.admin.actor, { requestId: declined, decision: "decline", reason: "Fuori distretto" });
    const elsewhere = await ask(other.coalitionId);
    const invitations: string[] = [];
    for (let i = 0; i < 3; i++) {
      const org = await createOrganisation(db, { verified: true });
      invitations.push((await inviteOrganisationToCoalition(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: org.organisationId, role: "member", weight: 1 })).requestId);
    }
    const read = (direction: "request" | "invitation", start?: string, back?: boolean) =>
      walkPages((cursors) => listPendingJoinRequests(db, c.promoter.admin.actor, c.coalitionId, direction, { ...cursors, size: 2 }), back ? "previous" : "next", start);

    const pages = await read("request");
    expect(pages.map((p) => p.requests.map((r) => r.id))).toEqual([requests.slice(0, 2), requests.slice(2, 4), requests.slice(4)]);
    expect(pages.map((p) => [p.total, p.from, p.to])).toEqual([
      [5, 1, 2],
      [5, 3, 4],
      [5, 5, 5],
    ]);
    const ids = pages.flatMap((p) => p.requests.map((r) => r.id));
    for (const absent of [declined, elsewhere, ...invitations]) expect(ids).not.toContain(absent);
    // Back from the last page: the same pages.
    const back = await read("request", pages[2].previous, true);
    expect(back.map((p) => p.requests.map((r) => r.id))).toEqual([requests.slice(2, 4), requests.slice(0, 2)]);

    const invited = await read("invitation");
    expect(invited.flatMap((p) => p.requests.map((r) => r.id))).toEqual(invitations);
    expect(invited[0].total).toBe(3);

    // Another coalition's promoter, or a plain member, sees nothing of this one.
    expect((await listPendingJoinRequests(db, other.promoter.admin.actor, c.coalitionId, "request")).requests).toEqual([]);
  });

  it("a hostile or malformed cursor reads as the first page", async () => {
    const c = await createTestCoalition(db);
    for (let i = 0; i < 3; i++) {
      const org = await createOrganisation(db, { verified: true });
      await requestToJoinCoalition(db, org.admin.actor, { coalitionId: c.coalitionId, organisationId: org.organisationId, motivation: "Siamo del distretto" });
    }
    const first = await listPendingJoinRequests(db, c.promoter.admin.actor, c.coalitionId, "request", { size: 2 });
    for (const token of HOSTILE_TOKENS) {
      const page = await listPendingJoinRequests(db, c.promoter.admin.actor, c.coalitionId, "request", { after: decodeKeyCursor(token, "number"), size: 2 });
      expect(page.requests.map((r) => r.id)).toEqual(first.requests.map((r) => r.id));
    }
  });
});
