import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { ACADEMY_PROPOSAL_TITLE, SECURITY_COFINANCING_APPLICATION, SECURITY_PROPOSAL_TITLE } from "../db/seed/grants-data";
import { FESR_NAME } from "../db/seed/incentives";
import { checkPageAtBothWidths as checkPage, signOutQuietly, switchUser, viewports } from "./journeys/checks";

/**
 * Funding dashboards (issue 11, items 7 and 8) on the seeded grants (db/seed/grants-data.ts):
 * the promoter finds the coalition's funding from the coalition page, with totals in Italian
 * format equal to the rows', filters by programme and firm, downloads the CSV; the firm's desk
 * lists its pact grant with its deadlines due; the university's shows its grant late; people who
 * are not promoters are told "not found". Figures are read from the page and compared with each
 * other, so a spec that pays a tranche earlier on the same database does not break this one.
 */
const SLUG = DEMO_COALITION.slug;
const SOFTWARE_FIRM = "Software Eporedia S.r.l.";
const UNIVERSITY_ADMIN = "chiara.bosio@universita.demo";
const ITALIAN_EURO = /^-?\d{1,3}(\.\d{3})*,\d{2}[\s\u00a0]€$/;

/** "18.000,00 €" → 1800000. */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d,-]/g, "").replace(",", ".")) * 100);

async function centsOf(locator: Locator): Promise<number> {
  return Number(await locator.getAttribute("data-cents"));
}

/** Σ of one money column of the table's rows. */
async function columnSum(page: Page, column: number): Promise<number> {
  const texts = await page.getByTestId("coalition-funding-row").locator(`td:nth-child(${column})`).allTextContents();
  return texts.reduce((s, t) => s + (t.trim() === "—" ? 0 : cents(t)), 0);
}

