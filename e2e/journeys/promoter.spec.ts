import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../../db/seed/data";
import { utcToRomeLocal } from "../../lib/time";
import { checkPageAtBothWidths as checkPage, signInFromHome, viewports } from "./checks";

/**
 * Journey (issue 9): the promoter, from the desk, drafts a call, publishes it after confirming,
 * and once its vote has closed publishes the results after confirming, every page reached by
 * links. The seed's only call whose vote has closed belongs to e2e/voting.spec.ts (which
 * publishes it later in the run), so this journey makes its own: a call whose submission
 * closes a few seconds after it is published and whose vote closes right after. The steps run
 * once at a desktop's width; each page is checked in the same state at a phone's width too.
 */
const DAY = 24 * 60 * 60 * 1000;
/**
 * From filling the closing time to the server accepting the publication: measured 2.0–2.3 s
 * (click, dialog, its axe check, confirm) on a loaded 2-core machine, and the dialog is now
 * checked at two widths; the margin leaves more than 3× that. Every second of it is waited for
 * after publishing.
 */
const PUBLISH_MARGIN_MS = 10_000;
/** Rome wall-clock time, to the second, of an instant `ms` from now: what the datetime-local field takes. */
function romeAt(ms: number): { text: string; at: number } {
  const at = Date.now() + ms;
  const date = new Date(at);
  return { text: `${utcToRomeLocal(date)}:${String(date.getUTCSeconds()).padStart(2, "0")}`, at };
}

async function tick(page: Page, group: string, label: string) {
  await page.getByRole("group", { name: group }).getByText(label, { exact: true }).click();
}

const vp = viewports[0];
test.describe(`a promoter at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("publishes a call, then its results once the vote has closed, confirming both", async ({ page }) => {
    test.setTimeout(240_000);
    const title = `Bando del percorso ${vp.name} ${Date.now()}`;
    await signInFromHome(page, DEMO_SIGN_INS.promoter, undefined, checkPage);

    // Desk → the coalitions → the pact → new call.
    await page.getByRole("main").getByRole("link", { name: "Le coalizioni delle tue organizzazioni" }).click();
    await checkPage(page);
    await page.getByRole("main").getByRole("link", { name: DEMO_COALITION.name }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: DEMO_COALITION.name })).toBeVisible();
    await checkPage(page);
    await page.getByRole("link", { name: "Nuovo bando" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Nuovo bando" })).toBeVisible();
    await checkPage(page);

    await page.getByLabel("Titolo", { exact: true }).fill(title);
    await tick(page, "Temi", "Cloud");
    await tick(page, "Settori", "Turismo");
    await page.getByLabel("Dotazione complessiva (€)").fill("200.000");
    await page.getByLabel("Importo massimo richiedibile per proposta (€)").fill("100.000");
    await page.getByLabel("Apertura della presentazione (ora di Roma)").fill(utcToRomeLocal(new Date(Date.now() - DAY)));
    await checkPage(page);
    // Submission closes a few seconds from now (time to confirm); the vote opens then and closes a second later.
    const closes = romeAt(PUBLISH_MARGIN_MS);
    const voteCloses = romeAt(PUBLISH_MARGIN_MS + 1_000);
    await page.getByLabel("Scadenza della presentazione (ora di Roma)").fill(closes.text);
    await page.getByLabel("Apertura del voto (ora di Roma)").fill(closes.text);
    await page.getByLabel("Chiusura del voto (ora di Roma)").fill(voteCloses.text);

    // Publishing asks first, and says what cannot be undone.
    await page.getByRole("button", { name: "Pubblica", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Pubblicare il bando?" });
    await expect(dialog).toContainText("non si potranno più modificare");
    await checkPage(page, "confirm publishing");
    await dialog.getByRole("button", { name: "Sì, pubblica il bando" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText("Bando pubblicato.");
    await checkPage(page);

    // The vote closes by itself: meanwhile the promoter goes back to the call's page by links,
    // and reloads it until it says the vote is closed (no fixed wait); then on to the count.
    await page.getByRole("navigation", { name: "Percorso" }).getByRole("link", { name: DEMO_COALITION.name }).click();
    await page.getByTestId("call-item").filter({ hasText: title }).getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("call-phase")).toHaveText("Voto chiuso, risultati in arrivo", { timeout: 1_000 });
    }).toPass({ timeout: PUBLISH_MARGIN_MS + 20_000, intervals: [250, 500, 1_000] });
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await checkPage(page, "vote closed");
    await page.getByRole("link", { name: "Affluenza e scrutinio" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Voto e risultati" })).toBeVisible();
    await checkPage(page);
    await page.getByRole("button", { name: "Pubblica i risultati" }).click();
    const confirm = page.getByRole("dialog", { name: "Pubblicare i risultati?" });
    await expect(confirm).toContainText("definitiv");
    await checkPage(page, "confirm results");
    await confirm.getByRole("button", { name: "Sì, pubblica i risultati" }).click();
    await expect(page.getByTestId("success-message")).toHaveText("Risultati pubblicati.");
    await expect(page.getByRole("heading", { level: 1, name: "Risultati del voto" })).toBeVisible();
    await checkPage(page);
  });
});
