import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls } from "@/db/schema";
import { listCallDocuments } from "@/lib/documents/call-documents";
import { detectFileType, zipEntryNames } from "@/lib/documents/file-type";
import { readBlob } from "@/lib/documents/storage";
import { testDb } from "@/test/db";
import { OPEN_CALL_TITLE } from "./calls";
import { DEMO_CALL_ANNEX_TITLE, DEMO_CALL_TEXT_TITLE, demoOdt, ensureCallDocuments } from "./documents";
import { seed } from "./index";

describe("the open call's documents (issue 10)", () => {
  it("the generated form is a real ODT (mimetype first and stored, central directory readable)", () => {
    const odt = demoOdt("Modulo", ["Il sottoscritto …", "Firma"]);
    expect(detectFileType(odt)).toMatchObject({ kind: "odt", mediaType: "application/vnd.oasis.opendocument.text" });
    expect(zipEntryNames(odt)).toEqual(["mimetype", "content.xml", "META-INF/manifest.xml"]);
    // Reproducible: the same input makes the same bytes.
    expect(Buffer.from(demoOdt("Modulo", ["x"])).equals(Buffer.from(demoOdt("Modulo", ["x"])))).toBe(true);
  });

  it("the seed attaches the call text (PDF) and the application form (ODT), once", async () => {
    const db = await testDb();
    await seed(db);
    const [call] = await db.select().from(calls).where(eq(calls.title, OPEN_CALL_TITLE));
    const list = await listCallDocuments(db, null, call.id);
    expect(list.map((d) => [d.kind, d.title, d.mediaType, d.version])).toEqual([
      ["call_text", DEMO_CALL_TEXT_TITLE, "application/pdf", 1],
      ["call_annex", DEMO_CALL_ANNEX_TITLE, "application/vnd.oasis.opendocument.text", 1],
    ]);
    expect(detectFileType((await readBlob(list[1].sha256))!)?.kind).toBe("odt");
    const again = { changes: [] as string[], warnings: [] as string[] };
    await ensureCallDocuments(db, again as Parameters<typeof ensureCallDocuments>[1]);
    expect(again.changes).toEqual([]);
    expect(await listCallDocuments(db, null, call.id)).toHaveLength(2);
  }, 300_000);
});
