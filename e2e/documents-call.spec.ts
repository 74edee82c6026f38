import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { DEMO_CALL_ANNEX_TITLE, DEMO_CALL_TEXT_TITLE } from "../db/seed/documents";
import { signInSession, signOut } from "./helpers";

/**
 * A call's own documents (issue 10, item 1): the promoter attaches a document to the published
 * open call (a correction, with a reason) and a visitor downloads exactly those bytes from the
 * public call page, sent as an attachment with the stored type; a replacement with a reason
 * shows version 2 and keeps version 1 downloadable with its dates. Refused files are named.
 */

const FIXTURES = path.join(process.cwd(), "test", "fixtures", "files");
const fixture = (name: string) => path.join(FIXTURES, name);
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const SHOTS = process.env.DOCUMENTS_SHOTS;

async function openCallUrl(page: Page): Promise<string> {
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  await page.getByRole("link", { name: OPEN_CALL_TITLE }).first().click();
  await expect(page.getByRole("heading", { name: OPEN_CALL_TITLE, level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.getByTestId("call-documents").scrollIntoViewIfNeeded();
  await page.getByTestId("call-documents").screenshot({ path: `${SHOTS}/${name}.png` });
}

test.describe("call documents", () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test("the seed's call text and form download for a visitor, as attachments with their stored type", async ({ page, request }) => {
    await openCallUrl(page);
    const section = page.getByTestId("call-documents");
    await expect(section.getByRole("heading", { name: "Documenti del bando", level: 2 })).toBeVisible();
    const text = section.getByTestId("call-document").filter({ hasText: DEMO_CALL_TEXT_TITLE });
    await expect(text).toContainText("PDF");
    await expect(section.getByTestId("call-document").filter({ hasText: DEMO_CALL_ANNEX_TITLE })).toContainText("ODT");
    // Visitors see no management controls.
    await expect(section.getByTestId("call-documents-manage")).toHaveCount(0);
    await expect(section.getByTestId("call-document-controls")).toHaveCount(0);

    const href = await text.getByTestId("call-document-download").first().getAttribute("href");
    const response = await request.get(href!);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers["content-type"]).toBe("application/pdf");
    expect(headers["content-disposition"]).toMatch(/^attachment; filename="Bando piattaforme digitali condivise\.pdf"; filename\*=UTF-8''/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const body = await response.body();
    // Next 16 drops a route handler's Content-Length (send-response.js) and streams chunked.
    expect(headers.etag).toBe(`"${sha256(body)}"`);
    expect(body.subarray(0, 5).toString()).toBe("%PDF-");
    // Someone else's id, or no document at all: not found.
    expect((await request.get("/api/documents/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
    expect((await request.get("/api/documents/not-an-id")).status()).toBe(404);
  });

  test("a promoter attaches a document with a reason; a visitor downloads the same bytes; a replacement keeps the old version", async ({ page }) => {
    const token = `${Date.now()}`;
    const title = `Chiarimento sul budget ${token}`;
    await signInSession(page, DEMO_SIGN_INS.promoter);
    const url = await openCallUrl(page);
    const section = page.getByTestId("call-documents");
    const form = section.getByTestId("call-document-add");
    await expect(section.getByTestId("call-documents-manage")).toContainText("Il bando è pubblicato");
    await expect(form.getByTestId("call-document-file-hint")).toContainText("al massimo 4 MB");
    await expect(form.getByTestId("call-document-file-hint")).toContainText("PDF, PDF/A, .p7m, ODT");

    // A renamed executable is refused by its content, and nothing is kept.
    await form.getByLabel("Tipo di documento").selectOption("call_annex");
    await form.getByLabel("Titolo").fill(title);
    await form.getByLabel("Motivo della correzione").fill("Aggiunto il chiarimento sulle spese ammissibili");
    await form.getByLabel("File").setInputFiles(fixture("executable.pdf"));
    await form.getByRole("button", { name: "Allega" }).click();
    await expect(form.getByTestId("call-document-file-error")).toContainText("Questo tipo di file non è accettato");
    await expect(section.getByTestId("call-document").filter({ hasText: title })).toHaveCount(0);

    // Over 4 MB: refused in the browser, before anything is sent.
    const big = path.join(os.tmpdir(), `tavolo-big-${token}.pdf`);
    fs.writeFileSync(big, Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(4 * 1024 * 1024 + 10, 0x20)]));
    await form.getByLabel("File").setInputFiles(big);
    await form.getByRole("button", { name: "Allega" }).click();
    await expect(form.getByTestId("call-document-file-error")).toContainText("supera i 4 MB");
    fs.rmSync(big);

    // Without a reason a published call refuses the addition.
    await form.getByLabel("Motivo della correzione").fill("");
    await form.getByLabel("File").setInputFiles(fixture("sample.odt"));
    await form.getByRole("button", { name: "Allega" }).click();
    await expect(form.getByTestId("call-document-reason-error")).toContainText("spiega il motivo");

    await form.getByLabel("Motivo della correzione").fill("Aggiunto il chiarimento sulle spese ammissibili");
    await form.getByLabel("File").setInputFiles(fixture("sample.odt"));
    await form.getByRole("button", { name: "Allega" }).click();
    await expect(form.getByTestId("call-document-done")).toHaveText("Documento allegato.");
    const entry = section.getByTestId("call-document").filter({ hasText: title });
    await expect(entry).toContainText("Allegato");
    await expect(entry).toContainText("sample.odt");
    await expect(entry).toContainText("versione 1");
    await shot(page, "call-documents-promoter-1366");

    // Replace it: a reason is required; version 2 is shown, version 1 stays with its dates.
    await entry.getByRole("button", { name: `Sostituisci ${title}` }).click();
    const replaceForm = entry.getByTestId("call-document-replace-form");
    await expect(replaceForm.getByLabel("Nuovo file")).toBeFocused();
    await replaceForm.getByLabel("Nuovo file").setInputFiles(fixture("sample.docx"));
    await replaceForm.getByRole("button", { name: "Carica la nuova versione" }).click();
    await expect(replaceForm.getByRole("alert").filter({ hasText: "spiega il motivo" })).toBeVisible();
    await replaceForm.getByLabel("Motivo della correzione").fill(`Modulo aggiornato in formato Word ${token}`);
    await replaceForm.getByLabel("Nuovo file").setInputFiles(fixture("sample.docx"));
    await replaceForm.getByRole("button", { name: "Carica la nuova versione" }).click();
    await expect(entry.getByTestId("call-document-done")).toHaveText("Nuova versione caricata.");
    await expect(entry).toHaveAttribute("data-version", "2");
    await expect(entry.getByTestId("call-document-reason")).toContainText(`Modulo aggiornato in formato Word ${token}`);
    // Published: nothing is deleted.
    await expect(entry.getByRole("button", { name: `Elimina ${title}` })).toHaveCount(0);
    await signOut(page);

    // A visitor downloads version 2 (the DOCX) and, under the earlier versions, version 1 (the ODT).
    await page.goto(url);
    const publicEntry = page.getByTestId("call-documents").getByTestId("call-document").filter({ hasText: title });
    await expect(publicEntry).toContainText("DOCX");
    await expect(publicEntry).toContainText(`Motivo della sostituzione: Modulo aggiornato in formato Word ${token}`);
    const [download] = await Promise.all([page.waitForEvent("download"), publicEntry.getByTestId("call-document-download").first().click()]);
    expect(download.suggestedFilename()).toBe("sample.docx");
    expect(sha256(fs.readFileSync(await download.path()))).toBe(sha256(fs.readFileSync(fixture("sample.docx"))));

    const history = publicEntry.getByTestId("call-document-history");
    await history.getByText("1 versione precedente").click();
    const older = history.getByTestId("call-document-older");
    await expect(older).toHaveAttribute("data-version", "1");
    await expect(older).toContainText("sample.odt");
    await expect(older).toContainText(/caricata (il |l')\d/);
    await expect(older).toContainText(/sostituita (il |l')\d/);
    const [oldDownload] = await Promise.all([page.waitForEvent("download"), older.getByTestId("call-document-download").click()]);
    expect(oldDownload.suggestedFilename()).toBe("sample.odt");
    expect(sha256(fs.readFileSync(await oldDownload.path()))).toBe(sha256(fs.readFileSync(fixture("sample.odt"))));
    await shot(page, "call-documents-visitor-1366");
  });

  test("on a phone the section and the promoter's panel fit the width", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInSession(page, DEMO_SIGN_INS.promoter);
    await openCallUrl(page);
    await expect(page.getByTestId("call-document-add")).toBeVisible();
    await noSidewaysScroll(page);
    await shot(page, "call-documents-promoter-390");
    await signOut(page);
    await openCallUrl(page);
    await expect(page.getByTestId("call-documents").getByTestId("call-document").first()).toBeVisible();
    await noSidewaysScroll(page);
    await shot(page, "call-documents-visitor-390");
  });

  test("in English: the section, the kinds and the earlier versions", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: test.info().project.use.baseURL ?? "http://127.0.0.1" }]);
    const page = await context.newPage();
    await openCallUrl(page);
    const section = page.getByTestId("call-documents");
    await expect(section.getByRole("heading", { name: "Call documents", level: 2 })).toBeVisible();
    await expect(section.getByTestId("call-document").filter({ hasText: DEMO_CALL_TEXT_TITLE })).toContainText("Call text");
    await expect(section.getByTestId("call-document").filter({ hasText: DEMO_CALL_TEXT_TITLE })).toContainText(/version 1 · uploaded \d/);
    // The previous test replaced one document: its history reads in English too.
    await expect(section.getByTestId("call-document-history").first()).toContainText("1 earlier version");
    await context.close();
  });
});
