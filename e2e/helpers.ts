import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../db/seed/data";
import { partitaIvaCheckDigit } from "../lib/identifiers";

export { DEMO_PASSWORD };

/** A fresh, check-digit-valid Partita IVA no seed uses (seed prefixes are 99… and 89…). */
export function randomPartitaIva(): string {
  const first10 = `7${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
  return `${first10}${partitaIvaCheckDigit(first10)}`;
}

export function uniqueEmail(label: string): string {
  return `${label}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.org`;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.locator("form").getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
  // The name in the header is hidden below 768 px; the sign-out button shows at every width.
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("button", { name: /^(Esci|Sign out)$/ })).toBeVisible();
}

/**
 * Signs in through next-auth's own endpoints on the page's browser context (the cookies are the
 * browser's), without loading the sign-in form and the desk: for a test whose subject is not the
 * sign-in and which goes to its own page next. The form itself is covered by signIn here, the
 * journeys (signInFromHome, at both widths) and e2e/security/redirect-and-sign-in.spec.ts.
 * Measured on the shared 2-core machine: 0.2–0.5 s, against 2.3–5.2 s for signIn.
 */
export async function signInSession(page: Page, email: string, password = DEMO_PASSWORD) {
  const origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: `${origin}/`, json: "true" },
    headers: { Origin: origin },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  expect(session?.user?.email?.toLowerCase(), `signed in as ${email}`).toBe(email.toLowerCase());
}

/**
 * Signs up through the form, then confirms the address with the link mailed to it (until then
 * the account can only read): the page stays on the desk where sign-up lands. `confirm: false`
 * leaves the address unconfirmed.
 */
export async function signUp(page: Page, name: string, email: string, password = "Password-e2e-1234", options: { confirm?: boolean } = {}) {
  await page.goto("/sign-up");
  await page.getByLabel("Nome e cognome").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Crea account" }).click();
  await expect(page.getByRole("heading", { name: "La mia scrivania" })).toBeVisible();
  if (options.confirm !== false) await confirmAddress(page, email);
}

/** The link to `path` (e.g. "/verify-email") in the newest mail to `email`, read from the demo outbox page's HTML. */
export async function mailedLink(page: Page, email: string, path: string): Promise<string> {
  const pattern = new RegExp(`href="([^"]*${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\?token=[^"]+)"`);
  for (let attempt = 0; attempt < 20; attempt++) {
    const html = await (await page.request.get(`/outbox?to=${encodeURIComponent(email)}`)).text();
    const found = html.match(pattern);
    if (found) return found[1].replaceAll("&amp;", "&");
    await page.waitForTimeout(250);
  }
  throw new Error(`no ${path} link mailed to ${email}`);
}

/**
 * Confirms the address with the verification link mailed at sign-up, in a tab of its own (the
 * page keeps what it shows; the link is the authority, no session needed).
 */
export async function confirmAddress(page: Page, email: string) {
  const link = await mailedLink(page, email, "/verify-email");
  const tab = await page.context().newPage();
  await tab.goto(link);
  await tab.getByRole("button", { name: /^(Conferma il mio indirizzo|Confirm my address)$/ }).click();
  await expect(tab.getByTestId("verify-done")).toBeVisible();
  await tab.close();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /^(Esci|Sign out)$/ }).click();
  await expect(page.getByRole("link", { name: /^(Accedi|Sign in)$/ }).first()).toBeVisible();
}

/** Fills the organisation form for a small firm in Ivrea, leaving the Partita IVA to the caller. */
export async function fillFirm(page: Page, legalName: string) {
  await page.getByLabel("Tipo di organizzazione").selectOption("firm");
  await page.getByLabel("Denominazione").fill(legalName);
  await page.getByLabel("Codice ATECO").fill("62.01.00");
  await page.getByLabel("Dimensione").selectOption("small");
  await page.getByLabel("Cerca il comune").fill("Ivrea");
  const municipality = page.locator("select#municipalityCode");
  await expect(municipality.locator("option", { hasText: /^Ivrea \(TO\)/ })).toHaveCount(1);
  await municipality.selectOption({ label: "Ivrea (TO) — Piemonte" });
}

/**
 * Opens a proposal workspace and waits until its form is hydrated: what is typed before React
 * takes the page over is lost, so a spec that fills the form right after navigating waits here.
 */
export async function openWorkspace(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("proposal-form")).toHaveAttribute("data-ready", "true");
}
