import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { coalitionProtocolVersions, protocolAdhesions } from "@/db/schema";
import { admitTestMember, createTestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { adhereToProtocol, publishProtocolVersion, saveProtocolDraft } from "./service";

/** Concurrency attacks on the protocol (issue 14 review), run in parallel on the real database. */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const draft = (coalitionId: string, title = "Protocollo d'intesa") => ({
  coalitionId,
  title,
  body: "## Obiettivi\nDigitalizzare le imprese del territorio.",
  themes: [{ key: "erp", label: "ERP condivisi", description: "" }],
  amendmentNote: "",
});

describe("the protocol under parallel requests", () => {
  it("two first drafts at once make one draft; the same adhesion five times at once makes one row and one audit entry", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const drafts = await Promise.all([saveProtocolDraft(db, c.promoter.admin.actor, draft(c.coalitionId, "A")), saveProtocolDraft(db, c.promoter.admin.actor, draft(c.coalitionId, "B"))]);
    expect(drafts[0]).toEqual(drafts[1]);
    expect(await db.select().from(coalitionProtocolVersions).where(eq(coalitionProtocolVersions.coalitionId, c.coalitionId))).toHaveLength(1);
    const v1 = await publishProtocolVersion(db, c.promoter.admin.actor, { versionId: drafts[0].versionId });
    const input = { versionId: drafts[0].versionId, organisationId: member.organisationId, textSha256: v1.textSha256 };
    const results = await Promise.all(Array.from({ length: 5 }, () => adhereToProtocol(db, member.admin.actor, input)));
    expect(results.filter((r) => !r.alreadyAdhered)).toHaveLength(1);
    const rows = await db.select().from(protocolAdhesions).where(and(eq(protocolAdhesions.protocolVersionId, drafts[0].versionId), eq(protocolAdhesions.organisationId, member.organisationId)));
    expect(rows).toHaveLength(1);
    expect((await auditActionsFor(db, rows[0].id)).filter((a) => a === "protocol.adhered")).toHaveLength(1);
  });

  it("an adhesion racing an amendment's publication never lands on the superseded version after it", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const { versionId: v1Id } = await saveProtocolDraft(db, c.promoter.admin.actor, draft(c.coalitionId));
    const v1 = await publishProtocolVersion(db, c.promoter.admin.actor, { versionId: v1Id });
    const { versionId: v2Id } = await saveProtocolDraft(db, c.promoter.admin.actor, { ...draft(c.coalitionId, "Protocollo modificato"), amendmentNote: "Nuovo tema" });
    const [adhesion, published] = await Promise.allSettled([
      adhereToProtocol(db, member.admin.actor, { versionId: v1Id, organisationId: member.organisationId, textSha256: v1.textSha256 }),
      publishProtocolVersion(db, c.promoter.admin.actor, { versionId: v2Id }),
    ]);
    expect(published.status).toBe("fulfilled");
    const [v2] = await db.select().from(coalitionProtocolVersions).where(eq(coalitionProtocolVersions.id, v2Id));
    if (adhesion.status === "fulfilled") {
      // It committed first: its time is before v2's publication.
      const [row] = await db.select().from(protocolAdhesions).where(eq(protocolAdhesions.protocolVersionId, v1Id));
      expect(row.adheredAt.getTime()).toBeLessThanOrEqual(v2.publishedAt!.getTime());
    } else {
      expect(adhesion.reason).toMatchObject({ code: "INVALID_STATE", messageKey: "protocolVersionNotCurrent" });
    }
  });
});
