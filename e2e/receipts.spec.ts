import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION } from "../db/seed/data";
import { DEMO_PAST_RECEIPT, VOTING_CALL_TITLE } from "../db/seed/voting-data";
import { signInSession } from "./helpers";

/**
 * Ballots and receipts people can keep (issue 9): a representative votes on every
 * proposal of the call on one page and keeps one receipt sheet (copied, downloaded as
 * text); a visitor checks a receipt with the code alone, reaching the page by links.
 */
const CCIAA = "franco.musso@cciaa.demo";
const CODE = /^[A-Z]{3}-\d{4}-\d{4}-([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/;

/** Follows the main navigation, opening the mobile menu first where it is folded. */
async function followNav(page: Page, name: string) {
  const link = page.getByRole("navigation").getByRole("link", { name, exact: true }).first();
  if (!(await link.isVisible())) await page.getByRole("button", { name: /menu/i }).first().click();
  await link.click();
}

async function openCall(page: Page, title: string) {
  await page.goto("/");
  await followNav(page, "Coalizioni");
  await page.getByRole("link", { name: DEMO_COALITION.name }).first().click();
  await page.getByTestId("call-item").filter({ hasText: title }).getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

for (const viewport of [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, permissions: ["clipboard-read", "clipboard-write"] });

    test("a representative votes on every proposal and gets one receipt sheet to copy and download", async ({ page }) => {
      await signInSession(page, CCIAA);
      await openCall(page, VOTING_CALL_TITLE);
      await page.getByRole("link", { name: "Vota le proposte" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Voto" })).toBeVisible();

      const cards = page.getByTestId("booth-proposal");
      await expect(cards).toHaveCount(3);
      const titles: string[] = [];
      // A choice that differs from the current one on every proposal: each is cast again.
      for (const card of await cards.all()) {
        titles.push((await card.getByRole("heading", { level: 2 }).textContent())!.trim());
        for (const choice of ["Sì", "No", "Astensione"]) {
          if (await card.getByLabel(choice, { exact: true }).isChecked()) continue;
          await card.locator("label", { hasText: new RegExp(`^${choice}$`) }).click();
          break;
        }
      }
      await page.getByRole("button", { name: "Registra i voti" }).click();

      const sheet = page.getByTestId("receipt-sheet");
      await expect(sheet.getByRole("heading", { name: "La tua ricevuta di voto" })).toBeFocused();
      await expect(sheet.getByTestId("receipt-shown-once")).toContainText("non saranno mostrati di nuovo");
      const lines = sheet.getByTestId("receipt-line");
      await expect(lines).toHaveCount(3);
      const codes: string[] = [];
      for (const [i, title] of titles.entries()) {
        await expect(lines.nth(i)).toContainText(title);
        const code = (await lines.nth(i).getByTestId("receipt-token").textContent())!;
        expect(code).toMatch(CODE);
        // The code starts with the proposal's reference, shown on the card.
        expect(await cards.nth(i).getAttribute("data-reference")).toBe(code.slice(0, 13));
        codes.push(code);
      }
      expect(new Set(codes).size).toBe(3);

      await sheet.getByRole("button", { name: "Copia la ricevuta" }).click();
      await expect(sheet.getByTestId("receipt-notice")).toHaveText("Ricevuta copiata negli appunti.");
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      for (const code of codes) expect(copied).toContain(code);

      const [download] = await Promise.all([page.waitForEvent("download"), sheet.getByRole("button", { name: "Scarica come testo" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^ricevuta-voto-\d{4}-\d{2}-\d{2}\.txt$/);
      const text = await readFile((await download.path())!, "utf8");
      expect(text).toContain(VOTING_CALL_TITLE);
      expect(text).toContain("Camera di commercio");
      for (const [i, title] of titles.entries()) {
        expect(text).toContain(title);
        expect(text).toContain(`Codice: ${codes[i]}`);
      }
      expect(text).toContain("/receipts");
      await expect(sheet.getByRole("link", { name: "Verifica la ricevuta di voto" })).toHaveAttribute("href", "/receipts");
      await expect(sheet.getByTestId("receipt-notice")).toHaveText("Ricevuta scaricata come file di testo.");
      await expect(sheet.getByRole("button", { name: "Stampa" })).toBeVisible();
      // Printed, the page shows the sheet alone, without its buttons.
      await page.emulateMedia({ media: "print" });
      await expect(page.getByRole("heading", { level: 1, name: "Voto" })).toBeHidden();
      await expect(page.getByTestId("booth-proposal").first()).toBeHidden();
      await expect(sheet.getByRole("button", { name: "Stampa" })).toBeHidden();
      await expect(lines.first().getByTestId("receipt-token")).toBeVisible();
      await page.emulateMedia({ media: "screen" });
      await page.screenshot({ path: `test-results/receipt-sheet-${viewport.width}.png`, fullPage: true });

      // Nothing changed since: nothing is sent again, and the codes just given stay the valid ones.
      await page.reload();
      await page.getByRole("button", { name: "Registra i voti" }).click();
      await expect(page.getByTestId("nothing-changed")).toBeVisible();
      await expect(page.getByTestId("receipt-sheet")).toHaveCount(0);
    });

    test("a visitor checks a receipt with the code alone, from the call's results", async ({ page }) => {
      await openCall(page, PAST_CALL_TITLE);
      await page.getByRole("link", { name: "Risultati del voto" }).click();
      await page.getByTestId("check-receipt-link").click();
      await expect(page.getByRole("heading", { level: 1, name: "Verifica la ricevuta di voto" })).toBeVisible();
      await expect(page.getByLabel("Proposta")).toHaveCount(0);

      const field = page.getByLabel("Codice della ricevuta");
      await field.fill("TAVOLO-NON-E-UN-CODICE");
      await page.getByRole("button", { name: "Verifica" }).click();
      await expect(page.getByTestId("form-error")).toContainText("Questo non è un codice di ricevuta");

      await field.fill(`CAN-2025-0001-${DEMO_PAST_RECEIPT.token.slice(0, -1)}A`);
      await page.getByRole("button", { name: "Verifica" }).click();
      await expect(page.getByTestId("receipt-not-found")).toBeVisible();

      await field.fill(DEMO_PAST_RECEIPT.token.toLowerCase().replace(/(.{4})(?!$)/g, "$1 "));
      await page.getByRole("button", { name: "Verifica" }).click();
      const found = page.getByTestId("receipt-found");
      await expect(found).toContainText(DEMO_PAST_RECEIPT.proposalTitle);
      await expect(found).toContainText("Il tuo voto (5 su 5) è tra quelli contati nella versione 1");
      await page.screenshot({ path: `test-results/receipt-check-${viewport.width}.png`, fullPage: true });
    });
  });
}
