import { expect, test } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { CLOSED_NAME, FESR_NAME, MEDIUM_ONLY_NAME } from "../db/seed/incentives";
import { checkPageAtBothWidths as checkPage, followNav, signInToDesk, viewports } from "./journeys/checks";

/**
 * The incentive catalogue and radar (issue 11, items 3 and 4): a visitor finds the regional
 * FESR programme from the menu; a firm's representative opens its radar, types a project cost
 * and sees the FESR programme among those that fit, with its deadline and the most aid it
 * could get, and the closed first window among the near misses with the reason. Each page
 * checked (axe, width, control boundaries) at desktop and phone width: the steps run once at a
 * desktop's width and each page is checked in the same state at a phone's too.
 */
/** CATALOGUE_SHOTS=<folder>: full-page screenshots of the pages, to look at. */
const SHOTS = process.env.CATALOGUE_SHOTS;

const vp = viewports[0];
test.describe(`incentives at ${vp.name} width, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });
  // Each test does the steps once and checks its pages at two widths: twice the checks of one width.
  test.describe.configure({ timeout: 120_000 });

  test("a visitor finds the FESR programme in the catalogue from the menu", async ({ page }) => {
    await page.context().clearCookies();
    await page.goto("/");
    await checkPage(page);
    await followNav(page, "Incentivi");
    await expect(page.getByRole("heading", { level: 1, name: "Incentivi per le imprese" })).toBeVisible();
    await checkPage(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/catalogue-${vp.name}.png`, fullPage: true });

    // Narrowed by the filters, as a person would: regional GBER programmes open now.
    await page.getByLabel("Nome, ente o fondo").fill("FESR");
    await page.getByLabel("Stato").selectOption("open");
    await page.getByLabel("Regime di aiuto").selectOption("gber");
    await page.getByRole("button", { name: "Cerca", exact: true }).click();
    await expect(page).toHaveURL(/state=open/);
    const card = page.getByTestId("programme-card").filter({ hasText: FESR_NAME });
    await expect(card).toBeVisible();
    await expect(card).toContainText("Regione Piemonte / Finpiemonte");
    await expect(card).toContainText("art. 17");
    await expect(card).toContainText("piccole 20%");
    await expect(card).toContainText("medie 10%");
    // The closed first window is not among the open ones.
    await expect(page.getByTestId("programme-card").filter({ hasText: CLOSED_NAME })).toHaveCount(0);
    await checkPage(page, "filtered");

    await card.getByRole("link", { name: FESR_NAME }).click();
    await expect(page.getByRole("heading", { level: 1, name: FESR_NAME })).toBeVisible();
    await expect(page.getByTestId("programme-facts")).toContainText("FESR 2021-27");
    await expect(page.getByTestId("programme-facts")).toContainText("A sportello");
    await expect(page.getByTestId("official-url")).toHaveAttribute("href", /^https:\/\//);
    await checkPage(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/programme-${vp.name}.png`, fullPage: true });
  });

  test("a firm's radar shows the FESR programme as fitting and the closed one with its reason", async ({ page }) => {
    await signInToDesk(page, DEMO_SIGN_INS.leadFirmAdmin);
    await followNav(page, "Incentivi");
    await expect(page.getByRole("heading", { level: 1, name: "Incentivi per le imprese" })).toBeVisible();
    await page.getByRole("link", { name: "Radar incentivi di Meccanica Dora S.p.A." }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Radar incentivi" })).toBeVisible();
    await checkPage(page);

    await page.getByLabel("Costo del progetto (€)").fill("150.000");
    await page.getByRole("button", { name: "Calcola" }).click();
    await expect(page).toHaveURL(/cost=150\.000/);

    // Meccanica Dora: a medium manufacturing firm in Ivrea with an ERP proposal → 10% of 150.000 €.
    const fesr = page.getByTestId("radar-fits").getByTestId("radar-entry").filter({ hasText: FESR_NAME });
    await expect(fesr).toBeVisible();
    await expect(fesr).toContainText("Aperto");
    await expect(fesr).toContainText("Chiude il");
    await expect(fesr).toContainText("Intensità massima per voi: 10%");
    await expect(fesr.getByTestId("radar-max-aid")).toHaveText("Contributo massimo: 15.000,00 €");
    await expect(fesr.getByTestId("radar-apply")).toHaveAttribute("href", /^\/funding\/applications\/new\?programme=[0-9a-f-]{36}$/);

    const closed = page.getByTestId("radar-near").getByTestId("radar-entry").filter({ hasText: CLOSED_NAME });
    await expect(closed).toBeVisible();
    await expect(closed.getByTestId("radar-reasons")).toContainText("Chiuso il 30 giugno 2026");
    await expect(closed.getByTestId("radar-apply")).toHaveCount(0);
    await checkPage(page, "with a cost");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/radar-${vp.name}.png`, fullPage: true });
  });

  test("a small firm is told why the medium-firms programme is not for it", async ({ page }) => {
    await signInToDesk(page, "maria.giachino@elettronicacanavesana.demo");
    await followNav(page, "Incentivi");
    await page.getByRole("link", { name: "Radar incentivi di Elettronica Canavesana S.r.l." }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Radar incentivi" })).toBeVisible();
    const medium = page.getByTestId("radar-near").getByTestId("radar-entry").filter({ hasText: MEDIUM_ONLY_NAME });
    await expect(medium.getByTestId("radar-reasons")).toHaveText("Solo imprese medie");
    // The FESR programme fits a small firm at 20%.
    await expect(page.getByTestId("radar-fits").getByTestId("radar-entry").filter({ hasText: FESR_NAME })).toContainText("Intensità massima per voi: 20%");
    await checkPage(page);
  });

  test("the platform admin adds a programme; a link that is not http(s) is refused with the reason", async ({ page }) => {
    const name = `Voucher cybersicurezza ${vp.name} ${Date.now()}`;
    await signInToDesk(page, DEMO_SIGN_INS.platformAdmin);
    await followNav(page, "Incentivi");
    await page.getByTestId("manage-link").click();
    await expect(page.getByRole("heading", { level: 1, name: "Gestione del catalogo incentivi" })).toBeVisible();
    await checkPage(page);
    await page.getByTestId("new-programme").click();
    await expect(page.getByRole("heading", { level: 1, name: "Nuovo programma" })).toBeVisible();
    await checkPage(page);
    await page.locator("#programme-name").fill(name);
    await page.locator("#programme-authority").fill("Camera di commercio di Torino");
    await page.getByLabel("Regime di aiuto").selectOption("de_minimis");
    await page.getByLabel("Piccole imprese (%)").fill("50");
    await page.getByLabel("Micro imprese (%)").fill("50");
    await page.getByLabel("Contributo massimo per domanda (€)").fill("10.000");
    // Bootstrap Italia draws its own checkbox over the input: people click the label.
    await page.getByRole("group", { name: "Chi può chiederlo" }).getByText("Impresa", { exact: true }).click();
    await page.getByRole("group", { name: "Regioni" }).getByText("Piemonte", { exact: true }).click();
    await page.getByRole("group", { name: "Soluzioni ICT coperte" }).getByText("Cybersicurezza", { exact: true }).click();
    await page.locator("#programme-officialUrl").fill("javascript:alert(1)");
    await page.getByTestId("programme-save").click();
    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Link al testo ufficiale: Non è un indirizzo web");
    await checkPage(page, "refused");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/manage-new-${vp.name}.png`, fullPage: true });

    await page.locator("#programme-officialUrl").fill("https://www.to.camcom.it/voucher-cyber");
    await page.getByTestId("programme-save").click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByTestId("programme-facts")).toContainText("micro 50% · piccole 50%");
    await expect(page.getByTestId("programme-facts")).toContainText("10.000,00 €");
    await expect(page.getByTestId("edit-programme")).toBeVisible();
    await checkPage(page, "created");
  });
});
