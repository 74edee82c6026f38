import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { coalitionProtocolVersions, notifications, protocolAdhesions } from "@/db/schema";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition, type TestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { canonicalProtocolText } from "./canonical";
import { getCurrentProtocol, getProtocolForPromoter, listAdherents, listMembersNotAdhered, listPublishedVersions, listViewerAdheringOrganisations } from "./queries";
import { adhereToProtocol, publishProtocolVersion, saveProtocolDraft } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const THEMES = [
  { key: "", label: "Piattaforme gestionali condivise (ERP)", description: "Gestionali comuni tra imprese" },
  { key: "marketplace", label: "Marketplace e commercio digitale", description: "" },
];

const draftInput = (c: TestCoalition, overrides: Record<string, unknown> = {}) => ({
  coalitionId: c.coalitionId,
  title: "Protocollo d'intesa del patto",
  body: "## Obiettivi\r\nDigitalizzare le imprese del territorio.   \n\n",
  themes: THEMES,
  amendmentNote: "",
  ...overrides,
});

async function publishNew(c: TestCoalition, overrides: Record<string, unknown> = {}) {
  const { versionId } = await saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, overrides));
  const published = await publishProtocolVersion(db, c.promoter.admin.actor, { versionId });
  return { versionId, ...published };
}

describe("versions", () => {
  it("a draft is saved, changed, published as version 1 with the hash of its canonical text; each step audited", async () => {
    const c = await createTestCoalition(db);
    const first = await saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c));
    expect(first.version).toBe(1);
    const again = await saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { title: "Protocollo d'intesa per il Canavese" }));
    expect(again).toEqual(first);
    // The public sees nothing while it is a draft.
    expect(await getCurrentProtocol(db, c.coalitionId)).toBeNull();
    const promoterView = await getProtocolForPromoter(db, c.promoter.admin.actor, c.coalitionId);
    expect(promoterView?.draft?.title).toBe("Protocollo d'intesa per il Canavese");
    // Keys: a blank one is the label's slug; the body's line endings and trailing space are normalised.
    expect(promoterView?.draft?.themes).toEqual([
      { key: "piattaforme-gestionali-condivise-erp", label: "Piattaforme gestionali condivise (ERP)", description: "Gestionali comuni tra imprese" },
      { key: "marketplace", label: "Marketplace e commercio digitale" },
    ]);
    expect(promoterView?.draft?.body).toBe("## Obiettivi\nDigitalizzare le imprese del territorio.");

    const { version, textSha256 } = await publishProtocolVersion(db, c.promoter.admin.actor, { versionId: first.versionId });
    expect(version).toBe(1);
    const expectedText = [
      "Protocollo d'intesa",
      "Versione: 1",
      "Titolo: Protocollo d'intesa per il Canavese",
      "Temi prioritari:",
      "- piattaforme-gestionali-condivise-erp: Piattaforme gestionali condivise (ERP) — Gestionali comuni tra imprese",
      "- marketplace: Marketplace e commercio digitale",
      "",
      "## Obiettivi",
      "Digitalizzare le imprese del territorio.",
      "",
    ].join("\n");
    const current = (await getCurrentProtocol(db, c.coalitionId))!;
    expect(canonicalProtocolText(current)).toBe(expectedText);
    expect(textSha256).toBe(createHash("sha256").update(expectedText, "utf8").digest("hex"));
    expect(current.textSha256).toBe(textSha256);
    expect(await auditActionsFor(db, first.versionId)).toEqual(["protocol.draft_saved", "protocol.draft_saved", "protocol.published"]);
  });

  it("published versions are frozen; the next draft is version 2 and needs an amendment note; one draft at a time", async () => {
    const c = await createTestCoalition(db);
    const v1 = await publishNew(c);
    await expectAppError(publishProtocolVersion(db, c.promoter.admin.actor, { versionId: v1.versionId }), "INVALID_STATE", "protocolAlreadyPublished");
    const noNote = await expectAppError(saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c)), "VALIDATION");
    expect(noNote.fieldErrors).toEqual({ amendmentNote: ["protocolAmendmentNoteRequired"] });
    const d2 = await saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { amendmentNote: "Aggiunto il tema della logistica." }));
    expect(d2.version).toBe(2);
    // Saving again edits the same draft: never a second one.
    const d2b = await saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { amendmentNote: "Aggiunto il tema della logistica di filiera." }));
    expect(d2b.versionId).toBe(d2.versionId);
    const rows = await db.select().from(coalitionProtocolVersions).where(eq(coalitionProtocolVersions.coalitionId, c.coalitionId));
    expect(rows.map((r) => [r.version, r.publishedAt !== null]).sort()).toEqual([
      [1, true],
      [2, false],
    ]);
    // Version 1 kept its text.
    expect(rows.find((r) => r.version === 1)!.textSha256).toBe(v1.textSha256);
    const v2 = await publishProtocolVersion(db, c.promoter.admin.actor, { versionId: d2.versionId });
    expect(v2.version).toBe(2);
    expect(v2.textSha256).not.toBe(v1.textSha256);
    expect((await getCurrentProtocol(db, c.coalitionId))!.amendmentNote).toBe("Aggiunto il tema della logistica di filiera.");
    expect((await listPublishedVersions(db, c.coalitionId)).map((v) => v.version)).toEqual([2, 1]);
  });

  it("a publication asks every member's representatives to adhere, not its author nor plain members", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const observer = await admitTestMember(db, c, { role: "observer" });
    const plain = await addMember(db, member, "member");
    const { versionId } = await publishNew(c);
    const told = await db.select({ userId: notifications.userId, kind: notifications.kind, href: notifications.href }).from(notifications).where(eq(notifications.dedupeKey, `protocol_published:${versionId}`));
    expect(told.map((n) => n.userId).sort()).toEqual([member.admin.actor.userId, observer.admin.actor.userId].sort());
    expect(told[0]).toMatchObject({ kind: "protocol_published", href: `/coalitions/${c.slug}/protocol` });
    expect(told.map((n) => n.userId)).not.toContain(plain.actor.userId);
  });

  it("themes: 1 to 12, valid and unique keys, bounded texts", async () => {
    const c = await createTestCoalition(db);
    const none = await expectAppError(saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { themes: [] })), "VALIDATION");
    expect(none.fieldErrors).toEqual({ themes: ["protocolThemesCount"] });
    const many = Array.from({ length: 13 }, (_, i) => ({ key: `t${i}`, label: `Tema ${i}`, description: "" }));
    await expectAppError(saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { themes: many })), "VALIDATION");
    const bad = await expectAppError(saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { themes: [{ key: "Non Valida", label: "X", description: "" }] })), "VALIDATION");
    expect(bad.fieldErrors).toEqual({ "themes.0.key": ["protocolThemeKeyInvalid"] });
    const dup = await expectAppError(
      saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { themes: [{ key: "erp", label: "ERP", description: "" }, { key: "", label: "Erp", description: "" }] })),
      "VALIDATION",
    );
    expect(dup.fieldErrors).toEqual({ "themes.1.key": ["protocolThemeKeyDuplicate"] });
    const long = await expectAppError(saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { body: "x".repeat(50_001) })), "VALIDATION");
    expect(long.fieldErrors).toEqual({ body: ["tooLong"] });
  });

  it("only the promoter's representatives write and publish", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const plain = await addMember(db, c.promoter, "member");
    const named = await addMember(db, c.promoter, "member", { representative: true });
    const stranger = await createUser(db);
    for (const who of [member.admin.actor, plain.actor, stranger.actor]) {
      await expectAppError(saveProtocolDraft(db, who, draftInput(c)), "FORBIDDEN");
    }
    await expectAppError(saveProtocolDraft(db, null, draftInput(c)), "UNAUTHENTICATED");
    // A member the promoter's admin named representative runs the coalition too.
    const { versionId } = await saveProtocolDraft(db, named.actor, draftInput(c));
    for (const who of [member.admin.actor, plain.actor, stranger.actor]) {
      await expectAppError(publishProtocolVersion(db, who, { versionId }), "FORBIDDEN");
    }
    await expectAppError(publishProtocolVersion(db, null, { versionId }), "UNAUTHENTICATED");
    expect(await getProtocolForPromoter(db, member.admin.actor, c.coalitionId)).toBeNull();
    await publishProtocolVersion(db, named.actor, { versionId });
  });
});

