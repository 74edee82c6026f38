import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls, coalitionMembers, coalitions, protocolAdhesions } from "@/db/schema";
import { canonicalProtocolText } from "@/lib/protocol/canonical";
import { getCurrentProtocol, listMembersNotAdhered, listPublishedVersions, themesOverview } from "@/lib/protocol/queries";
import { testDb } from "@/test/db";
import { createHash } from "node:crypto";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "./calls";
import { DEMO_COALITION, seed } from "./index";
import { ensureProtocol } from "./protocol";

describe("the demo coalition's protocol (issue 14)", () => {
  it("version 2 amends version 1; every member adhered to both; calls name its themes; once", async () => {
    const db = await testDb();
    await seed(db);
    const [coalition] = await db.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
    const current = (await getCurrentProtocol(db, coalition.id))!;
    expect(current.version).toBe(2);
    expect(current.amendmentNote).toMatch(/Turismo e agroalimentare/);
    expect(current.textSha256).toBe(createHash("sha256").update(canonicalProtocolText(current), "utf8").digest("hex"));
    expect(current.body).toContain("Cuorgnè");
    const members = await db.select().from(coalitionMembers).where(eq(coalitionMembers.coalitionId, coalition.id));
    const history = await listPublishedVersions(db, coalition.id);
    expect(history.map((h) => [h.version, h.adherents])).toEqual([
      [2, members.length],
      [1, members.length],
    ]);
    expect((await listMembersNotAdhered(db, coalition.id, current.id)).total).toBe(0);
    // Each adhesion came after its version's publication, with that version's hash.
    const v2 = await db.select().from(protocolAdhesions).where(eq(protocolAdhesions.protocolVersionId, current.id));
    for (const a of v2) {
      expect(a.adheredAt.getTime()).toBeGreaterThan(current.publishedAt.getTime());
      expect(a.textSha256).toBe(current.textSha256);
    }
    const [open] = await db.select().from(calls).where(and(eq(calls.coalitionId, coalition.id), eq(calls.title, OPEN_CALL_TITLE)));
    const [past] = await db.select().from(calls).where(and(eq(calls.coalitionId, coalition.id), eq(calls.title, PAST_CALL_TITLE)));
    expect(open.protocolThemes).toEqual(["erp", "marketplace", "logistica"]);
    expect(past.protocolThemes).toEqual(["competenze", "sicurezza-cloud"]);
    const [competenze] = await themesOverview(db, coalition.id, ["competenze"]);
    expect(competenze.callTotal).toBe(1);
    expect(competenze.projectTotal).toBeGreaterThan(0);

    const again = { changes: [] as string[], warnings: [] as string[] };
    await ensureProtocol(db, again);
    expect(again).toEqual({ changes: [], warnings: [] });
  }, 300_000);
});
