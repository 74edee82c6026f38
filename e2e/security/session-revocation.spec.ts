import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_SIGN_INS } from "../../db/seed/data";
import { fillFirm, randomPartitaIva, signIn, signOut, signUp, uniqueEmail } from "../helpers";
import { BASE_URL, callAction, expectRefused } from "./helpers";

/**
 * Issue 8, item 6: a copied session cookie must stop working on the server as soon as
 * the person signs out, changes the password or has their sessions ended.
 */

/** A second browser holding a copy of `from`'s cookies (an attacker who copied them). */
async function copyOf(browser: Browser, from: BrowserContext): Promise<BrowserContext> {
  const copy = await browser.newContext({ baseURL: BASE_URL });
  await copy.addCookies(await from.cookies());
  return copy;
}

async function expectSignedIn(page: Page, signedIn: boolean) {
  await page.goto("/organisations");
  if (signedIn) {
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
    await expect(page).toHaveURL(/\/organisations$/);
  } else {
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  }
}

test("sign-out ends the session on the server: a copied cookie no longer works, not even for a server action", async ({ browser, page, context }) => {
  await signIn(page, DEMO_SIGN_INS.leadFirmAdmin);
  const copy = await copyOf(browser, context);
  const thief = await copy.newPage();
  await expectSignedIn(thief, true);

  // The thief opens a form while the copy still works…
  await thief.goto("/organisations/new");
  const legalName = `Copied Cookie Srl ${Date.now()}`;
  await fillFirm(thief, legalName);
  await thief.getByLabel(/^Partita IVA/).fill(randomPartitaIva());

  // …the owner signs out…
  await signOut(page);

  // …and the copy is refused everywhere: pages, the form's server action, a direct call.
  await thief.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(thief.getByTestId("form-error")).toHaveText("Devi accedere per continuare.");
  const valid = {
    kind: "firm",
    legalName,
    partitaIva: randomPartitaIva(),
    codiceFiscale: "",
    codiceIpa: "",
    atecoCode: "62.01.00",
    sizeClass: "small",
    municipalityCode: "001125",
  };
  const direct = await callAction(copy.request, { action: "createOrganisationAction", args: [valid], page: "/organisations/new" });
  expectRefused(direct, ["UNAUTHENTICATED"], "createOrganisation with the signed-out cookie");
  const session = (await (await copy.request.get("/api/auth/session")).json()) as { user?: unknown };
  expect(session.user).toBeUndefined();
  await expectSignedIn(thief, false);

  // Nothing was created: the owner, signed in again, does not see it.
  await signIn(page, DEMO_SIGN_INS.leadFirmAdmin);
  await page.goto("/organisations");
  await expect(page.getByText(legalName)).toHaveCount(0);
  await copy.close();
});

test("a password change ends the other sessions and keeps this browser signed in", async ({ browser, page, context }) => {
  const email = uniqueEmail("password-change");
  await signUp(page, "Persona Cambio Password", email, "Password-e2e-1234");
  const copy = await copyOf(browser, context);
  const other = await copy.newPage();
  await expectSignedIn(other, true);

  await page.goto("/account");
  await page.getByLabel("Password attuale").fill("Password-e2e-1234");
  await page.getByRole("textbox", { name: "Nuova password", exact: true }).fill("Password-e2e-5678");
  await page.getByLabel("Ripeti la nuova password").fill("Password-e2e-5678");
  await page.getByRole("button", { name: "Cambia la password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();

  await expectSignedIn(page, true);
  await expectSignedIn(other, false);
  // The new password is the one that works.
  await signOut(page);
  await signIn(page, email, "Password-e2e-5678");
  await copy.close();
});

test("'end all my sessions' and the platform admin's 'end all sessions' revoke every copy", async ({ browser, page, context }) => {
  const email = uniqueEmail("end-sessions");
  await signUp(page, "Persona Sessioni", email, "Password-e2e-1234");
  const copy = await copyOf(browser, context);
  const other = await copy.newPage();
  await expectSignedIn(other, true);

  await page.goto("/account");
  await page.getByRole("button", { name: "Chiudi tutte le mie sessioni" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectSignedIn(page, false);
  await expectSignedIn(other, false);

  // Signed in again here; the platform admin ends this session from elsewhere.
  await signIn(page, email, "Password-e2e-1234");
  const adminContext = await browser.newContext({ baseURL: BASE_URL });
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_SIGN_INS.platformAdmin);
  await admin.goto("/admin/organisations");
  await admin.getByRole("link", { name: "Chiudi le sessioni di una persona" }).click();
  await admin.getByLabel("E-mail della persona").fill(email);
  await admin.getByRole("button", { name: "Chiudi tutte le sue sessioni" }).click();
  await expect(admin.getByTestId("sessions-ended")).toHaveText("Tutte le sessioni di Persona Sessioni sono state chiuse.");
  await expectSignedIn(page, false);
  // The admin's own session goes on.
  await expectSignedIn(admin, true);
  await adminContext.close();
  await copy.close();
});
