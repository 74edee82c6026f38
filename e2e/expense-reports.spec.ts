import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { ACADEMY_PROPOSAL_TITLE } from "../db/seed/grants-data";
import { signInSession } from "./helpers";
import { checkPageAtBothWidths as checkPage, signOutQuietly, viewports } from "./journeys/checks";

/**
 * Expense reports (issue 11, item 2) at both widths: the Fondazione's admin opens a report on
 * its grant of the past call, is refused an expense without its invoice, adds it with a PDF,
 * submits after the confirmation; the promoter cuts the line with a reason (one cent above
 * the expense refused first) and completes the review; the accepted figures show in Italian
 * format, the invoice downloads for the promoter, and a firm outside the grant finds nothing.
 * Each run opens a new report (SAL n + 1), so the spec runs again on the same database. The
 * steps run once at a desktop's width and each page is checked in the same state at a phone's;
 * people sign in through the session endpoints (the form is the journeys' subject, not this one).
 */
const PARTNER = "davide.martinetto@fondazione-ict.demo";
const PROMOTER = DEMO_SIGN_INS.promoter;
const OUTSIDER = DEMO_SIGN_INS.outsideFirm;
const INVOICE = path.join(process.cwd(), "test/fixtures/files/sample.pdf");

/** Calendar dates in Rome, "YYYY-MM-DD", `days` from today. */
function romeDay(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** With EXPENSES_SHOTS=<folder>: full-page screenshots to look at. */
async function shot(page: Page, name: string, vp: string) {
  if (process.env.EXPENSES_SHOTS) await page.screenshot({ path: `${process.env.EXPENSES_SHOTS}/${vp}-${name}.png`, fullPage: true });
}

async function confirm(page: Page, label: string) {
  // Each confirm button keeps its own (closed) dialog in the page: the open one is the one to answer.
  const dialog = page.locator('[data-testid="confirm-dialog"][open]');
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: label }).click();
}

