import { expect, test, type Page } from "@playwright/test";
import { PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { formatCents } from "../lib/money";
import { checkPage, checkPageAtBothWidths, signInFromHome, switchUser, viewports, type Check } from "./journeys/checks";

/**
 * The pact's grants (issue 11): the promoter finds the grants of the past call's funded
 * proposals from the published results, records the concession of the Camera di commercio's
 * grant (the seed leaves it without one: db/seed/grants-data.ts), pays the advance within the
 * call's ceiling (refused above it and without a guarantee) and revokes part of the grant with a
 * reason, confirmed. The partner reads the same page without forms; an outsider is told "not
 * found". Both widths; checkPage (axe, no sideways scroll, bordered controls) on every state
 * (the readers' pages checked at both widths in one run).
 */
const PARTNER = "Camera di commercio (demo)";
const PARTNER_SIGN_IN = "franco.musso@cciaa.demo";

/** Calendar date in Rome, "YYYY-MM-DD", `days` from today. */
function romeDay(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}

/** Euro as a person types it: 123456 cents → "1.234,56". */
const typed = (cents: number) => new Intl.NumberFormat("it-IT", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: "always" }).format(cents / 100);

/** With GRANTS_SHOTS=<folder>: full-page screenshots to look at. */
async function shot(page: Page, name: string) {
  if (process.env.GRANTS_SHOTS) {
    const vp = page.viewportSize();
    await page.screenshot({ path: `${process.env.GRANTS_SHOTS}/${vp?.width}-${name}.png`, fullPage: true });
  }
}

async function cents(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-cents"));
}

/** From the past call's results (as its promoter), the grant page of the partner's grant. */
async function openGrantFromResults(page: Page, check: Check = checkPage): Promise<string> {
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  const href = await page.getByTestId("call-item").filter({ hasText: PAST_CALL_TITLE }).getByRole("link", { name: PAST_CALL_TITLE }).getAttribute("href");
  const callId = href!.split("/").pop()!;
  await page.goto(`/calls/${callId}/results`);
  const section = page.getByTestId("results-grants");
  await expect(section.getByRole("heading", { name: "Concessioni", exact: true })).toBeVisible();
  await check(page);
  await section.getByTestId("results-grant-link").filter({ hasText: PARTNER }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Concessione a ${PARTNER}` })).toBeVisible();
  return new URL(page.url()).pathname;
}

test.describe("grants at 1366×900", () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test("the promoter records the concession, pays the advance within the ceiling and revokes part of the grant", async ({ page }) => {
    test.setTimeout(180_000);
    await signInFromHome(page, DEMO_SIGN_INS.promoter);
    const url = await openGrantFromResults(page);
    await expect(page.getByTestId("grant-status")).toHaveText("Concessa");
    await expect(page.getByTestId("concession-missing")).toBeVisible();
    await expect(page.getByTestId("grant-reports-link")).toHaveAttribute("href", `${url}/reports`);
    await checkPage(page);
    await shot(page, "grant-before");
    const granted = await cents(page, "figure-granted");
    expect(granted).toBeGreaterThan(0);

    // The concession: a CUP one character short is refused on its field, then recorded (normalised).
    const form = page.getByTestId("concession-form");
    await form.getByLabel("Numero dell'atto").fill("Determinazione n. 7/2026");
    await form.getByLabel("Data dell'atto").fill(romeDay());
    await form.getByLabel("CUP").fill("j19h2500013000");
    await form.getByLabel("COR (Registro nazionale aiuti)").fill("1987605");
    await form.getByLabel("Avvio del progetto").fill(romeDay(1));
    await form.getByLabel("Fine del progetto").fill(romeDay(365));
    await form.getByLabel("Scadenza della rendicontazione finale").fill(romeDay(425));
    await form.getByRole("button", { name: "Registra la concessione" }).click();
    await expect(page.getByTestId("concession-cup-error")).toHaveText("Il CUP ha 15 caratteri, lettere maiuscole e cifre (es. J11B26000010007).");
    await checkPage(page, "cup refused");
    await form.getByLabel("CUP").fill("j19h25000130007");
    await form.getByRole("button", { name: "Registra la concessione" }).click();
    await expect(page.getByRole("status")).toHaveText("Concessione registrata.");
    await expect(page.getByTestId("concession-missing")).toHaveCount(0);
    await expect(form.getByLabel("CUP")).toHaveValue("J19H25000130007");

    // The advance: at most 30% of the grant (the seed's ceiling), with a guarantee.
    const ceiling = Math.floor((granted * 3000) / 10000);
    const advance = page.getByTestId("tranche-advance");
    await expect(advance).toContainText(`Al più ${formatCents(ceiling, "it")}`);
    await advance.getByLabel("Importo").fill(typed(ceiling + 1));
    await advance.getByLabel("Garanzia").fill("Fideiussione bancaria n. 2026/15, Banca del Canavese");
    await advance.getByRole("button", { name: "Registra l'erogazione" }).click();
    await expect(page.getByTestId("tranche-advance-amount-error")).toHaveText(`L'anticipo può essere al più ${formatCents(ceiling, "it")}.`);
    await advance.getByLabel("Garanzia").fill("");
    await advance.getByLabel("Importo").fill(typed(ceiling));
    await advance.getByRole("button", { name: "Registra l'erogazione" }).click();
    await expect(page.getByTestId("tranche-advance-guarantee-error")).toHaveText("L'anticipo richiede la garanzia (es. fideiussione bancaria n. …).");
    await checkPage(page, "advance refused");
    await advance.getByLabel("Garanzia").fill("Fideiussione bancaria n. 2026/15, Banca del Canavese");
    await advance.getByRole("button", { name: "Registra l'erogazione" }).click();
    await expect(page.getByTestId("grant-status")).toHaveText("In corso");
    const row = page.getByTestId("grant-tranches").locator("tr[data-kind=advance]");
    await expect(row).toContainText(formatCents(ceiling, "it"));
    await expect(row).toContainText("Fideiussione bancaria n. 2026/15");
    await expect(page.getByTestId("figure-paid")).toHaveText(formatCents(ceiling, "it"));
    await expect(page.getByTestId("tranche-advance")).toHaveCount(0);
    // The advance's form is gone with it: the page itself says the payment was recorded.
    await expect(page.getByTestId("tranche-paid")).toBeVisible();

    // Part revocation: the reason must say something; confirmed in the dialog; what is paid beyond what stands is to recover.
    const revoke = page.getByTestId("revoke-form");
    // bootstrap-italia draws the radio on its label.
    await revoke.getByText("Revoca parziale", { exact: true }).click();
    await expect(revoke.getByLabel("Revoca parziale")).toBeChecked();
    const part = granted - ceiling + 100_00;
    await revoke.getByLabel("Importo revocato").fill(typed(part));
    await revoke.getByLabel("Motivazione").fill("Breve");
    await revoke.getByRole("button", { name: "Revoca" }).click();
    const dialog = page.getByRole("dialog", { name: "Revocare la concessione?" });
    await expect(dialog).toBeVisible();
    await checkPage(page, "revoke dialog");
    await dialog.getByRole("button", { name: "Revoca" }).click();
    await expect(page.getByTestId("revoke-reason-error")).toHaveText("Scrivi la motivazione della revoca (almeno 10 caratteri).");
    await revoke.getByLabel("Motivazione").fill("Attività di formazione ridotte di un terzo rispetto al progetto.");
    await revoke.getByRole("button", { name: "Revoca" }).click();
    await page.getByRole("dialog", { name: "Revocare la concessione?" }).getByRole("button", { name: "Revoca" }).click();
    await expect(page.getByTestId("figure-revoked")).toHaveText(formatCents(part, "it"));
    await expect(page.getByTestId("grant-revoked")).toBeVisible();
    await expect(page.getByTestId("figure-to-recover")).toHaveText(formatCents(100_00, "it"));
    await expect(page.getByTestId("revocation-reason")).toContainText("Attività di formazione ridotte di un terzo");
    await expect(page.getByTestId("grant-status")).toHaveText("In corso");
    const timeline = page.getByTestId("grant-timeline");
    await expect(timeline.locator("li").first()).toContainText("Revoca");
    await expect(timeline).toContainText(`Erogazione — Anticipo: ${formatCents(ceiling, "it")}`);
    await expect(timeline).toContainText("Atto di concessione registrato");
    await checkPage(page, "after revocation");
    await shot(page, "grant-after");
  });
});

