import { expect, test } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { fillFirm, randomPartitaIva, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("a firm signs up, registers with a valid Partita IVA, and a platform admin verifies it", async ({ page }) => {
  const legalName = `Officina Test ${Date.now()} S.r.l.`;
  const email = uniqueEmail("founder");
  await signUp(page, "Laura Founder", email);

  await page.getByRole("link", { name: "Registra un'organizzazione" }).click();
  await fillFirm(page, legalName);

  // A wrong check digit is caught in the browser, next to the field.
  await page.getByLabel(/^Partita IVA/).fill("12345678901");
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByTestId("partitaIva-error")).toHaveText(/Partita IVA non valida/);
  await expect(page.getByLabel(/^Partita IVA/)).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel(/^Partita IVA/).fill(randomPartitaIva());
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByRole("heading", { name: legalName })).toBeVisible();
  await expect(page.getByTestId("organisation-status")).toHaveText("In attesa di verifica");
  await expect(page.getByTestId("people-table")).toContainText("Laura Founder");
  await signOut(page);

  await signIn(page, DEMO_SIGN_INS.platformAdmin);
  await page.getByRole("link", { name: "Verifica organizzazioni" }).click();
  const card = page.getByTestId("pending-organisation").filter({ hasText: legalName });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: `Verifica ${legalName}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, verifica" }).click();
  await expect(page.getByTestId("success-message")).toHaveText("Organizzazione verificata.");
  await expect(page.getByTestId("pending-organisation").filter({ hasText: legalName })).toHaveCount(0);
  await signOut(page);

  await signIn(page, email, "Password-e2e-1234");
  await page.goto("/organisations");
  await expect(page.getByRole("row", { name: new RegExp(legalName) })).toContainText("Verificata");
});

test("a Partita IVA already registered is refused with a message", async ({ page }) => {
  const partitaIva = randomPartitaIva();
  await signUp(page, "Primo Registrante", uniqueEmail("first"));
  await page.goto("/organisations/new");
  await fillFirm(page, `Prima ${Date.now()} S.r.l.`);
  await page.getByLabel(/^Partita IVA/).fill(partitaIva);
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByTestId("organisation-status")).toBeVisible();

  await page.goto("/organisations/new");
  await fillFirm(page, `Seconda ${Date.now()} S.r.l.`);
  await page.getByLabel(/^Partita IVA/).fill(partitaIva);
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByTestId("partitaIva-error")).toHaveText(/già registrata/);
});

test("a wrong password gets a message that does not say whether the e-mail exists", async ({ page }) => {
  for (const email of [DEMO_SIGN_INS.leadFirmAdmin, uniqueEmail("nobody")]) {
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("definitely-wrong-password");
    await page.locator("form").getByRole("button", { name: "Accedi" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("E-mail o password non corretti.");
  }
});
