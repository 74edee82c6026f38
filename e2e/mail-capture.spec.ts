import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { capturedMail, linksOf, mailCaptureFile, trackingIn, waitForMail } from "./mail";
import { BASE_URL, callAction, databaseUrl, expectOk, NEEDS_DATABASE, Personas, seedIds, WHO } from "./security/helpers";

/**
 * Issue 12: in tests a local SMTP server captures the mail (e2e/serve.mjs, e2e/mail-capture.mjs),
 * so these read what really left Tavolo over SMTP — not the outbox table — and follow its
 * links in the browser. No mail loads anything from anywhere (no images, pixels, scripts,
 * styles); notification mail carries the one-click List-Unsubscribe headers (RFC 8058).
 */

const NEW_PASSWORD = "Nuova-password-smtp-5678";

/** Every link of the HTML part goes to this site (nothing external to fetch or follow). */
function hrefsOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
}

test("the reset e-mail captured by the local SMTP server has a link that works in the browser, and nothing that tracks", async ({ page, browser }) => {
  const email = uniqueEmail("smtp");
  await signUp(page, "Sara Posta", email);
  const verification = await waitForMail(email, (m) => m.subject === "Conferma il tuo indirizzo e-mail su Tavolo");
  expect(linksOf(verification).some((l) => l.startsWith(`${BASE_URL}/verify-email?token=`))).toBe(true);
  expect(trackingIn(verification.html)).toEqual([]);

  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  await other.goto("/forgot-password");
  await other.getByLabel("E-mail").fill(email);
  await other.getByRole("button", { name: "Invia il link" }).click();
  await expect(other.getByRole("status")).toContainText("Se un account è registrato con questo indirizzo");

  const mail = await waitForMail(email, (m) => m.subject === "Reimposta la password di Tavolo");
  expect(mail.headers.from).toMatch(/no-reply@/);
  expect(mail.text).toContain("Gentile Sara Posta,");
  expect(trackingIn(mail.html), "images, scripts, styles or pixels in the HTML").toEqual([]);
  for (const href of hrefsOf(mail.html)) expect(href.startsWith(`${BASE_URL}/`), `${href} is a link of this site`).toBe(true);
  const link = linksOf(mail).find((l) => l.startsWith(`${BASE_URL}/reset-password?token=`));
  expect(link, `a reset link in ${mailCaptureFile()}`).toBeTruthy();
  expect(hrefsOf(mail.html)).toContain(link);

  await other.goto(link!);
  await expect(other.getByRole("heading", { name: "Scegli una nuova password" })).toBeVisible();
  await other.getByRole("textbox", { name: "Nuova password", exact: true }).fill(NEW_PASSWORD);
  await other.getByLabel("Ripeti la nuova password").fill(NEW_PASSWORD);
  await other.getByRole("button", { name: "Imposta la nuova password" }).click();
  await expect(other.getByTestId("reset-done")).toBeVisible();
  await visitor.close();
});

test("a notification e-mail carries List-Unsubscribe, its opt-out link works, and it tracks nothing", async ({ browser }) => {
  test.skip(!databaseUrl(), NEEDS_DATABASE);
  const ids = await seedIds();
  const personas = new Personas();
  const subject = `Prova SMTP ${Date.now()}`;
  const before = capturedMail().length;
  expectOk(
    await callAction(await personas.as(WHO.promoter), { action: "sendCoalitionMessage", args: [{ coalitionId: ids.coalitionId, subject, message: "Riunione del tavolo giovedì alle 10." }] }),
    "coalition message",
  );
  await personas.dispose();

  // A member firm's admin (a confirmed address; e-mail at once is the default for this kind).
  const mail = await waitForMail(WHO.meccanicaAdmin, (m) => m.subject.includes(subject));
  expect(capturedMail().length).toBeGreaterThan(before);
  expect(mail.text).toContain("Riunione del tavolo giovedì alle 10.");
  expect(trackingIn(mail.html), "images, scripts, styles or pixels in the HTML").toEqual([]);
  for (const href of hrefsOf(mail.html)) expect(href.startsWith(`${BASE_URL}/`), `${href} is a link of this site`).toBe(true);

  const unsubscribe = mail.headers["list-unsubscribe"];
  expect(unsubscribe).toMatch(new RegExp(`^<${BASE_URL.replace(/[.]/g, "\\.")}/[^>]+>$`));
  expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  const stop = unsubscribe.slice(1, -1);
  expect(linksOf(mail)).toContain(stop);

  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  const response = await page.goto(stop);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await visitor.close();
});
