import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { utcToRomeLocal } from "../lib/time";
import { signInSession } from "./helpers";

/**
 * Irreversible actions ask first, in one dialog that says what cannot be undone, and
 * every action says what happened; the call form reports every problem at once in a
 * summary that takes the focus, and Enter in a field never saves. Desktop and phone.
 */

const DAY = 24 * 60 * 60 * 1000;
const romeDay = (days: number, time: string) => `${utcToRomeLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;
const ELETTRONICA = "maria.giachino@elettronicacanavesana.demo";

async function tick(page: Page, group: string, label: string) {
  await page.getByRole("group", { name: group }).getByText(label, { exact: true }).click();
}

/** A complete, consistent call, saved as a draft from the form; returns its page's URL. */
async function draftCall(page: Page, title: string): Promise<string> {
  await page.goto(`/coalitions/${DEMO_COALITION.slug}/calls/new`);
  await page.getByLabel("Titolo", { exact: true }).fill(title);
  await tick(page, "Temi", "Cloud");
  await tick(page, "Settori", "Turismo");
  await page.getByLabel("Dotazione complessiva (€)").fill("300.000");
  await page.getByLabel("Importo massimo richiedibile per proposta (€)").fill("100.000");
  await page.getByLabel("Apertura della presentazione (ora di Roma)").fill(romeDay(-1, "09:00"));
  await page.getByLabel("Scadenza della presentazione (ora di Roma)").fill(romeDay(10, "18:00"));
  await page.getByLabel("Apertura del voto (ora di Roma)").fill(romeDay(12, "09:00"));
  await page.getByLabel("Chiusura del voto (ora di Roma)").fill(romeDay(20, "18:00"));
  await page.getByRole("button", { name: "Salva bozza" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  return page.url();
}

for (const viewport of [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("a promoter publishes a call only after confirming; cancelling leaves it a draft", async ({ page }) => {
      const title = `Bando confermato ${viewport.width} ${Date.now()}`;
      await signInSession(page, DEMO_SIGN_INS.promoter);
      await draftCall(page, title);
      const publish = page.getByRole("button", { name: "Pubblica", exact: true });

      await publish.click();
      const dialog = page.getByRole("dialog", { name: "Pubblicare il bando?" });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText("non si potranno più modificare");
      // The safe choice has the focus; Escape cancels and the keyboard goes back to the trigger.
      await expect(dialog.getByRole("button", { name: "Annulla" })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(publish).toBeFocused();

      await publish.click();
      await dialog.getByRole("button", { name: "Annulla" }).click();
      await expect(dialog).toBeHidden();
      await page.reload();
      await expect(page.getByTestId("call-phase")).toHaveText("Bozza");

      await publish.click();
      await dialog.getByRole("button", { name: "Sì, pubblica il bando" }).click();
      await expect(page.getByRole("status")).toHaveText("Bando pubblicato.");
      await expect(page.getByTestId("call-phase")).toHaveText("Aperto");
    });

    test("a firm's submission asks first and says what cannot be undone", async ({ page }) => {
      const title = `Proposta confermata ${viewport.width} ${Date.now()}`;
      await signInSession(page, ELETTRONICA);
      await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
      await page.getByRole("link", { name: "Piattaforme digitali condivise per il distretto" }).first().click();
      await page.getByRole("link", { name: "Proponi un progetto" }).click();
      await page.getByLabel("Titolo").fill(title);
      await page.getByRole("button", { name: "Crea la bozza" }).click();
      await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

      const submit = page.getByRole("button", { name: "Presenta la proposta" });
      await submit.click();
      const dialog = page.getByRole("dialog", { name: "Presentare la proposta?" });
      await expect(dialog).toContainText("non si può più modificare");
      await page.keyboard.press("Escape");
      await expect(submit).toBeFocused();
      await expect(page.getByTestId("proposal-status")).toHaveText("Bozza");

      // Confirmed, the server still checks the call's rules: this draft has no partners yet.
      await submit.click();
      await dialog.getByRole("button", { name: "Sì, presenta la proposta" }).click();
      await expect(page.getByTestId("eligibility-problems")).toContainText("Il budget non ha voci.");
      await expect(page.getByTestId("proposal-status")).toHaveText("Bozza");
    });

    test("the call form lists every problem in a focused summary whose links lead to the fields", async ({ page }) => {
      await signInSession(page, DEMO_SIGN_INS.promoter);
      await page.goto(`/coalitions/${DEMO_COALITION.slug}/calls/new`);
      await page.getByLabel("Titolo", { exact: true }).fill("Bando con errori");
      await tick(page, "Temi", "Cloud");
      await tick(page, "Settori", "Turismo");
      // One unreadable field, and rule conflicts between the others.
      await page.getByLabel(/^Quorum/).fill("cinquanta");
      await page.getByLabel("Dotazione complessiva (€)").fill("100.000");
      await page.getByLabel("Importo massimo richiedibile per proposta (€)").fill("150.000");
      await page.getByLabel("Cofinanziamento minimo (%)").fill("100");
      await page.getByLabel("Numero minimo di partner").fill("5");
      await page.getByLabel("Numero massimo di partner").fill("2");
      await page.getByLabel("Apertura della presentazione (ora di Roma)").fill(romeDay(-1, "09:00"));
      await page.getByLabel("Scadenza della presentazione (ora di Roma)").fill(romeDay(10, "18:00"));
      await page.getByLabel("Apertura del voto (ora di Roma)").fill(romeDay(12, "09:00"));
      await page.getByLabel("Chiusura del voto (ora di Roma)").fill(romeDay(11, "18:00"));
      await page.getByRole("button", { name: "Pubblica", exact: true }).click();

      const summary = page.getByTestId("error-summary");
      await expect(summary).toBeFocused();
      await expect(page.getByRole("dialog")).toHaveCount(0);
      const links = summary.getByRole("link");
      await expect(links).toHaveCount(5);
      await expect(links.nth(0)).toContainText("Dotazione complessiva");
      await expect(summary).toContainText("Numero massimo di partner");
      await expect(summary).toContainText("Chiusura del voto");
      await expect(summary).toContainText("Quorum");
      await expect(summary).toContainText("Cofinanziamento minimo");

      await summary.getByRole("link", { name: /^Numero massimo di partner/ }).click();
      await expect(page.getByLabel("Numero massimo di partner")).toBeFocused();
      await summary.getByRole("link", { name: /^Quorum/ }).click();
      await expect(page.getByLabel(/^Quorum/)).toBeFocused();
    });

    test("Enter in the title does not save a draft; leaving with unsaved changes warns", async ({ page }) => {
      await signInSession(page, DEMO_SIGN_INS.promoter);
      await page.goto(`/coalitions/${DEMO_COALITION.slug}/calls/new`);
      const url = page.url();
      await page.getByLabel("Titolo", { exact: true }).fill(`Non salvare ${Date.now()}`);
      await page.getByLabel("Titolo", { exact: true }).press("Enter");
      await page.waitForTimeout(1000);
      expect(page.url()).toBe(url);
      await expect(page.getByRole("heading", { name: "Nuovo bando", level: 1 })).toBeVisible();

      let warned = "";
      page.once("dialog", async (dialog) => {
        warned = dialog.type();
        await dialog.dismiss();
      });
      await page.close({ runBeforeUnload: true });
      await expect.poll(() => warned).toBe("beforeunload");
    });

    test("a promoter deletes a draft call after confirming", async ({ page }) => {
      const title = `Bozza da eliminare ${viewport.width} ${Date.now()}`;
      await signInSession(page, DEMO_SIGN_INS.promoter);
      const callUrl = await draftCall(page, title);
      await page.getByRole("link", { name: "Modifica la bozza" }).click();
      await page.getByRole("button", { name: "Elimina la bozza" }).click();
      const dialog = page.getByRole("dialog", { name: "Eliminare la bozza del bando?" });
      await expect(dialog).toContainText("Non si può annullare.");
      await dialog.getByRole("button", { name: "Sì, elimina la bozza" }).click();
      await expect(page.getByRole("status")).toHaveText("Bozza del bando eliminata.");
      await expect(page.getByRole("link", { name: title })).toHaveCount(0);
      expect((await page.goto(callUrl))?.status()).toBe(404);
    });
  });
}
