import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { VOTING_CALL_TITLE } from "../db/seed/voting-data";
import { fillFirm, randomPartitaIva, signIn, signInSession, signOut, signUp, uniqueEmail } from "./helpers";

/**
 * Issue 9, finding one's way: a newly verified organisation asks to join from the coalition's
 * page, firms are not offered to create a coalition, page titles name the call, seeded
 * proposals show their cost, promoters reach the count from the desk, the desk's count shows
 * on a phone, the footer's contacts and the accessibility statement.
 */

const viewports = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** From the coalition's public page to one of its calls, by the links a visitor sees. */
async function openCall(page: Page, title: string) {
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  await page.getByTestId("call-item").filter({ hasText: title }).getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("a firm just verified asks to join the coalition from its page, sees the request pending, and is not offered to create a coalition", async ({ page }) => {
  const legalName = `Officina Wayfind ${Date.now()} S.r.l.`;
  const email = uniqueEmail("wayfind");
  await signUp(page, "Marta Wayfind", email);
  await page.getByRole("link", { name: "Registra un'organizzazione" }).click();
  await fillFirm(page, legalName);
  await page.getByLabel(/^Partita IVA/).fill(randomPartitaIva());
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByRole("heading", { name: legalName })).toBeVisible();
  await signOut(page);

  await signInSession(page, DEMO_SIGN_INS.platformAdmin);
  await page.goto("/admin/organisations");
  await page.getByTestId("pending-organisation").filter({ hasText: legalName }).getByRole("button", { name: `Verifica ${legalName}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, verifica" }).click();
  await expect(page.getByTestId("success-message")).toHaveText("Organizzazione verificata.");
  await signOut(page);

  await signIn(page, email, "Password-e2e-1234");
  await page.getByRole("navigation", { name: /principale|Main/i }).getByRole("link", { name: "Coalizioni" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Coalizioni" })).toBeVisible();
  // Only a verified public body promotes a coalition: a firm is not offered to create one.
  await expect(page.getByRole("link", { name: "Crea una coalizione" })).toHaveCount(0);
  await page.getByRole("link", { name: DEMO_COALITION.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_COALITION.name })).toBeVisible();

  const join = page.getByTestId("coalition-join");
  await join.getByRole("button", { name: `Chiedi di aderire a ${DEMO_COALITION.name}` }).click();
  await expect(join.getByLabel("Per conto di")).toHaveValue(/.+/);
  await join.getByLabel("Motivazione").fill("Lavoriamo con le imprese meccaniche del distretto.");
  await join.getByRole("button", { name: "Invia la richiesta" }).click();
  await expect(join.getByTestId("join-request-pending")).toContainText(legalName);
  await expect(join.getByRole("button", { name: `Chiedi di aderire a ${DEMO_COALITION.name}` })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("join-request-pending")).toContainText(`La richiesta di adesione di ${legalName} è in attesa`);

  // The promoter, who may create coalitions, still is offered to.
  await signOut(page);
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto("/coalitions");
  await expect(page.getByRole("link", { name: "Crea una coalizione" })).toBeVisible();
});

test("page titles name the call, and a seeded proposal's public page shows its cost", async ({ page }) => {
  await openCall(page, OPEN_CALL_TITLE);
  await expect(page).toHaveTitle(`${OPEN_CALL_TITLE} · Tavolo`);

  await openCall(page, VOTING_CALL_TITLE);
  await expect(page).toHaveTitle(new RegExp(`^${VOTING_CALL_TITLE}`));
  // A phase inside a sentence is written in lower case.
  await page.goto(page.url().replace(/\/coalitions\/[^/]+\/calls\//, "/calls/") + "/results");
  await expect(page).toHaveTitle(`${VOTING_CALL_TITLE} — Risultati del voto · Tavolo`);
  await expect(page.getByText("I risultati non sono ancora pubblicati: il bando è in votazione.")).toBeVisible();

  await openCall(page, VOTING_CALL_TITLE);
  await page.getByTestId("call-proposals").getByRole("link", { name: "Formazione anti-phishing per gli enti locali" }).click();
  await expect(page).toHaveTitle("Formazione anti-phishing per gli enti locali · Tavolo");
  const totals = page.getByTestId("public-totals");
  // 120.000 € requested + 40.000 € co-financing (db/seed/voting-data.ts demoBudget).
  await expect(totals.locator("dd")).toHaveText(["160.000,00 €", "120.000,00 € (75,00%)", "40.000,00 € (25,00%)"]);
});

for (const viewport of viewports) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("a promoter goes from the desk to the count page of the vote in progress", async ({ page }) => {
      await signInSession(page, DEMO_SIGN_INS.promoter);
      await page.goto("/desk");
      const item = page.getByTestId("desk-vote-to-follow").filter({ hasText: VOTING_CALL_TITLE });
      await expect(item).toHaveAttribute("data-open", "true");
      await expect(item).toContainText(/il voto chiude (il |l')\d/);
      await item.getByRole("link", { name: `Affluenza e scrutinio di «${VOTING_CALL_TITLE}»` }).click();
      await expect(page).toHaveURL(/\/calls\/[0-9a-f-]+\/count$/);
      await expect(page).toHaveTitle(`${VOTING_CALL_TITLE} — Voto e risultati · Tavolo`);
      await expect(page.getByTestId("who-voted")).toBeVisible();
    });

    test("the desk's count is in sight without opening the menu", async ({ page }) => {
      await signInSession(page, DEMO_SIGN_INS.softwareFirmAdmin);
      await page.goto("/calls");
      if (viewport.name === "phone") {
        await expect(page.getByTestId("menu-toggle")).toHaveAttribute("aria-expanded", "false");
        await expect(page.getByTestId("nav-desk")).toBeHidden();
        const badge = page.getByTestId("desk-badge-compact");
        await expect(badge).toBeVisible();
        await expect(badge).toHaveText(/^\d+\+?$/);
        await expect(badge).toHaveAttribute("aria-label", /da fare$/);
        await page.getByTestId("nav-desk-compact").click();
        await expect(page.getByRole("heading", { level: 1, name: "La mia scrivania" })).toBeVisible();
      } else {
        await expect(page.getByTestId("desk-badge")).toBeVisible();
        await expect(page.getByTestId("nav-desk-compact")).toBeHidden();
      }
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
    });

    test("the footer leads to the contacts, and the accessibility statement to feedback and AgID", async ({ page }) => {
      await page.goto("/");
      const footer = page.getByRole("navigation", { name: /legali|Legal/i });
      await footer.getByRole("link", { name: "Contatti" }).click();
      await expect(page).toHaveURL(/\/contacts$/);
      await expect(page.getByRole("heading", { level: 1, name: "Contatti" })).toBeVisible();
      await expect(page).toHaveTitle("Contatti · Tavolo");

      await page.getByRole("navigation", { name: /legali|Legal/i }).getByRole("link", { name: /accessibilità/i }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Dichiarazione di accessibilità" })).toBeVisible();
      for (const part of ["Stato di conformità", "Contenuti non accessibili", "Meccanismo di feedback", "Procedura di attuazione"]) {
        await expect(page.getByRole("heading", { name: part })).toBeVisible();
      }
      await expect(page.getByRole("link", { name: "form.agid.gov.it" })).toHaveAttribute("href", "https://form.agid.gov.it");
      await page.getByTestId("markdown").getByRole("link", { name: "Contatti" }).click();
      await expect(page).toHaveURL(/\/contacts$/);

      await page.goto("/sign-up");
      await expect(page.getByTestId("privacy-notice").getByRole("link")).toHaveAttribute("href", "/privacy");
    });
  });
}
