import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { formatRome, formatRomeIn, romeLocalToUtc, utcToRomeLocal } from "../lib/time";
import { signIn, signInSession, signOut } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;
/** A Rome wall-clock time `days` from now, as a datetime-local input takes it. */
const romeDay = (days: number, time: string) => `${utcToRomeLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;

/** Bootstrap Italia draws its own checkbox over the input: people click the label. */
async function tick(page: Page, group: string, label: string) {
  const box = page.getByRole("group", { name: group }).getByLabel(label, { exact: true });
  await page.getByRole("group", { name: group }).getByText(label, { exact: true }).click();
  await expect(box).toBeChecked();
}

async function fillCall(page: Page, title: string) {
  await page.getByLabel("Titolo", { exact: true }).fill(title);
  await page
    .getByLabel("Descrizione", { exact: true })
    .fill('Piattaforme **condivise** per il turismo.\n\n<script>document.title="pwned"</script>\n\n<img src=x onerror="document.title=1">');
  await tick(page, "Temi", "Cloud");
  await tick(page, "Temi", "E-commerce");
  await tick(page, "Settori", "Turismo");
  await page.getByLabel("Dotazione complessiva (€)").fill("500.000");
  await page.getByLabel("Importo massimo richiedibile per proposta (€)").fill("125.000,50");
  await page.getByLabel("Cofinanziamento minimo (%)").fill("25");
  await tick(page, "Deve esserci almeno un partner di uno di questi tipi", "Università");
  await tick(page, "Possono essere capofila", "Impresa");
  await tick(page, "Dimensioni d'impresa ammesse", "Piccola impresa");
}

test("a promoter creates a call, fixes the errors the form reports, publishes it, and a visitor sees it", async ({ page }) => {
  const title = `Turismo digitale ${Date.now()}`;
  const closes = romeDay(10, "18:00");
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  await page.getByRole("link", { name: "Nuovo bando" }).click();
  await expect(page.getByRole("heading", { name: "Nuovo bando" })).toBeVisible();

  await fillCall(page, title);
  // Two inconsistent rules: fewer partners allowed than required, voting before submission closes.
  await page.getByLabel("Numero minimo di partner").fill("4");
  await page.getByLabel("Numero massimo di partner").fill("2");
  await page.getByLabel("Apertura della presentazione (ora di Roma)").fill(romeDay(-1, "09:00"));
  await page.getByLabel("Scadenza della presentazione (ora di Roma)").fill(closes);
  await page.getByLabel("Apertura del voto (ora di Roma)").fill(romeDay(5, "09:00"));
  await page.getByLabel("Chiusura del voto (ora di Roma)").fill(romeDay(24, "18:00"));
  await page.getByRole("button", { name: "Pubblica" }).click();

  await expect(page.getByTestId("form-error")).toHaveText(/non si può pubblicare/);
  await expect(page.getByTestId("maxPartners-error")).toHaveText("Il numero massimo di partner non può essere inferiore al minimo.");
  await expect(page.getByTestId("votingOpensAt-error")).toHaveText("Il voto non può aprirsi prima della scadenza della presentazione.");
  await expect(page.getByLabel("Numero massimo di partner")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Numero massimo di partner").fill("8");
  await page.getByLabel("Apertura del voto (ora di Roma)").fill(romeDay(17, "09:00"));
  await page.getByRole("button", { name: "Pubblica" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, pubblica il bando" }).click();
  await expect(page.getByRole("status")).toHaveText("Bando pubblicato.");

  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("call-phase")).toHaveText("Aperto");
  const deadline = formatRome(romeLocalToUtc(closes), "it");
  await expect(page.getByTestId("submission-deadline")).toHaveText(formatRomeIn(romeLocalToUtc(closes), "it", "al"));
  await expect(page.getByTestId("next-deadline")).toContainText(/chiude tra (9|10) giorni/);
  await expect(page.getByTestId("call-budget")).toHaveText("500.000,00 €");
  await expect(page.getByTestId("eligibility")).toContainText("Almeno un partner deve essere un'università.");
  await expect(page.getByTestId("eligibility")).toContainText("Il capofila deve essere un'impresa.");
  await expect(page.getByTestId("eligibility")).toContainText("125.000,50 €");
  // The description's Markdown is rendered; its script and raw HTML are not.
  await expect(page.getByTestId("markdown").locator("strong")).toHaveText("condivise");
  await expect(page.getByTestId("markdown").locator("script, img")).toHaveCount(0);
  await expect(page).not.toHaveTitle(/pwned|^1$/);
  // Published: the rules are frozen, only the deadline can be extended.
  await expect(page.getByTestId("extend-form")).toBeVisible();
  await expect(page.getByRole("link", { name: "Modifica la bozza" })).toHaveCount(0);
  await signOut(page);

  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  const item = page.getByTestId("call-item").filter({ hasText: title });
  await expect(item).toContainText("Aperto");
  await expect(item.getByTestId("countdown")).toContainText(`${deadline}, ora di Roma`);
  await expect(page.getByRole("link", { name: "Nuovo bando" })).toHaveCount(0);
  await item.getByRole("link", { name: title }).click();
  await expect(page.getByTestId("submission-deadline")).toHaveText(formatRomeIn(romeLocalToUtc(closes), "it", "al"));
  await expect(page.getByTestId("extend-form")).toHaveCount(0);
});

test("the promoter extends the deadline with a reason; it never moves earlier", async ({ page }) => {
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  await page.getByTestId("call-item").getByRole("link", { name: "Piattaforme digitali condivise per il distretto" }).click();
  const form = page.getByTestId("extend-form");

  await form.getByLabel("Nuova scadenza (ora di Roma)").fill(romeDay(1, "18:00"));
  await form.getByLabel("Motivo della proroga").fill("Anticipo");
  await form.getByRole("button", { name: "Proroga" }).click();
  await expect(page.getByTestId("submissionClosesAt-error")).toHaveText(/non si anticipa mai/);

  const later = romeDay(23, "18:00");
  await form.getByLabel("Nuova scadenza (ora di Roma)").fill(later);
  await form.getByLabel("Motivo della proroga").fill("Richiesta delle imprese del distretto");
  await form.getByRole("button", { name: "Proroga" }).click();
  await expect(page.getByRole("status")).toHaveText("Scadenza prorogata.");
  await expect(page.getByTestId("submission-deadline")).toHaveText(formatRomeIn(romeLocalToUtc(later), "it", "al"));
});

test("a draft is not found by anyone but the coalition's promoters", async ({ page, browser }) => {
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${DEMO_COALITION.slug}/calls/new`);
  const title = `Bozza riservata ${Date.now()}`;
  await page.getByLabel("Titolo", { exact: true }).fill(title);
  await page.getByRole("button", { name: "Salva bozza" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("call-phase")).toHaveText("Bozza");
  const url = page.url();

  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  const response = await other.goto(url);
  expect(response?.status()).toBe(404);
  await other.goto(`/coalitions/${DEMO_COALITION.slug}`);
  await expect(other.getByTestId("coalition-calls")).not.toContainText(title);
  await signIn(other, DEMO_SIGN_INS.leadFirmAdmin);
  expect((await other.goto(url))?.status()).toBe(404);
  expect((await other.goto(`/coalitions/${DEMO_COALITION.slug}/calls/new`))?.status()).toBe(404);
  await visitor.close();
});