const vp = viewports[0];
test.describe(`grant page for readers at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("the promoter sees the forms; the partner reads the page without them; an outsider finds nothing", async ({ page }) => {
    test.setTimeout(120_000);
    await switchUser(page, DEMO_SIGN_INS.promoter);
    const url = await openGrantFromResults(page, checkPageAtBothWidths);
    await expect(page.getByTestId("concession-form")).toBeVisible();
    await checkPageAtBothWidths(page, "promoter");
    await shot(page, "grant-promoter");

    await switchUser(page, PARTNER_SIGN_IN);
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1, name: `Concessione a ${PARTNER}` })).toBeVisible();
    await expect(page.getByTestId("grant-figures")).toBeVisible();
    await expect(page.getByTestId("concession-form")).toHaveCount(0);
    await expect(page.getByTestId("tranche-forms")).toHaveCount(0);
    await expect(page.getByTestId("revoke-form")).toHaveCount(0);
    await expect(page.getByTestId("grant-reports-link")).toBeVisible();
    await checkPageAtBothWidths(page, "partner");
    await shot(page, "grant-partner");

    // The same page in English.
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: new URL(page.url()).origin }]);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: `Grant to ${PARTNER}` })).toBeVisible();
    await expect(page.getByTestId("grant-figures")).toContainText("Still to pay");
    await expect(page.getByRole("heading", { name: "Payments" })).toBeVisible();
    await checkPageAtBothWidths(page, "partner in English");

    await switchUser(page, DEMO_SIGN_INS.outsideFirm);
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Pagina non trovata" })).toBeVisible();
  });
});
