import { expect, test } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../../db/seed/calls";
import { DEMO_PAST_RECEIPT } from "../../db/seed/voting-data";
import { checkPage, followNav, viewports } from "./checks";

/**
 * Journey (issue 9): a visitor, signed in as nobody, finds the open call from the home page,
 * then checks a vote receipt with the code alone (the demo's known code on the past call),
 * reaching every page by links. On a desktop and on a phone; each page checked (axe,
 * boundaries, width).
 */
for (const vp of viewports) {
  test.describe(`a visitor at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("finds the open call from the home page and checks a receipt with the code alone", async ({ page }) => {
      await page.goto("/");
      await checkPage(page);
      const card = page.getByTestId("home-open-calls").getByTestId("public-call").filter({ hasText: OPEN_CALL_TITLE });
      await expect(card.getByTestId("countdown")).toContainText("chiude tra");
      await card.getByRole("link", { name: OPEN_CALL_TITLE }).click();
      await expect(page.getByRole("heading", { level: 1, name: OPEN_CALL_TITLE })).toBeVisible();
      await checkPage(page);

      // Back home through the header, to the published results and the receipt check.
      await followNav(page, "Home");
      await expect(page.getByTestId("home-open-calls")).toBeVisible();
      await page.getByTestId("home-results").getByRole("link", { name: new RegExp(`Risultati di «${PAST_CALL_TITLE}»`) }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Risultati del voto" })).toBeVisible();
      await checkPage(page);
      await page.getByTestId("check-receipt-link").click();
      await expect(page.getByRole("heading", { level: 1, name: "Verifica la ricevuta di voto" })).toBeVisible();
      await checkPage(page);

      // The code alone: no proposal to pick.
      await expect(page.getByLabel("Proposta")).toHaveCount(0);
      await page.getByLabel("Codice della ricevuta").fill(DEMO_PAST_RECEIPT.token);
      await page.getByRole("button", { name: "Verifica" }).click();
      const found = page.getByTestId("receipt-found");
      await expect(found).toContainText(DEMO_PAST_RECEIPT.proposalTitle);
      await expect(found).toContainText("è tra quelli contati");
      await checkPage(page, "receipt found");
    });
  });
}