const vp = viewports[0];
test.describe(`expense reports at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("a partner files an expense with its invoice, the promoter cuts it with a reason and completes the review", async ({ page }) => {
    test.setTimeout(180_000);
    const supplier = `Laboratori Canavesani ${vp.name} ${Date.now()}`;

    // The partner: from its funding desk to the grant's reports.
    await signInSession(page, PARTNER);
    await page.goto("/funding");
    const grantHref = await page.getByTestId("funding-grant").filter({ hasText: ACADEMY_PROPOSAL_TITLE }).getByRole("link").first().getAttribute("href");
    expect(grantHref).toMatch(/^\/grants\/[0-9a-f-]{36}$/);
    const reportsUrl = `${grantHref}/reports`;
    await page.goto(reportsUrl);
    await expect(page.getByRole("heading", { level: 1, name: "Rendiconti di spesa" })).toBeVisible();
    await checkPage(page, "reports");
    await shot(page, "reports", vp.name);

    // A draft left by an interrupted run is reused; otherwise a new one.
    if (await page.getByTestId("new-report").isVisible()) {
      await page.getByTestId("new-report").click();
    } else {
      await page.getByTestId("report-item").filter({ has: page.locator('[data-status="draft"]') }).getByRole("link").click();
    }
    await expect(page).toHaveURL(/\/reports\/\d+$/);
    const reportUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1, name: /^SAL n\. \d+$/ })).toBeVisible();
    await expect(page.getByTestId("report-status")).toHaveText("Bozza");

    // The expense without its invoice is refused, with the reason next to the file field.
    const form = page.getByTestId("add-line-form");
    await form.getByLabel("Voce di budget").selectOption({ index: 1 });
    await form.getByLabel("Fornitore").fill(supplier);
    await form.getByLabel("Numero della fattura").fill("FT-2026/77");
    await form.getByLabel("Data della fattura").fill(romeDay(-5));
    await form.getByLabel("Importo (€)").fill("1.234,56");
    await page.getByTestId("add-line").click();
    await expect(page.getByTestId("line-file-error")).toHaveText("Scegli un file.");
    await checkPage(page, "invoice missing");
    await form.getByLabel("File della fattura").setInputFiles(INVOICE);
    await page.getByTestId("add-line").click();
    await expect(page.getByTestId("report-flash")).toHaveText("Spesa aggiunta.");
    const line = page.getByTestId("expense-line").filter({ hasText: supplier });
    await expect(line.getByTestId("line-amount")).toHaveText("1.234,56 €");
    await expect(page.getByTestId("total-claimed")).toHaveText("1.234,56 €");
    await checkPage(page, "draft with a line");
    await shot(page, "draft", vp.name);

    // Submitted after the confirmation.
    await page.getByRole("button", { name: "Presenta il rendiconto" }).click();
    await confirm(page, "Presenta il rendiconto");
    await expect(page.getByTestId("report-status")).toHaveText("Presentato");
    await expect(page.getByTestId("add-line-form")).toHaveCount(0);
    await signOutQuietly(page);

    // Someone outside the grant: not found, for the report and its list.
    await signInSession(page, OUTSIDER);
    expect((await page.goto(reportUrl))?.status()).toBe(404);
    expect((await page.goto(reportsUrl))?.status()).toBe(404);
    await signOutQuietly(page);

    // The promoter reviews: one cent above the expense is refused, then the cut with a reason.
    await signInSession(page, PROMOTER);
    await page.goto(reportUrl);
    await expect(page.getByTestId("report-status")).toHaveText("Presentato");
    await checkPage(page, "review");
    const invoiceHref = await line.getByTestId("invoice-link").getAttribute("href");
    const download = await page.request.get(invoiceHref!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("application/pdf");

    await line.getByTestId("open-cut").click();
    const cut = line.getByTestId("cut-form");
    await cut.getByLabel("Importo riconosciuto (€)").fill("1.234,56");
    await cut.getByLabel("Motivo").fill("IVA non ammissibile: l'ente la recupera.");
    await cut.getByTestId("cut-line").click();
    await expect(cut.getByRole("alert")).toContainText("Un taglio riconosce meno dell'importo della spesa");
    await cut.getByLabel("Importo riconosciuto (€)").fill("1.012,00");
    await cut.getByTestId("cut-line").click();
    await expect(page.getByTestId("report-flash")).toHaveText("Decisione registrata.");
    await expect(line.getByTestId("line-review-status")).toHaveText("Tagliata");
    await expect(line.getByTestId("line-accepted")).toHaveText("1.012,00 €");
    await expect(line.getByTestId("line-cut-reason")).toHaveText("IVA non ammissibile: l'ente la recupera.");
    await expect(page.getByTestId("pending-count")).toHaveText("Tutte le spese sono state decise.");
    await checkPage(page, "line cut");
    await shot(page, "review", vp.name);

    await page.getByRole("button", { name: "Concludi l'esame" }).click();
    await confirm(page, "Concludi l'esame");
    await expect(page.getByTestId("report-status")).toHaveText("Esaminato");
    await expect(page.getByTestId("total-accepted")).toHaveText("1.012,00 €");
    await expect(page.getByTestId("line-review")).toHaveCount(0);

    // The list shows the report reviewed with its figures.
    await page.goto(reportsUrl);
    const number = reportUrl.split("/").pop();
    const item = page.locator(`[data-testid="report-item"][data-number="${number}"]`);
    await expect(item.getByRole("link", { name: `Apri il SAL n. ${number}` })).toBeVisible();
    await expect(item.getByTestId("report-status")).toHaveText("Esaminato");
    await expect(item.getByTestId("report-claimed")).toHaveText("1.234,56 €");
    await expect(item.getByTestId("report-accepted")).toHaveText("1.012,00 €");
    await checkPage(page, "reports reviewed");

    // In English: the same figures, English words.
    await page.getByTestId("locale-switch").click();
    await expect(page.getByRole("heading", { level: 1, name: "Expense reports" })).toBeVisible();
    await expect(item.getByTestId("report-status")).toHaveText("Reviewed");
    await page.goto(reportUrl);
    await expect(page.getByRole("heading", { level: 1, name: /^Report no\. \d+$/ })).toBeVisible();
    await expect(line.getByTestId("line-review-status")).toHaveText("Cut");
    await expect(page.getByRole("heading", { name: "Budget lines" })).toBeVisible();
    await checkPage(page, "english");
    await shot(page, "english", vp.name);
    await page.getByTestId("locale-switch").click();
    await expect(page.getByRole("heading", { level: 1, name: /^SAL n\. \d+$/ })).toBeVisible();
    await signOutQuietly(page);
  });
});
