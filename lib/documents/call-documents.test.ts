import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, documents, proposals } from "@/db/schema";
import { createCall } from "@/lib/calls/service";
import { advanceClock, setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, countRows, testDb } from "@/test/db";
import { addMember, createUser, type TestUser } from "@/test/factories";
import { addAcceptedPartner, createScenario, newDraft, openCallInput, T0, type Scenario } from "@/test/proposals";
import { canReadDocument, documentAccess, findReadableDocument } from "./access";
import { addCallDocument, deleteCallDocument, listCallDocuments, replaceCallDocument } from "./call-documents";
import { detectFileType } from "./file-type";
import { insertDocument } from "./service";
import { sha256Hex } from "./storage";

const FIXTURES = path.join(process.cwd(), "test", "fixtures", "files");
const fixture = (name: string, as = name) => new File([fs.readFileSync(path.join(FIXTURES, name))], as);
/** A small text file with unique bytes, so its blob is new. */
const uniqueFile = (name = "nota.txt") => new File([`Nota ${crypto.randomUUID()}\n`], name);

let db: Db;
let s: Scenario;
let promoter: TestUser;
let visitor: null;
let draftCallId: string;
// The clock goes back to real time after each test (test/setup.ts): the call is open at T0.
beforeEach(() => setClock(T0));
beforeAll(async () => {
  db = await testDb();
  s = await createScenario(db);
  promoter = s.coalition.promoter.admin;
  visitor = null;
  ({ callId: draftCallId } = await createCall(db, promoter.actor, { coalitionId: s.coalition.coalitionId, ...openCallInput() }));
});

