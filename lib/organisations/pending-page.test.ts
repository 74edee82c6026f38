import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { testDb } from "@/test/db";
import { HOSTILE_TOKENS, walkPages } from "@/test/keyset";
import { createOrganisation, createPlatformAdmin, createUser } from "@/test/factories";
import { listPendingOrganisations } from "./queries";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const walk = (actor: Parameters<typeof listPendingOrganisations>[1], size: number, direction?: "next" | "previous", start?: string) =>
  walkPages((cursors) => listPendingOrganisations(db, actor, { ...cursors, size }), direction, start);

describe("the pending organisations, 50 a page", () => {
  it("shows every pending organisation once, oldest first, across pages both ways; verified ones and other people are left out", async () => {
    const admin = await createPlatformAdmin(db);
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await createOrganisation(db)).organisationId);
    const verified = (await createOrganisation(db, { verified: true })).organisationId;

    const forward = await walk(admin.actor, 2);
    const ids = forward.flatMap((p) => p.organisations.map((o) => o.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => mine.includes(id))).toEqual(mine);
    expect(ids).not.toContain(verified);
    // Counts and positions are those of the whole list.
    expect(forward[0].from).toBe(1);
    expect(forward.at(-1)!.to).toBe(forward[0].total);
    for (const [i, p] of forward.entries()) if (i > 0) expect(p.from).toBe(forward[i - 1].to + 1);
    const times = forward.flatMap((p) => p.organisations.map((o) => o.createdAt.getTime()));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Back from the last page through the previous links: the same pages.
    const last = forward.at(-1)!;
    expect(forward.length).toBeGreaterThan(1);
    const backward = await walk(admin.actor, 2, "previous", last.previous);
    expect([...backward].reverse().flatMap((p) => p.organisations.map((o) => o.id))).toEqual(ids.slice(0, ids.length - last.organisations.length));

    // Not a platform admin: nothing.
    expect((await listPendingOrganisations(db, (await createUser(db)).actor)).organisations).toEqual([]);
  });

  it("a hostile or malformed cursor reads as the first page", async () => {
    const admin = await createPlatformAdmin(db);
    await createOrganisation(db);
    const first = await listPendingOrganisations(db, admin.actor, { size: 3 });
    for (const token of HOSTILE_TOKENS) {
      const page = await listPendingOrganisations(db, admin.actor, { after: decodeKeyCursor(token, "number"), size: 3 });
      expect(page.organisations.map((o) => o.id)).toEqual(first.organisations.map((o) => o.id));
    }
  });
});
