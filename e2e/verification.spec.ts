import { expect, test } from "@playwright/test";
import { confirmAddress, fillFirm, randomPartitaIva, signUp, uniqueEmail } from "./helpers";
import { checkPage } from "./journeys/checks";

/**
 * Issue 12: until a new person confirms the address with the link mailed at sign-up, the
 * account can only read. Every page says so (with the way to a new link), an action is
 * refused with that message and changes nothing; the link confirms it and the same action works.
 */
test("an unconfirmed account is refused an action with the message, then confirmed by the link and allowed", async ({ page }) => {
  const email = uniqueEmail("unconfirmed");
  const legalName = `Officina Non Confermata ${Date.now()} S.r.l.`;
  await signUp(page, "Ugo Nonconfermato", email, undefined, { confirm: false });

  const banner = page.getByTestId("email-unverified-banner");
  await expect(banner).toContainText(`Il tuo indirizzo ${email} non è ancora confermato`);
  await checkPage(page, "banner");
  if (process.env.VERIFY_SHOTS) {
    for (const [w, h] of [
      [1366, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${process.env.VERIFY_SHOTS}/banner-${w}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  await page.goto("/organisations/new");
  await expect(banner).toBeVisible();
  await fillFirm(page, legalName);
  await page.getByLabel(/^Partita IVA/).fill(randomPartitaIva());
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Conferma prima il tuo indirizzo e-mail: ti abbiamo inviato un link.");
  await page.goto("/organisations");
  await expect(page.getByText(legalName)).toHaveCount(0);

  // The banner leads to the account page, where the link is sent again.
  await banner.getByRole("link", { name: "Chiedi un nuovo link dal tuo account" }).click();
  await expect(page).toHaveURL(/\/account#email-state$/);
  await page.getByRole("button", { name: "Invia di nuovo il link" }).click();
  await expect(page.getByTestId("verification-resent")).toBeVisible();

  await confirmAddress(page, email);
  await page.goto("/organisations/new");
  await expect(banner).toHaveCount(0);
  await fillFirm(page, legalName);
  await page.getByLabel(/^Partita IVA/).fill(randomPartitaIva());
  await page.getByRole("button", { name: "Registra l'organizzazione" }).click();
  await expect(page.getByRole("heading", { name: legalName })).toBeVisible();
  await expect(page.getByTestId("organisation-status")).toHaveText("In attesa di verifica");
});