describe("call documents on a draft call", () => {
  it("a promoter attaches, replaces and deletes them freely; each change audited", async () => {
    const { documentId } = await addCallDocument(db, promoter.actor, { callId: draftCallId, kind: "call_text", title: "Testo del bando", file: fixture("sample.pdf", "Bando 2026.pdf") });
    const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
    expect(doc).toMatchObject({ kind: "call_text", callId: draftCallId, title: "Testo del bando", fileName: "Bando 2026.pdf", mediaType: "application/pdf", version: 1, signed: false });
    const replaced = await replaceCallDocument(db, promoter.actor, { documentId, file: fixture("sample-pdfa.pdf", "Bando 2026 v2.pdf") });
    expect(replaced.version).toBe(2);
    // In a draft the old version was never public: it is not listed.
    const list = await listCallDocuments(db, promoter.actor, draftCallId);
    expect(list.map((d) => [d.title, d.version, d.olderVersions.length])).toEqual([["Testo del bando", 2, 0]]);
    await deleteCallDocument(db, promoter.actor, { documentId: replaced.documentId });
    expect(await listCallDocuments(db, promoter.actor, draftCallId)).toEqual([]);
    const actions = (await auditActionsFor(db, draftCallId)).filter((a) => a.startsWith("document."));
    expect(actions).toEqual(["document.uploaded", "document.replaced", "document.deleted"]);
  });

  it("others do not find the draft: visitor, member firm, plain user", async () => {
    const stranger = await createUser(db);
    for (const actor of [null, s.lead.admin.actor, stranger.actor]) {
      await expectAppError(addCallDocument(db, actor, { callId: draftCallId, kind: "call_annex", title: "X", file: uniqueFile() }), actor ? "NOT_FOUND" : "UNAUTHENTICATED");
      expect(await listCallDocuments(db, actor, draftCallId)).toEqual([]);
    }
  });

  it("refuses a renamed executable, an empty file, no file and a missing title, and leaves nothing", async () => {
    const before = await countRows(db, "documents");
    const blobsBefore = await countRows(db, "file_blobs");
    const refused = await expectAppError(addCallDocument(db, promoter.actor, { callId: draftCallId, kind: "call_annex", title: "Modulo", file: fixture("executable.pdf") }), "VALIDATION", "uploadRefusedType");
    expect(refused.fieldErrors).toEqual({ file: ["uploadRefusedType"] });
    await expectAppError(addCallDocument(db, promoter.actor, { callId: draftCallId, kind: "call_annex", title: "Modulo", file: new File([], "vuoto.pdf") }), "VALIDATION", "uploadEmpty");
    await expectAppError(addCallDocument(db, promoter.actor, { callId: draftCallId, kind: "call_annex", title: "Modulo" }), "VALIDATION", "uploadMissing");
    await expectAppError(addCallDocument(db, promoter.actor, { callId: draftCallId, kind: "call_annex", title: " ", file: uniqueFile() }), "VALIDATION");
    await expectAppError(addCallDocument(db, promoter.actor, { callId: draftCallId, kind: "invoice", title: "Fattura", file: uniqueFile() }), "VALIDATION");
    expect(await countRows(db, "documents")).toBe(before);
    expect(await countRows(db, "file_blobs")).toBe(blobsBefore);
  });

  it("accepts FormData as the browser sends it", async () => {
    const form = new FormData();
    form.set("callId", draftCallId);
    form.set("kind", "call_template");
    form.set("title", "Modello di budget");
    form.set("reason", "");
    form.set("file", fixture("sample.xlsx", "budget.xlsx"));
    const { documentId } = await addCallDocument(db, promoter.actor, form);
    const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
    expect(doc.fileName).toBe("budget.xlsx");
    expect(doc.mediaType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });
});

describe("call documents on a published call", () => {
  let textId: string;

  it("adding one is a correction: a reason is required", async () => {
    await expectAppError(
      addCallDocument(db, promoter.actor, { callId: s.callId, kind: "call_text", title: "Testo del bando", file: fixture("sample.pdf") }),
      "VALIDATION",
      "documentReplacementReasonRequired",
    );
    ({ documentId: textId } = await addCallDocument(db, promoter.actor, {
      callId: s.callId,
      kind: "call_text",
      title: "Testo del bando",
      reason: "Il testo mancava alla pubblicazione",
      file: fixture("sample.pdf", "bando.pdf"),
    }));
    await addCallDocument(db, promoter.actor, { callId: s.callId, kind: "call_annex", title: "Modulo di domanda", reason: "Modulo per la domanda", file: fixture("sample.odt", "modulo.odt") });
    const [entry] = await db
      .select({ data: auditEntries.data })
      .from(auditEntries)
      .where(and(eq(auditEntries.entityId, s.callId), eq(auditEntries.action, "document.uploaded"), sql`${auditEntries.data}->>'documentId' = ${textId}`));
    expect(entry.data).toMatchObject({ correction: true, reason: "Il testo mancava alla pubblicazione", sha256: sha256Hex(fs.readFileSync(path.join(FIXTURES, "sample.pdf"))) });
  });

  it("members and firms may not add or replace; nothing is deleted", async () => {
    await expectAppError(addCallDocument(db, s.lead.admin.actor, { callId: s.callId, kind: "call_annex", title: "X", reason: "Un motivo valido", file: uniqueFile() }), "FORBIDDEN");
    await expectAppError(replaceCallDocument(db, s.lead.admin.actor, { documentId: textId, reason: "Un motivo valido", file: uniqueFile() }), "FORBIDDEN");
    await expectAppError(deleteCallDocument(db, promoter.actor, { documentId: textId }), "INVALID_STATE", "documentNotDeletable");
  });

  it("a replacement needs a reason, makes version 2, and keeps version 1 public with its dates", async () => {
    await expectAppError(replaceCallDocument(db, promoter.actor, { documentId: textId, reason: "corto", file: uniqueFile("bando.txt") }), "VALIDATION", "documentReplacementReasonRequired");
    advanceClock(60_000);
    const { documentId: v2Id, version } = await replaceCallDocument(db, promoter.actor, {
      documentId: textId,
      reason: "Corretto un refuso all'articolo 3",
      file: fixture("sample-pdfa.pdf", "bando-corretto.pdf"),
    });
    expect(version).toBe(2);
    // The old id cannot be replaced again.
    await expectAppError(replaceCallDocument(db, promoter.actor, { documentId: textId, reason: "Un altro motivo valido", file: uniqueFile() }), "INVALID_STATE", "documentAlreadyReplaced");
    const list = await listCallDocuments(db, null, s.callId);
    expect(list.map((d) => [d.kind, d.title, d.version])).toEqual([
      ["call_text", "Testo del bando", 2],
      ["call_annex", "Modulo di domanda", 1],
    ]);
    const [text] = list;
    expect(text.id).toBe(v2Id);
    expect(text.replacementReason).toBe("Corretto un refuso all'articolo 3");
    expect(text.olderVersions).toHaveLength(1);
    expect(text.olderVersions[0]).toMatchObject({ id: textId, version: 1, fileName: "bando.pdf" });
    expect(text.olderVersions[0].replacedAt).toBeInstanceOf(Date);
    expect(text.olderVersions[0].replacedAt!.getTime()).toBeGreaterThan(text.olderVersions[0].createdAt.getTime());
    // Both versions download for a visitor.
    expect(await findReadableDocument(db, null, textId)).toMatchObject({ isPublic: true });
    expect(await findReadableDocument(db, null, v2Id)).toMatchObject({ isPublic: true });
    expect((await auditActionsFor(db, s.callId)).filter((a) => a === "document.replaced")).toHaveLength(1);
  });
});

describe("who may download which document", () => {
  it("each kind for visitor, other firm, partner, lead, promoter", async () => {
    const uploadedBy = promoter.actor.userId;
    const bytes = new TextEncoder().encode(`Allegato ${crypto.randomUUID()}\n`);
    const detected = detectFileType(bytes)!;
    const proposalId = await newDraft(db, s);
    await addAcceptedPartner(db, proposalId, s.university);
    const partnerColleague = await addMember(db, s.university, "member");
    const [publishedText, draftAnnex, attachment, invoice] = await db.transaction(async (tx) => [
      await insertDocument(tx, { kind: "call_text", callId: s.callId, title: "Bando", fileName: "b.txt", uploadedBy, bytes, detected }),
      await insertDocument(tx, { kind: "call_annex", callId: draftCallId, title: "Bozza", fileName: "a.txt", uploadedBy, bytes, detected }),
      await insertDocument(tx, { kind: "proposal_attachment", proposalId, organisationId: s.university.organisationId, title: "Lettera", fileName: "l.txt", uploadedBy, bytes, detected }),
      await insertDocument(tx, { kind: "invoice", title: "Fattura", fileName: "f.txt", uploadedBy, bytes, detected }),
    ]);
    const who = {
      visitor,
      otherFirm: s.firm.admin.actor,
      partner: s.university.admin.actor,
      partnerColleague: partnerColleague.actor,
      lead: s.lead.admin.actor,
      promoter: promoter.actor,
    };
    const table = async () => {
      const out: Record<string, Record<string, boolean>> = {};
      for (const [name, doc] of Object.entries({ publishedText, draftAnnex, attachment, invoice })) {
        out[name] = {};
        for (const [person, actor] of Object.entries(who)) out[name][person] = await canReadDocument(db, actor, doc);
      }
      return out;
    };
    const all = (v: boolean) => Object.fromEntries(Object.keys(who).map((k) => [k, v]));
    expect(await table()).toEqual({
      publishedText: all(true),
      draftAnnex: { ...all(false), promoter: true },
      // A draft proposal: the organisations in it only; promoters read proposals once submitted.
      attachment: { ...all(false), partner: true, partnerColleague: true, lead: true },
      invoice: all(false),
    });
    // Submitted: the proposal's page is public, its attachments are not.
    await db.update(proposals).set({ status: "submitted" }).where(eq(proposals.id, proposalId));
    expect((await table()).attachment).toEqual({ ...all(false), partner: true, partnerColleague: true, lead: true, promoter: true });
    expect(await documentAccess(db, promoter.actor, attachment)).toEqual({ canRead: true, isPublic: false });
    // A deleted document downloads for nobody.
    await db.update(documents).set({ deletedAt: new Date() }).where(eq(documents.id, publishedText.id));
    expect(await findReadableDocument(db, promoter.actor, publishedText.id)).toBeNull();
    expect(await findReadableDocument(db, null, crypto.randomUUID())).toBeNull();
  });
});