describe("adhesion", () => {
  it("a member's representative adheres to the current version with its hash; twice changes nothing; recorded with who, when, hash", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const v1 = await publishNew(c);
    const input = { versionId: v1.versionId, organisationId: member.organisationId, textSha256: v1.textSha256 };
    const first = await adhereToProtocol(db, member.admin.actor, input);
    expect(first.alreadyAdhered).toBe(false);
    const second = await adhereToProtocol(db, member.admin.actor, { ...input, textSha256: v1.textSha256.toUpperCase() });
    expect(second).toEqual({ adhesionId: first.adhesionId, alreadyAdhered: true });
    const [row] = await db.select().from(protocolAdhesions).where(eq(protocolAdhesions.id, first.adhesionId));
    expect(row).toMatchObject({ organisationId: member.organisationId, adheredBy: member.admin.actor.userId, textSha256: v1.textSha256, coalitionId: c.coalitionId });
    expect(await auditActionsFor(db, first.adhesionId)).toEqual(["protocol.adhered"]);
    const adherents = await listAdherents(db, v1.versionId);
    expect(adherents.rows.map((r) => r.organisationId)).toEqual([member.organisationId]);
    expect(adherents.total).toBe(1);
    // The promoter has not adhered yet: it is listed as missing.
    const missing = await listMembersNotAdhered(db, c.coalitionId, v1.versionId);
    expect(missing.rows.map((r) => r.organisationId)).toEqual([c.promoter.organisationId]);
    expect((await listViewerAdheringOrganisations(db, member.admin.actor, c.coalitionId, v1.versionId))[0].adheredAt).toBeInstanceOf(Date);
  });

  it("an amendment asks members to adhere again; the earlier adhesion stays; a stale version or a different hash is refused", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const v1 = await publishNew(c);
    await adhereToProtocol(db, member.admin.actor, { versionId: v1.versionId, organisationId: member.organisationId, textSha256: v1.textSha256 });
    const v2 = await publishNew(c, { amendmentNote: "Fabbisogno finanziario aggiornato.", body: "Nuovo testo." });
    await expectAppError(
      adhereToProtocol(db, member.admin.actor, { versionId: v1.versionId, organisationId: member.organisationId, textSha256: v1.textSha256 }),
      "INVALID_STATE",
      "protocolVersionNotCurrent",
    );
    await expectAppError(
      adhereToProtocol(db, member.admin.actor, { versionId: v2.versionId, organisationId: member.organisationId, textSha256: v1.textSha256 }),
      "INVALID_STATE",
      "protocolHashMismatch",
    );
    expect((await listMembersNotAdhered(db, c.coalitionId, v2.versionId)).total).toBe(2);
    await adhereToProtocol(db, member.admin.actor, { versionId: v2.versionId, organisationId: member.organisationId, textSha256: v2.textSha256 });
    const rows = await db.select().from(protocolAdhesions).where(eq(protocolAdhesions.organisationId, member.organisationId));
    expect(rows.map((r) => r.textSha256).sort()).toEqual([v1.textSha256, v2.textSha256].sort());
    const history = await listPublishedVersions(db, c.coalitionId);
    expect(history.map((h) => [h.version, h.adherents])).toEqual([
      [2, 1],
      [1, 1],
    ]);
    // A draft is not a version anyone adheres to.
    const { versionId: draftId } = await saveProtocolDraft(db, c.promoter.admin.actor, draftInput(c, { amendmentNote: "Bozza" }));
    await expectAppError(adhereToProtocol(db, member.admin.actor, { versionId: draftId, organisationId: member.organisationId, textSha256: v2.textSha256 }), "NOT_FOUND");
  });

  it("every member role adheres (promoter, member, observer) through a representative; nobody else", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const observer = await admitTestMember(db, c, { role: "observer" });
    const outsider = await createOrganisation(db, { verified: true });
    const plain = await addMember(db, member, "member");
    const named = await addMember(db, observer, "member", { representative: true });
    const stranger = await createUser(db);
    const v1 = await publishNew(c);
    const input = (organisationId: string) => ({ versionId: v1.versionId, organisationId, textSha256: v1.textSha256 });
    await expectAppError(adhereToProtocol(db, plain.actor, input(member.organisationId)), "FORBIDDEN", "notRepresentative");
    await expectAppError(adhereToProtocol(db, stranger.actor, input(member.organisationId)), "FORBIDDEN");
    await expectAppError(adhereToProtocol(db, outsider.admin.actor, input(outsider.organisationId)), "FORBIDDEN", "protocolNotMember");
    // A representative of one member cannot adhere in another's name.
    await expectAppError(adhereToProtocol(db, member.admin.actor, input(observer.organisationId)), "FORBIDDEN");
    await expectAppError(adhereToProtocol(db, null, input(member.organisationId)), "UNAUTHENTICATED");
    await adhereToProtocol(db, named.actor, input(observer.organisationId));
    await adhereToProtocol(db, member.admin.actor, input(member.organisationId));
    await adhereToProtocol(db, c.promoter.admin.actor, input(c.promoter.organisationId));
    expect((await listAdherents(db, v1.versionId)).total).toBe(3);
    expect((await listMembersNotAdhered(db, c.coalitionId, v1.versionId)).total).toBe(0);
    await expectAppError(adhereToProtocol(db, member.admin.actor, { ...input(member.organisationId), textSha256: "nope" }), "VALIDATION");
  });
});

describe("the desk", () => {
  it("lists the protocol in force for each member the viewer represents that has not adhered, until it does", async () => {
    const { listProtocolsToAdhere } = await import("./queries");
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const plain = await addMember(db, member, "member");
    expect(await listProtocolsToAdhere(db, member.admin.actor)).toEqual([]);
    const v1 = await publishNew(c);
    expect(await listProtocolsToAdhere(db, member.admin.actor)).toEqual([
      { slug: c.slug, coalition: expect.any(String), version: 1, organisationId: member.organisationId, organisation: member.input.legalName },
    ]);
    expect(await listProtocolsToAdhere(db, plain.actor)).toEqual([]);
    await adhereToProtocol(db, member.admin.actor, { versionId: v1.versionId, organisationId: member.organisationId, textSha256: v1.textSha256 });
    expect(await listProtocolsToAdhere(db, member.admin.actor)).toEqual([]);
  });
});
