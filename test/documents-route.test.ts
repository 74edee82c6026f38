import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { addCallDocument } from "@/lib/documents/call-documents";
import { contentDisposition } from "@/lib/documents/download";
import { sha256Hex } from "@/lib/documents/storage";
import { testDb } from "@/test/db";
import { createScenario, openCallInput, T0, type Scenario } from "@/test/proposals";

// The route reads the session through getCurrentActor only: the test says who is signed in.
let signedIn: Actor | null = null;
vi.mock("@/lib/auth/session", () => ({ getCurrentActor: async () => signedIn }));
const { GET } = await import("@/app/api/documents/[id]/route");

const FIXTURES = path.join(process.cwd(), "test", "fixtures", "files");
const fixtureBytes = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

function download(id: string, headers: Record<string, string> = {}) {
  return GET(new Request(`http://localhost/api/documents/${id}`, { headers }), { params: Promise.resolve({ id }) });
}

let db: Db;
let s: Scenario;
let publicId: string;
let signedId: string;
let draftId: string;
beforeAll(async () => {
  db = await testDb();
  s = await createScenario(db);
  const promoter = s.coalition.promoter.admin.actor;
  const reason = "Allegati dopo la pubblicazione";
  ({ documentId: publicId } = await addCallDocument(db, promoter, {
    callId: s.callId,
    kind: "call_text",
    title: "Bando",
    reason,
    file: new File([fixtureBytes("sample.pdf")], "Bando città «2026».pdf"),
  }));
  ({ documentId: signedId } = await addCallDocument(db, promoter, {
    callId: s.callId,
    kind: "call_template",
    title: "Dichiarazione firmata",
    reason,
    file: new File([fixtureBytes("sample.pdf.p7m")], "dichiarazione.pdf.p7m"),
  }));
  setClock(T0);
  const { callId: draftCallId } = await createCall(db, promoter, { coalitionId: s.coalition.coalitionId, ...openCallInput() });
  ({ documentId: draftId } = await addCallDocument(db, promoter, { callId: draftCallId, kind: "call_annex", title: "Bozza", file: new File([fixtureBytes("sample.docx")], "bozza.docx") }));
});

describe("GET /api/documents/[id]", () => {
  it("streams a published call's document to a visitor as an attachment, with its stored type and public caching", async () => {
    signedIn = null;
    const response = await download(publicId);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(sha256Hex(fixtureBytes("sample.pdf")));
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/pdf",
      "content-length": String(bytes.length),
      "content-disposition": `attachment; filename="Bando citta _2026.pdf"; filename*=UTF-8''Bando%20citt%C3%A0%20_2026.pdf`,
      "x-content-type-options": "nosniff",
      etag: `"${sha256Hex(bytes)}"`,
      "cache-control": "public, max-age=31536000, immutable",
    });
  });

  it("answers 304 when the browser already has those bytes", async () => {
    const first = await download(publicId);
    const again = await download(publicId, { "If-None-Match": first.headers.get("etag")! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("sends a .p7m with its own type, marked as a CAdES envelope by its name", async () => {
    const response = await download(signedId);
    expect(response.headers.get("content-type")).toBe("application/pkcs7-mime");
    expect(response.headers.get("content-disposition")).toContain(`filename="dichiarazione.pdf.p7m"`);
    expect(sha256Hex(Buffer.from(await response.arrayBuffer()))).toBe(sha256Hex(fixtureBytes("sample.pdf.p7m")));
  });

  it("a draft call's document: not found for a visitor and a member firm, private for its promoter", async () => {
    signedIn = null;
    expect((await download(draftId)).status).toBe(404);
    signedIn = s.firm.admin.actor;
    expect((await download(draftId)).status).toBe(404);
    signedIn = s.coalition.promoter.admin.actor;
    const response = await download(draftId);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(sha256Hex(Buffer.from(await response.arrayBuffer()))).toBe(sha256Hex(fixtureBytes("sample.docx")));
  });

  it("an unknown or malformed id is not found", async () => {
    signedIn = null;
    expect((await download(crypto.randomUUID())).status).toBe(404);
    expect((await download("../../etc/passwd")).status).toBe(404);
  });
});

describe("contentDisposition", () => {
  it("always attachment, an ASCII fallback and the exact name in RFC 8187 form", () => {
    expect(contentDisposition("a.pdf")).toBe(`attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`);
    expect(contentDisposition(`l'offerta (1).pdf`)).toBe(`attachment; filename="l'offerta (1).pdf"; filename*=UTF-8''l%27offerta%20%281%29.pdf`);
    expect(contentDisposition("文件.txt")).toBe(`attachment; filename="__.txt"; filename*=UTF-8''%E6%96%87%E4%BB%B6.txt`);
  });
});
