import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";
import { checkPage } from "./journeys/checks";

/**
 * Issue 12, e-mail (first part): no SMTP server is configured in the browser tests, so the
 * mail Tavolo writes shows in the local outbox page (/outbox, opened by MAIL_OUTBOX_PUBLIC=1
 * in e2e/serve.mjs). A person who forgot the password asks for a link, finds the mail there,
 * follows the link and sets a new password: it works, the old one no longer does, and the
 * session open before has ended. The sign-up's verification link confirms the address.
 */

const OLD_PASSWORD = "Password-e2e-1234";
const NEW_PASSWORD = "Nuova-password-e2e-5678";

/** The link to `path` in the latest mail with this subject to `email`, from the outbox page. */
async function linkFromOutbox(page: Page, email: string, subject: string, path: string): Promise<string> {
  await page.goto(`/outbox?to=${encodeURIComponent(email)}`);
  const mail = page.getByTestId("outbox-mail").filter({ has: page.getByRole("heading", { name: subject }) }).first();
  await expect(mail).toBeVisible();
  await expect(mail).toContainText(email);
  const href = await mail.locator(`a[href*="${path}?token="]`).first().getAttribute("href");
  expect(href, `a ${path} link in the mail`).toBeTruthy();
  return href!;
}

async function shoot(page: Page, name: string) {
  if (!process.env.MAIL_SHOTS) return;
  for (const [w, h] of [
    [1366, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${process.env.MAIL_SHOTS}/${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("a person resets a forgotten password through the link in the e-mail", async ({ page, browser }) => {
  const email = uniqueEmail("reset");
  // The account, and a session opened before the reset (kept in this page's browser).
  await signUp(page, "Rita Reimposta", email, OLD_PASSWORD);

  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  await other.goto("/sign-in");
  await other.getByRole("link", { name: "Password dimenticata?" }).click();
  await expect(other.getByRole("heading", { name: "Password dimenticata" })).toBeVisible();
  await checkPage(other);
  await shoot(other, "forgot-password");
  await other.getByLabel("E-mail").fill(email);
  await other.getByRole("button", { name: "Invia il link" }).click();
  await expect(other.getByRole("status")).toContainText("Se un account è registrato con questo indirizzo");
  await checkPage(other, "sent");

  const link = await linkFromOutbox(other, email, "Reimposta la password di Tavolo", "/reset-password");
  await checkPage(other);
  await shoot(other, "outbox");
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "Scegli una nuova password" })).toBeVisible();
  await checkPage(other);
  await shoot(other, "reset-password");
  await other.getByRole("textbox", { name: "Nuova password", exact: true }).fill(NEW_PASSWORD);
  await other.getByLabel("Ripeti la nuova password").fill(NEW_PASSWORD);
  await other.getByRole("button", { name: "Imposta la nuova password" }).click();
  await expect(other.getByTestId("reset-done")).toBeVisible();
  await expect(other.getByRole("status")).toContainText("tutte le sessioni precedenti sono state chiuse");

  // The link works once.
  await other.goto(link);
  await other.getByRole("textbox", { name: "Nuova password", exact: true }).fill("Ancora-un-altra-9999");
  await other.getByLabel("Ripeti la nuova password").fill("Ancora-un-altra-9999");
  await other.getByRole("button", { name: "Imposta la nuova password" }).click();
  await expect(other.getByTestId("form-error")).toContainText("Questo link non è valido");

  // The session opened before the reset has ended.
  const before = (await (await page.request.get("/api/auth/session")).json()) as { user?: unknown } | null;
  expect(before?.user).toBeUndefined();

  // The old password fails, the new one works.
  await other.goto("/sign-in");
  await other.getByLabel("E-mail").fill(email);
  await other.getByLabel("Password").fill(OLD_PASSWORD);
  await other.locator("form").getByRole("button", { name: "Accedi" }).click();
  await expect(other.getByTestId("form-error")).toBeVisible();
  await signIn(other, email, NEW_PASSWORD);
  await visitor.close();
});

test("the sign-up's verification link confirms the address, and the account page says so", async ({ page }) => {
  const email = uniqueEmail("verify");
  await signUp(page, "Vera Verifica", email, undefined, { confirm: false });
  await page.goto("/account");
  await expect(page.getByTestId("email-unverified")).toContainText(email);
  await page.getByRole("button", { name: "Invia di nuovo il link" }).click();
  await expect(page.getByTestId("verification-resent")).toBeVisible();
  await checkPage(page, "resent");
  await shoot(page, "account-unverified");

  const link = await linkFromOutbox(page, email, "Conferma il tuo indirizzo e-mail su Tavolo", "/verify-email");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Conferma il tuo indirizzo e-mail" })).toBeVisible();
  await checkPage(page);
  await shoot(page, "verify-email");
  await page.getByRole("button", { name: "Conferma il mio indirizzo" }).click();
  await expect(page.getByTestId("verify-done")).toBeVisible();

  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toContainText(email);
});

test("in English the page is in English, the e-mail in the person's own language; an unknown address gets the same answer and no mail", async ({ page }) => {
  const email = uniqueEmail("reset-en");
  await signUp(page, "Ellen English", email);
  await page.context().clearCookies();
  await page.goto("/forgot-password");
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { name: "Forgot your password" })).toBeVisible();
  await checkPage(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account is registered with this address");
  // Ellen signed up on an Italian page: her mail is in Italian (users.locale), whoever asks in English.
  const link = await linkFromOutbox(page, email, "Reimposta la password di Tavolo", "/reset-password");
  expect(link).toContain("/reset-password?token=");

  const stranger = uniqueEmail("nobody");
  await page.goto("/forgot-password");
  await page.getByLabel("E-mail").fill(stranger);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account is registered with this address");
  await page.goto(`/outbox?to=${encodeURIComponent(stranger)}`);
  await expect(page.getByText("No e-mail.")).toBeVisible();
});
