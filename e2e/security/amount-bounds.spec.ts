import { expect, test, type Page } from "@playwright/test";
import { signIn, signOut } from "../helpers";

/**
 * Issue 8, item 5: one partner used to be able to break a proposal for everyone by
 * saving a budget part of 2^53 − 1 cents next to the lead's, so that the total
 * overflowed and the workspace and the public page answered 500. Now every amount has a
 * ceiling (€1 billion), the proposal's total is checked on save, and the pages answer.
 */

const OPEN_CALL = "Piattaforme digitali condivise per il distretto";
const LEAD = "maria.giachino@elettronicacanavesana.demo";
const PARTNER = "giorgio.bertot@logisticaaltocanavese.demo";
const PARTNER_NAME = "Logistica Alto Canavese S.n.c.";
const TOO_LARGE = "L'importo supera il massimo ammesso di 1 miliardo di euro.";
const TOTAL_TOO_LARGE = "Con questo importo il costo totale della proposta supera il massimo di 1 miliardo di euro.";

function budgetPart(page: Page, name: string) {
  return page.getByTestId("budget-part").filter({ hasText: `Budget di ${name}` });
}

/**
 * Rewrites the amount inside the next server-action request of this page, as an
 * attacker with an intercepting proxy would: the browser's own check never sees it.
 * Only the first such request is changed; later ones pass as they are.
 */
async function rewriteNextActionAmount(page: Page, from: string, to: string): Promise<{ done: boolean }> {
  const state = { done: false };
  const workspace = "**/proposals/*/edit";
  await page.route(workspace, async (route) => {
    const request = route.request();
    if (state.done || request.method() !== "POST" || !(await request.headerValue("next-action"))) return route.fallback();
    const body = request.postData() ?? "";
    expect(body).toContain(JSON.stringify(from));
    state.done = true;
    await route.continue({ postData: body.replace(JSON.stringify(from), JSON.stringify(to)) });
  });
  return state;
}

test("a partner cannot overflow the budget, and the proposal's pages keep answering", async ({ page }) => {
  const title = `Tetto degli importi ${Date.now()}`;

  // The lead drafts a proposal and invites a firm.
  await signIn(page, LEAD);
  await page.goto("/coalitions/canavese");
  await page.getByRole("link", { name: OPEN_CALL }).first().click();
  await page.getByRole("link", { name: "Proponi un progetto" }).click();
  await page.getByLabel("Titolo").fill(title);
  await page.getByRole("button", { name: "Crea la bozza" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const workspace = page.url();
  const publicPage = workspace.replace(/\/edit$/, "");
  await page.getByLabel("Organizzazione da invitare").selectOption({ label: `${PARTNER_NAME} (Impresa)` });
  await page.getByLabel("Ruolo nel progetto").fill("Trasporti");
  await page.getByRole("button", { name: "Invia l'invito" }).click();
  await expect(page.getByTestId("partner-row").filter({ hasText: PARTNER_NAME })).toHaveAttribute("data-status", "invited");

  // The lead's own part: €600 million, large but within the ceiling.
  const own = budgetPart(page, "Elettronica Canavesana S.r.l.");
  await own.getByRole("button", { name: "Aggiungi una voce" }).click();
  await own.getByLabel("Descrizione").fill("Impianto");
  await own.getByLabel("Importo (euro)").fill("600.000.000");
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByTestId("budget-summary")).toContainText("Costo totale 600.000.000,00 €");
  await signOut(page);

  await signIn(page, PARTNER);
  await page.goto("/partnerships");
  await page.getByRole("button", { name: `Accetta l'invito a «${title}»` }).click();
  await expect(page.getByRole("button", { name: `Accetta l'invito a «${title}»` })).toHaveCount(0);
  await page.goto(workspace);
  const part = budgetPart(page, PARTNER_NAME);
  const save = page.getByRole("button", { name: "Salva la proposta" });
  await part.getByRole("button", { name: "Aggiungi una voce" }).click();
  await part.getByLabel("Descrizione").fill("Furgoni");
  const amount = part.getByLabel("Importo (euro)");

  // 1. The form refuses an amount past the ceiling before sending it.
  await amount.fill("90.071.992.547.409,91");
  await save.click();
  await expect(part.getByText(TOO_LARGE)).toBeVisible();

  // 2. The same amount sent past the browser's check: the server refuses it the same way.
  await amount.fill("1.000");
  await expect(part.getByText(TOO_LARGE)).toHaveCount(0);
  const rewrite = await rewriteNextActionAmount(page, "1.000", "90.071.992.547.409,91");
  await save.click();
  await expect.poll(() => rewrite.done).toBe(true);
  await expect(part.getByText(TOO_LARGE)).toBeVisible();

  // 3. A part that is valid alone but takes the total past €1 billion with the lead's.
  await amount.fill("500.000.000");
  await save.click();
  await expect(part.getByText(TOTAL_TOO_LARGE)).toBeVisible();

  // Nothing was saved, and both pages answer, for the partner and for the lead.
  for (const url of [workspace, publicPage]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
  }
  await expect(page.getByTestId("public-totals")).toContainText("600.000.000,00 €");
  await signOut(page);

  await signIn(page, LEAD);
  for (const url of [workspace, publicPage]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
  }
  await page.goto(workspace);
  await expect(page.getByTestId("budget-summary")).toContainText("Costo totale 600.000.000,00 €");
});
