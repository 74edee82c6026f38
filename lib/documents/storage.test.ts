import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls, documents, fileBlobs } from "@/db/schema";
import { createTestCoalition, type TestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { randomUUID } from "@/test/factories";
import { detectFileType } from "./file-type";
import { documentAuditData, insertDocument, replaceDocument } from "./service";
import { blobStream, putBlob, readBlob, sha256Hex } from "./storage";
import { MAX_UPLOAD_BYTES, readUpload } from "./upload";

const FIXTURES = path.join(process.cwd(), "test", "fixtures", "files");
const fixtureFile = (name: string, as = name) => new File([fs.readFileSync(path.join(FIXTURES, name))], as);

/** A text file no other test (or run) has: its blob does not exist yet. */
function uniqueText(): Uint8Array {
  return new TextEncoder().encode(`Verbale ${randomUUID()}\nSeconda riga.\n`);
}

let db: Db;
let coalition: TestCoalition;
let callId: string;
beforeAll(async () => {
  db = await testDb();
  coalition = await createTestCoalition(db);
  // Written directly: these tests are about files, not about the call form.
  const [call] = await db.insert(calls).values({ coalitionId: coalition.coalitionId, title: "Bando per i file", createdBy: coalition.promoter.admin.actor.userId }).returning();
  callId = call.id;
});

async function blobRows(sha256: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(fileBlobs).where(eq(fileBlobs.sha256, sha256));
  return row.n;
}

describe("readUpload", () => {
  it("accepts a real PDF and gives it a sanitised name with the detected extension", async () => {
    const result = await readUpload(fixtureFile("sample.pdf", "../Bando <finale>.PDF"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.upload.fileName).toBe("Bando _finale.pdf");
    expect(result.upload.detected.kind).toBe("pdf");
    expect(result.upload.bytes.length).toBe(fs.statSync(path.join(FIXTURES, "sample.pdf")).size);
  });

  it("refuses an executable renamed .pdf", async () => {
    expect(await readUpload(fixtureFile("executable.pdf"))).toEqual({ ok: false, error: "refusedType" });
  });

  it("refuses a missing file, an empty one and one over 4 MB", async () => {
    expect(await readUpload(null)).toEqual({ ok: false, error: "missing" });
    expect(await readUpload("a string")).toEqual({ ok: false, error: "missing" });
    expect(await readUpload(new File([], ""))).toEqual({ ok: false, error: "missing" });
    expect(await readUpload(new File([], "vuoto.pdf"))).toEqual({ ok: false, error: "empty" });
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x61);
    expect(await readUpload(new File([big], "grande.txt"))).toEqual({ ok: false, error: "tooLarge" });
    const justRight = new Uint8Array(MAX_UPLOAD_BYTES).fill(0x61);
    expect((await readUpload(new File([justRight], "giusto.txt"))).ok).toBe(true);
  });

  it("applies the allowed kinds (a PDF/A is a PDF) and the signature requirement", async () => {
    expect(await readUpload(fixtureFile("sample.docx"), ["pdf", "odt"])).toEqual({ ok: false, error: "typeNotAllowed" });
    expect((await readUpload(fixtureFile("sample-pdfa.pdf"), ["pdf"])).ok).toBe(true);
    expect(await readUpload(fixtureFile("sample.pdf"), ["pdf", "p7m"], true)).toEqual({ ok: false, error: "signatureRequired" });
    expect((await readUpload(fixtureFile("sample-pades.pdf"), ["pdf", "p7m"], true)).ok).toBe(true);
    const p7m = await readUpload(fixtureFile("sample.pdf.p7m"), ["pdf", "p7m"], true);
    expect(p7m.ok && p7m.upload.fileName).toBe("sample.pdf.p7m");
  });
});

describe("storage", () => {
  it("keeps the same bytes once (deduplicated) and two documents point at it", async () => {
    const bytes = uniqueText();
    const sha256 = sha256Hex(bytes);
    const detected = detectFileType(bytes)!;
    const [a, b] = await db.transaction(async (tx) => [
      await insertDocument(tx, { kind: "call_annex", callId, title: "A", fileName: "a.txt", uploadedBy: coalition.promoter.admin.actor.userId, bytes, detected }),
      await insertDocument(tx, { kind: "call_annex", callId, title: "B", fileName: "b.txt", uploadedBy: coalition.promoter.admin.actor.userId, bytes, detected }),
    ]);
    expect(a.sha256).toBe(sha256);
    expect(b.sha256).toBe(sha256);
    expect(a.seriesId).not.toBe(b.seriesId);
    expect(await blobRows(sha256)).toBe(1);
    // Once more, in another transaction.
    await db.transaction((tx) => putBlob(tx, bytes));
    expect(await blobRows(sha256)).toBe(1);
    expect(Buffer.from((await readBlob(sha256))!).equals(Buffer.from(bytes))).toBe(true);
  });

  it("a failed upload leaves nothing: no blob, no document", async () => {
    const bytes = uniqueText();
    const sha256 = sha256Hex(bytes);
    const title = `Fallito ${randomUUID()}`;
    await expect(
      db.transaction(async (tx) => {
        await insertDocument(tx, { kind: "call_text", callId, title, fileName: "x.txt", uploadedBy: coalition.promoter.admin.actor.userId, bytes, detected: detectFileType(bytes)! });
        throw new Error("the audit entry failed");
      }),
    ).rejects.toThrow("the audit entry failed");
    expect(await blobRows(sha256)).toBe(0);
    expect(await db.select().from(documents).where(eq(documents.title, title))).toEqual([]);
  });

  it("refuses an over-size blob at the database too (the check constraint)", async () => {
    const bytes = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x62);
    await expect(db.transaction((tx) => putBlob(tx, bytes))).rejects.toThrow();
    expect(await blobRows(sha256Hex(bytes))).toBe(0);
  });

  it("streams a blob in chunks whose concatenation is the file", async () => {
    const bytes = new Uint8Array(700 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + 13) % 251;
    const { sha256, sizeBytes } = await db.transaction((tx) => putBlob(tx, bytes));
    expect(sizeBytes).toBe(bytes.length);
    const chunks: Uint8Array[] = [];
    const reader = blobStream(sha256).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.map((c) => c.length)).toEqual([256 * 1024, 256 * 1024, 700 * 1024 - 512 * 1024]);
    expect(sha256Hex(Buffer.concat(chunks))).toBe(sha256);
  });

  it("a missing blob's stream errors on the first read", async () => {
    await expect(blobStream("0".repeat(64)).getReader().read()).rejects.toThrow();
    expect(await readBlob("0".repeat(64))).toBeNull();
  });
});

describe("replaceDocument", () => {
  it("adds version 2 in the same series and stamps the old one", async () => {
    const first = uniqueText();
    const second = uniqueText();
    const uploadedBy = coalition.promoter.admin.actor.userId;
    const v1 = await db.transaction((tx) =>
      insertDocument(tx, { kind: "call_text", callId, title: "Bando", fileName: "bando.txt", uploadedBy, bytes: first, detected: detectFileType(first)! }),
    );
    const v2 = await db.transaction((tx) =>
      replaceDocument(tx, v1, { title: "Bando", fileName: "bando.txt", uploadedBy, bytes: second, detected: detectFileType(second)!, replacementReason: "Refuso" }),
    );
    expect(v2).toMatchObject({ seriesId: v1.seriesId, version: 2, callId, kind: "call_text", replacementReason: "Refuso", replacedAt: null });
    const [old] = await db.select().from(documents).where(eq(documents.id, v1.id));
    expect(old.replacedAt).toBeInstanceOf(Date);
    expect(documentAuditData(v2)).toMatchObject({ version: 2, sha256: sha256Hex(second) });
  });
});
