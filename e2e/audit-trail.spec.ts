import { expect, test } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION } from "../db/seed/data";
import { checkPage, viewports } from "./journeys/checks";

/**
 * The coalition's public audit trail (issue 12, item 7): a visitor, not signed in, follows the
 * link on the coalition's page, reads that the chain is intact, finds the seeded open call's
 * publication with who, when and the entry's hash (the same hash the call's page publishes as
 * its anchor), and nothing private (no e-mail address) on the page. In English too.
 */
const SLUG = DEMO_COALITION.slug;
const PROMOTER = "Città metropolitana di Torino";
const SHOTS = process.env.AUDITTRAIL_SHOTS;

for (const vp of viewports) {
  test.describe(`public audit trail at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("a visitor reads the decisions and the chain's verification", async ({ page }) => {
      await page.goto(`/coalitions/${SLUG}`);
      await page.getByTestId("coalition-audit-link").click();
      await expect(page).toHaveURL(new RegExp(`/coalitions/${SLUG}/audit$`));
      await expect(page.getByRole("heading", { level: 1, name: "Registro pubblico delle decisioni" })).toBeVisible();
      const chain = page.getByTestId("audit-chain");
      await expect(chain).toHaveAttribute("data-chain-ok", "true");
      await expect(chain).toContainText("La catena è integra");
      await checkPage(page);
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/audit-${vp.name}-top.png` });
        await page.getByTestId("audit-entry").nth(3).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/audit-${vp.name}-entries.png` });
      }

      // The past call's results: a decision of the promoter, with the hash its results page publishes as anchor.
      const results = page.getByTestId("audit-entry").filter({ hasText: PAST_CALL_TITLE }).and(page.locator('[data-action="call.results_published"]'));
      await expect(results).toHaveCount(1);
      await expect(results).toContainText("Risultati pubblicati");
      await expect(results.getByTestId("audit-who")).toHaveText(/Un promotore della coalizione|Città metropolitana di Torino/);
      const resultsHash = (await results.getByTestId("audit-hash").textContent())!.trim();
      expect(resultsHash).toMatch(/^[0-9a-f]{64}$/);

      // The open call's publication: who (the promoter organisation), when, the hash it was published with.
      const published = page.getByTestId("audit-entry").filter({ hasText: OPEN_CALL_TITLE }).and(page.locator('[data-action="call.published"]'));
      await expect(published).toHaveCount(1);
      await expect(published).toContainText("Bando pubblicato");
      await expect(published.getByTestId("audit-who")).toHaveText(PROMOTER);
      const hash = (await published.getByTestId("audit-hash").textContent())!.trim();
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      await expect(published.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

      // Nothing private: no e-mail address anywhere in the main content.
      expect(await page.locator("main").innerText()).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);

      // The call's own page publishes the same hash as its anchor.
      const callHref = await page.goto(`/coalitions/${SLUG}`).then(() => page.getByRole("link", { name: OPEN_CALL_TITLE }).first().getAttribute("href"));
      await page.goto(callHref!);
      await expect(page.locator(`[data-audit-hash="${hash}"]`).first()).toBeAttached();
      const pastId = await page.goto(`/coalitions/${SLUG}`).then(() => page.getByRole("link", { name: PAST_CALL_TITLE }).first().getAttribute("href"));
      await page.goto(`/calls/${pastId!.split("/").pop()}/results`);
      await expect(page.locator(`[data-audit-hash="${resultsHash}"]`).first()).toBeAttached();
    });
  });
}

test("the trail in English", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("locale-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto(`/coalitions/${SLUG}/audit`);
  await expect(page.getByRole("heading", { level: 1, name: "Public record of decisions" })).toBeVisible();
  await expect(page.getByTestId("audit-chain")).toContainText("The chain is intact");
  await expect(page.locator('[data-testid="audit-entry"][data-action="call.published"]').first()).toContainText("Call published");
  await page.getByTestId("locale-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
});

test("an unknown coalition is not found; a malformed page cursor shows the first page", async ({ page }) => {
  const missing = await page.goto("/coalitions/nessuna-coalizione-cosi/audit");
  expect(missing?.status()).toBe(404);
  await page.goto(`/coalitions/${SLUG}/audit?before=abc`);
  await expect(page.getByTestId("audit-chain")).toHaveAttribute("data-chain-ok", "true");
  await expect(page.getByTestId("audit-entry").first()).toBeVisible();
});