const vp = viewports[0];
test.describe(`funding dashboards at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });
  // Each test does the steps once and checks its pages at two widths: twice the checks of one width.
  test.describe.configure({ timeout: 120_000 });

  test("the promoter's view: totals equal to the rows in Italian format, filters, CSV", async ({ page }) => {
    test.setTimeout(120_000);
    await switchUser(page, DEMO_SIGN_INS.promoter);
    await page.goto(`/coalitions/${SLUG}`);
    await page.getByTestId("coalition-funding-link").click();
    await expect(page.getByRole("heading", { level: 1, name: "Finanziamenti della coalizione" })).toBeVisible();
    await checkPage(page);

    const rows = page.getByTestId("coalition-funding-row");
    await expect(rows.filter({ hasText: SECURITY_PROPOSAL_TITLE }).first()).toBeVisible();
    for (const key of ["requested", "granted", "paid"]) await expect(page.getByTestId(`coalition-total-${key}`)).toHaveText(ITALIAN_EURO);
    // Fewer than 50 rows in the demo: the totals are the sums of the rows shown.
    expect(await rows.count()).toBeLessThan(50);
    expect(await centsOf(page.getByTestId("coalition-total-paid"))).toBe(await columnSum(page, 7));
    // The university's grant is late: its final report was due 15 days ago.
    await expect(rows.filter({ hasText: ACADEMY_PROPOSAL_TITLE }).filter({ hasText: "Università" }).getByTestId("grant-late")).toHaveText("In ritardo");

    // An external programme: the FESR application of a coalition project, linked to its proposal.
    await page.getByLabel("Agevolazione").selectOption({ label: FESR_NAME });
    await page.getByTestId("coalition-funding-filter").click();
    await expect(page).toHaveURL(/programme=[0-9a-f-]{36}/);
    await expect(rows.filter({ hasText: SECURITY_COFINANCING_APPLICATION.title })).toHaveAttribute("data-kind", "application");
    expect(await centsOf(page.getByTestId("coalition-total-requested"))).toBe(await columnSum(page, 5));

    // The pact's grants of one firm.
    await page.getByLabel("Agevolazione").selectOption("pact");
    await page.getByLabel("Organizzazione").selectOption({ label: SOFTWARE_FIRM });
    await page.getByTestId("coalition-funding-filter").click();
    await expect(page).toHaveURL(/programme=pact/);
    await expect(rows).toHaveCount(1);
    await checkPage(page, "filtered");
    const row = rows.first();
    await expect(row).toHaveAttribute("data-kind", "grant");
    await expect(row.getByRole("link", { name: SECURITY_PROPOSAL_TITLE })).toHaveAttribute("href", /^\/grants\/[0-9a-f-]{36}$/);
    const paid = await centsOf(page.getByTestId("coalition-total-paid"));
    // Advance 10.000,00 € and the interim tranche 8.000,00 € (more if a spec paid another one).
    expect(paid).toBeGreaterThanOrEqual(18_000_00);
    await expect(row.locator("td:nth-child(7)")).toHaveText((await page.getByTestId("coalition-total-paid").textContent())!);

    // The CSV with the same filters.
    const download = page.waitForEvent("download");
    await page.getByTestId("coalition-funding-csv").click();
    const file = await (await download).path();
    const body = await readFile(file!, "utf8");
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Tipo;Agevolazione;Organizzazione;Titolo;Riferimento proposta;Stato;Richiesto (EUR);Concesso (EUR);Erogato (EUR);Rendicontazione finale entro;In ritardo");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`Contributo del patto;${DEMO_COALITION.name};${SOFTWARE_FIRM};${SECURITY_PROPOSAL_TITLE}`);
    expect(lines[2]).toContain(`;${(paid / 100).toFixed(2).replace(".", ",")};`);
    await signOutQuietly(page);
  });

  test("the firm's desk: its pact grant, the deadlines due, totals including it; the university's is late", async ({ page }) => {
    await switchUser(page, DEMO_SIGN_INS.softwareFirmAdmin);
    await page.goto("/funding");
    await expect(page.getByRole("heading", { level: 1, name: "Finanziamenti" })).toBeVisible();
    await checkPage(page);
    const grant = page.getByTestId("funding-grant").filter({ hasText: SECURITY_PROPOSAL_TITLE });
    await expect(grant.getByRole("link", { name: SECURITY_PROPOSAL_TITLE })).toHaveAttribute("href", /^\/grants\/[0-9a-f-]{36}$/);
    await expect(grant.getByTestId("grant-status")).toHaveText("In corso");
    await expect(grant.getByTestId("grant-granted")).toHaveText("46.667,00 €");
    const grantPaid = cents((await grant.getByTestId("grant-paid").textContent())!);
    expect(grantPaid).toBeGreaterThanOrEqual(18_000_00);
    await expect(page.getByTestId("total-paid")).toHaveText(ITALIAN_EURO);
    expect(await centsOf(page.getByTestId("total-paid"))).toBeGreaterThanOrEqual(grantPaid);
    // The project ends in 10 days and the final report is due in 20: both within 30 days.
    const due = page.getByTestId("funding-due-item").filter({ hasText: SECURITY_PROPOSAL_TITLE });
    await expect(due.filter({ hasText: "Rendicontazione finale (contributo del patto)" })).toHaveCount(1);
    await expect(due.filter({ hasText: "Fine del progetto (contributo del patto)" })).toHaveCount(1);
    await signOutQuietly(page);

    await switchUser(page, UNIVERSITY_ADMIN);
    await page.goto("/funding");
    await expect(page.getByTestId("funding-late-item").filter({ hasText: ACADEMY_PROPOSAL_TITLE }).filter({ hasText: "Rendicontazione finale (contributo del patto)" })).toHaveCount(1);
    await expect(page.getByTestId("funding-grant").filter({ hasText: ACADEMY_PROPOSAL_TITLE }).getByTestId("grant-late")).toHaveText("In ritardo");
    await checkPage(page, "late");
    await signOutQuietly(page);
  });
});

test("the coalition's funding is not found for members who are not promoters, nor its CSV; in English for the promoter", async ({ page }) => {
  await switchUser(page, DEMO_SIGN_INS.softwareFirmAdmin);
  await page.goto(`/coalitions/${SLUG}`);
  await expect(page.getByTestId("coalition-funding-link")).toHaveCount(0);
  const response = await page.goto(`/coalitions/${SLUG}/funding`);
  expect(response?.status()).toBe(404);
  const csv = await page.request.get(`/api/coalitions/${SLUG}/funding.csv`);
  expect(csv.status()).toBe(404);
  expect(await csv.text()).not.toContain(SOFTWARE_FIRM);
  await signOutQuietly(page);

  const anonymous = await page.request.get(`/api/coalitions/${SLUG}/funding.csv`);
  expect(anonymous.status()).toBe(401);

  await switchUser(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${SLUG}/funding?programme=pact`);
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "Coalition funding" })).toBeVisible();
  await expect(page.getByTestId("coalition-funding-counts")).toContainText("pact grants");
  await expect(page.getByTestId("coalition-total-granted")).toHaveText(/^€\d{1,3}(,\d{3})*\.\d{2}$/);
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "Finanziamenti della coalizione" })).toBeVisible();
  await signOutQuietly(page);
});
