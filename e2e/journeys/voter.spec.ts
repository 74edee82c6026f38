import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { VOTING_CALL_TITLE } from "../../db/seed/voting-data";
import { checkPageAtBothWidths as checkPage, signInFromHome, viewports } from "./checks";

/**
 * Journey (issue 9): a member organisation's representative (the chamber of commerce) votes
 * from the desk on every proposal of the call voting now, keeps the receipt sheet (copied and
 * downloaded), and checks one of its codes alone from the sheet's link: recognised, counted
 * once the results are out. The chamber is one of the voters e2e/voting.spec.ts expects, and
 * each choice here differs from the one before, so any order of specs works.
 */
const CCIAA = "franco.musso@cciaa.demo";
const CODE = /^[A-Z]{3}-\d{4}-\d{4}-([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/;

const vp = viewports[0];
test.describe(`a voter at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height }, permissions: ["clipboard-read", "clipboard-write"] });
  // Each test does the steps once and checks its pages at two widths: twice the checks of one width.
  test.describe.configure({ timeout: 120_000 });

  test("votes from the desk, copies and downloads the receipt sheet, checks a code alone", async ({ page }) => {
    await signInFromHome(page, CCIAA, undefined, checkPage);
    const item = page.getByTestId("desk-vote").filter({ hasText: VOTING_CALL_TITLE });
    await item.getByRole("link", { name: new RegExp(`^(Vota su|Rivedi i voti su) «${VOTING_CALL_TITLE}»$`) }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Voto" })).toBeVisible();
    await checkPage(page);

    const cards = page.getByTestId("booth-proposal");
    await expect(cards).toHaveCount(3);
    // A choice that differs from the current one on every proposal, so each is cast.
    for (const card of await cards.all()) {
      for (const choice of ["Sì", "No", "Astensione"]) {
        if (await card.getByLabel(choice, { exact: true }).isChecked()) continue;
        await card.locator("label", { hasText: new RegExp(`^${choice}$`) }).click();
        break;
      }
    }
    await checkPage(page, "choices made");
    await page.getByRole("button", { name: "Registra i voti" }).click();

    const sheet = page.getByTestId("receipt-sheet");
    await expect(sheet.getByRole("heading", { name: "La tua ricevuta di voto" })).toBeFocused();
    const tokens = sheet.getByTestId("receipt-token");
    await expect(tokens).toHaveCount(3);
    const codes = (await tokens.allTextContents()).map((c) => c.trim());
    for (const code of codes) expect(code).toMatch(CODE);
    await checkPage(page, "receipt sheet");

    await sheet.getByRole("button", { name: "Copia la ricevuta" }).click();
    await expect(sheet.getByTestId("receipt-notice")).toHaveText("Ricevuta copiata negli appunti.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    for (const code of codes) expect(copied).toContain(code);

    const [download] = await Promise.all([page.waitForEvent("download"), sheet.getByRole("button", { name: "Scarica come testo" }).click()]);
    const text = await readFile((await download.path())!, "utf8");
    expect(text).toContain(VOTING_CALL_TITLE);
    for (const code of codes) expect(text).toContain(`Codice: ${code}`);

    // The sheet leads to the check, which finds the ballot from the code alone.
    await sheet.getByRole("link", { name: "Verifica la ricevuta di voto" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Verifica la ricevuta di voto" })).toBeVisible();
    await checkPage(page);
    await page.getByLabel("Codice della ricevuta").fill(codes[0]);
    await page.getByRole("button", { name: "Verifica" }).click();
    await expect(page.getByTestId("receipt-not-published")).toContainText(VOTING_CALL_TITLE);
    await checkPage(page, "code checked");
  });
});
