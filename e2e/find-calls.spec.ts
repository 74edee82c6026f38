import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { DEMO_PASSWORD } from "./helpers";

/**
 * Issue 9, "calls that can be found": from the home page, without typing a URL, a
 * visitor reaches the open call (directly, and through /calls with a search and a
 * filter), and a university reaches a project seeking partners and its request form.
 */

const viewports = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const SEEKING_TITLE = "Marketplace B2B del distretto";

/** helpers.ts signIn waits for the name in the header, which a phone hides: wait for it in the page instead. */
async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.locator("form").getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
  await expect(page.getByTestId("signed-in-as")).toBeAttached();
}

/** No serious or critical axe violation, and nothing wider than the screen. */
async function checkPage(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, page.url()).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

async function shot(page: Page, name: string) {
  if (process.env.FIND_SCREENSHOTS) await page.screenshot({ path: `${process.env.FIND_SCREENSHOTS}/${name}.png`, fullPage: true });
}

for (const vp of viewports) {
  test.describe(`at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("a visitor finds the open call from the home page, with its countdown", async ({ page }) => {
      await page.goto("/");
      const open = page.getByTestId("home-open-calls");
      const card = open.getByTestId("public-call").filter({ hasText: OPEN_CALL_TITLE });
      await expect(card.getByTestId("call-phase")).toHaveText("Aperto");
      await expect(card.getByTestId("countdown")).toContainText("chiude tra");
      await expect(page.getByTestId("home-results").getByRole("link", { name: /Risultati di «Competenze digitali 2025»/ })).toBeVisible();
      await checkPage(page);
      await shot(page, `home-${vp.name}`);
      await card.getByRole("link", { name: OPEN_CALL_TITLE }).click();
      await expect(page.getByRole("heading", { level: 1, name: OPEN_CALL_TITLE })).toBeVisible();
    });

    test("a visitor finds the open call through /calls with a search and a filter", async ({ page }) => {
      await page.goto("/");
      await page.getByTestId("home-open-calls").getByRole("link", { name: "Tutti i bandi" }).click();
      await expect(page).toHaveURL(/\/calls$/);
      await expect(page.getByRole("heading", { level: 1, name: "Bandi" })).toBeVisible();
      const count = page.getByTestId("calls-count");
      await expect(count).toHaveAttribute("role", "status");

      const form = page.getByRole("search", { name: "Cerca e filtra i bandi" });
      // "piattaforma" finds "Piattaforme digitali…": Italian stemming in PostgreSQL. With
      // "distretto" too (every word must match), calls other specs publish about
      // "piattaforme" for tourism do not come up, whatever order the specs run in.
      await form.getByLabel("Parole da cercare").fill("piattaforma distretto");
      await form.getByLabel("Fase").selectOption("open");
      await form.getByRole("button", { name: "Cerca" }).click();
      await expect(page).toHaveURL(/q=piattaforma/);
      await expect(page).toHaveURL(/phase=open/);
      await expect(count).toHaveText("1 bando trovato");
      await expect(page.getByLabel("Parole da cercare")).toHaveValue("piattaforma distretto");
      await checkPage(page);
      await shot(page, `calls-${vp.name}`);

      // A filter that excludes it says so.
      await page.getByLabel("Fase").selectOption("results");
      await page.getByRole("button", { name: "Cerca" }).click();
      await expect(count).toHaveText("Nessun bando trovato");
      await page.getByLabel("Fase").selectOption("open");
      await page.getByRole("button", { name: "Cerca" }).click();
      await page.getByRole("link", { name: OPEN_CALL_TITLE }).click();
      await expect(page.getByRole("heading", { level: 1, name: OPEN_CALL_TITLE })).toBeVisible();
    });

    test("the list pages with labelled links and works without JavaScript", async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: vp.width, height: vp.height } });
      const page = await context.newPage();
      await page.goto("/calls?size=1");
      await expect(page.getByTestId("public-call")).toHaveCount(1);
      const first = await page.getByTestId("public-call").getByRole("heading").textContent();
      const pages = page.getByRole("navigation", { name: "Pagine dei risultati" });
      await pages.getByRole("link", { name: "Pagina successiva dei risultati" }).click();
      await expect(page).toHaveURL(/after=/);
      const second = await page.getByTestId("public-call").getByRole("heading").textContent();
      expect(second).not.toBe(first);
      await pages.getByRole("link", { name: "Pagina precedente dei risultati" }).click();
      await expect(page.getByTestId("public-call").getByRole("heading")).toHaveText(first!);
      // The GET form needs no script either.
      await page.getByLabel("Parole da cercare").fill("competenze");
      await page.getByRole("button", { name: "Cerca" }).click();
      await expect(page.getByTestId("calls-count")).toHaveText("1 bando trovato");
      await context.close();
    });

    test("a university finds a project seeking partners from the home page and opens the request form", async ({ page }) => {
      await signIn(page, DEMO_SIGN_INS.university);
      await page.goto("/");
      await page.getByRole("link", { name: "Progetti che cercano partner" }).last().click();
      await expect(page.getByRole("heading", { level: 1, name: "Progetti che cercano partner" })).toBeVisible();
      await expect(page.getByTestId("partners-count")).toHaveAttribute("role", "status");
      await expect(page.getByTestId("partners-count")).toContainText("partner");
      const form = page.getByRole("search", { name: "Cerca e filtra i progetti che cercano partner" });
      await form.getByLabel("Tipo di partner cercato").selectOption("university");
      await form.getByRole("button", { name: "Cerca" }).click();
      const card = page.getByTestId("partner-search-card").filter({ hasText: SEEKING_TITLE });
      await expect(card.getByTestId("looking-for")).toContainText("Università");
      await expect(card.getByRole("link", { name: `Bando: ${OPEN_CALL_TITLE}` })).toBeVisible();
      const request = card.getByRole("form", { name: `Chiedi di partecipare a «${SEEKING_TITLE}»` });
      await expect(request).toBeVisible();
      await request.getByLabel("Messaggio al capofila").fill("Possiamo curare l'analisi dei dati del catalogo.");
      await expect(request.getByRole("button", { name: "Chiedi di partecipare" })).toBeEnabled();
      await checkPage(page);
      await shot(page, `partners-${vp.name}`);
    });
  });
}

test("a visitor is asked to sign in on the partner search and sees no card", async ({ page }) => {
  await page.goto("/partners");
  await expect(page.getByTestId("partners-sign-in")).toBeVisible();
  await expect(page.getByTestId("partner-search-card")).toHaveCount(0);
});

test("the header leads to the calls and the partner search", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto("/");
  await page.getByTestId("nav-calls").click();
  await expect(page.getByRole("heading", { level: 1, name: "Bandi" })).toBeVisible();
  await page.getByTestId("nav-partners").click();
  await expect(page.getByRole("heading", { level: 1, name: "Progetti che cercano partner" })).toBeVisible();
});
