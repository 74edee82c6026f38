import { expect, test, type Page } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { signInSession, signOut } from "./helpers";

async function addMunicipality(page: Page, query: string, label: string) {
  await page.getByLabel("Cerca un comune").fill(query);
  await page.getByRole("button", { name: `Aggiungi ${label}`, exact: true }).click();
  await expect(page.getByTestId("territory-chosen")).toContainText(label);
}

async function inviteFromManagePage(page: Page, search: string, name: string) {
  await page.getByLabel("Cerca per denominazione").fill(search);
  await page.getByRole("button", { name: "Cerca", exact: true }).click();
  await page.getByRole("button", { name: `Invita ${name}` }).click();
  await expect(page.getByTestId("pending-invitations")).toContainText(name);
}

test("a public administrator creates a coalition and admits a university and two firms, one through its request", async ({ page, browser }) => {
  const name = `Patto di prova e2e ${Date.now()}`;
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto("/coalitions");
  await page.getByRole("link", { name: "Crea una coalizione" }).click();

  // Nothing filled in: both problems at once, each next to its field.
  await page.getByRole("button", { name: "Crea la coalizione" }).click();
  await expect(page.getByTestId("name-error")).toHaveText("Campo obbligatorio.");
  await expect(page.getByTestId("territory-error")).toHaveText("Scegli almeno un comune del territorio.");

  await page.getByLabel("Nome della coalizione").fill(name);
  await page.getByLabel("Descrizione").fill("Un patto per provare Tavolo.");
  await addMunicipality(page, "Strambino", "Strambino (TO)");
  await addMunicipality(page, "Ivrea", "Ivrea (TO)");
  await page.getByRole("button", { name: "Crea la coalizione" }).click();
  await expect(page.getByRole("heading", { name: "Gestione della coalizione" })).toBeVisible();
  const manageUrl = page.url();
  const publicUrl = manageUrl.replace(/\/manage$/, "");

  await inviteFromManagePage(page, "Università", "Università (demo) — Dipartimento di Informatica");
  await inviteFromManagePage(page, "Meccanica", "Meccanica Dora S.p.A.");
  await signOut(page);

  for (const email of [DEMO_SIGN_INS.university, DEMO_SIGN_INS.leadFirmAdmin]) {
    await signInSession(page, email);
    await page.goto("/coalitions");
    await page.getByTestId("coalition-invitation").filter({ hasText: name }).getByRole("button", { name: `Accetta l'invito di ${name}` }).click();
    await expect(page.getByTestId("my-coalitions").getByRole("link", { name })).toBeVisible();
    await signOut(page);
  }

  // A firm outside the pact asks to join.
  await signInSession(page, DEMO_SIGN_INS.outsideFirm);
  await page.goto("/coalitions");
  const card = page.locator("article").filter({ hasText: name });
  await card.getByRole("button", { name: `Chiedi di aderire a ${name}` }).click();
  await card.getByLabel("Motivazione").fill("Stampiamo componenti per le imprese del distretto.");
  await card.getByRole("button", { name: "Invia la richiesta" }).click();
  await expect(page.getByTestId("my-join-requests")).toContainText(`${name} — Stampi Chiusella S.r.l.: in attesa`);
  await signOut(page);

  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(manageUrl);
  const request = page.getByTestId("join-request").filter({ hasText: "Stampi Chiusella S.r.l." });
  await expect(request).toContainText("Stampiamo componenti");
  await request.getByLabel("Peso — Stampi Chiusella S.r.l.").fill("2");
  await request.getByRole("button", { name: "Ammetti Stampi Chiusella S.r.l." }).click();
  await expect(page.getByTestId("manage-members").getByRole("row", { name: /Stampi Chiusella/ })).toBeVisible();

  const visitor = await browser.newContext();
  const anon = await visitor.newPage();
  await anon.goto(publicUrl);
  await expect(anon.getByRole("heading", { name })).toBeVisible();
  const members = anon.getByTestId("coalition-members");
  await expect(members).toContainText("4 membri");
  await expect(members).toContainText("Università (demo) — Dipartimento di Informatica");
  await expect(members).toContainText("Meccanica Dora S.p.A.");
  await expect(members).toContainText("Stampi Chiusella S.r.l.");
  await expect(anon.getByTestId("territory")).toHaveText("Strambino (TO), Ivrea (TO)");
  await expect(anon.getByRole("link", { name: "Gestisci la coalizione" })).toHaveCount(0);
  await visitor.close();
});

test("a visitor who is not signed in cannot open the management page", async ({ page }) => {
  await page.goto("/coalitions/canavese/manage");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test("a member who is not a promoter gets not found on the management page", async ({ page }) => {
  await signInSession(page, DEMO_SIGN_INS.leadFirmAdmin);
  await page.goto("/coalitions/canavese/manage");
  await expect(page.getByRole("heading", { name: "Pagina non trovata" })).toBeVisible();
});
