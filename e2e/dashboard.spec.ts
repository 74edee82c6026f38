import { readFile } from "node:fs/promises";
import { expect, test, type Download, type Locator, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { signInSession } from "./helpers";
import { checkPage, viewports } from "./journeys/checks";

/**
 * The coalition's public dashboard (issue 12, item 5): a visitor, without signing in, opens it
 * from the coalition's page, reads the charts and the tables beside them, and downloads a CSV
 * from it; the page works with JavaScript off. The figures are compared with the pages that
 * show the same things in detail (the coalition's members, the results pages, the promoters'
 * funding view, the open-data grants CSV) rather than written here, so a spec that changes the
 * seed's money on the same database does not break this one.
 */
const SLUG = DEMO_COALITION.slug;
const ITALIAN_EURO = /^-?\d{1,3}(\.\d{3})*,\d{2}[\s\u00a0]€$/;

/** "18.000,00 €" → 1800000. */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d,-]/g, "").replace(",", ".")) * 100);
const centsIn = async (locator: Locator) => cents((await locator.textContent()) ?? "");

/** With DASHBOARD_SHOTS=<folder>: a full-page screenshot to look at. */
async function shot(page: Page, name: string) {
  if (process.env.DASHBOARD_SHOTS) await page.screenshot({ path: `${process.env.DASHBOARD_SHOTS}/${name}.png`, fullPage: true });
}

/** The records of a semicolon-separated CSV (quoted cells may hold separators, quotes, line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") {
      record.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** Σ of a money column ("400000,00") of the downloaded grants CSV, in cents. */
async function grantsCsvSums(download: Download) {
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString("utf8"));
  const column = (name: string) => {
    const i = header.indexOf(name);
    expect(i, name).toBeGreaterThanOrEqual(0);
    return rows.reduce((s, r) => s + cents(r[i]), 0);
  };
  return { rows: rows.length, net: column("Concesso al netto delle revoche (EUR)"), paid: column("Erogato (EUR)"), granted: column("Concesso (EUR)") };
}

async function expectDashboard(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: /Cruscotto pubblico/ })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(DEMO_COALITION.name.slice(0, 20)));
  // Four charts drawn on the server, each named in words, each with its table.
  const charts = page.locator("svg[role=img]");
  await expect(charts).toHaveCount(4);
  for (const id of ["chart-members", "chart-calls", "chart-programme", "chart-year"]) {
    const chart = page.getByTestId(id);
    await expect(chart).toBeVisible();
    expect((await chart.getAttribute("aria-label"))?.length).toBeGreaterThan(20);
    await expect(chart.locator("title")).not.toBeEmpty();
  }
  for (const id of ["members-table", "calls-table", "funded-table", "money-programme-table", "money-year-table"]) {
    await expect(page.getByTestId(id).locator("caption")).not.toBeEmpty();
  }
}

for (const vp of viewports) {
  test.describe(`public dashboard at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("a visitor opens it from the coalition's page and finds the figures of the detail pages", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await page.goto(`/coalitions/${SLUG}`);
      const listedMembers = await page.getByTestId("coalition-members").locator("li").count();
      await page.getByTestId("coalition-dashboard-link").click();
      await expect(page).toHaveURL(`/coalitions/${SLUG}/dashboard`);
      await expectDashboard(page);
      await checkPage(page);
      await shot(page, `dashboard-${vp.name}`);

      // Members: as many as the coalition's page lists.
      expect(listedMembers).toBeGreaterThan(10);
      await expect(page.getByTestId("members-total")).toHaveText(String(listedMembers));
      await expect(page.getByTestId("summary-members")).toHaveText(String(listedMembers));
      await expect(page.getByTestId("calls-table")).toContainText("Risultati pubblicati");

      // Funded projects: the allocation of the results pages, call by call.
      const resultsLinks = [...new Set(await page.getByTestId("funded-row").locator('a[href$="/results"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")!)))];
      expect(resultsLinks.length).toBeGreaterThan(0);
      const fundedTotal = await centsIn(page.getByTestId("funded-total"));
      await expect(page.getByTestId("funded-total")).toHaveText(ITALIAN_EURO);
      const net = await centsIn(page.getByTestId("money-programme-total").getByTestId("net"));
      const paid = await centsIn(page.getByTestId("money-programme-total").getByTestId("paid"));
      const pactRow = page.getByTestId("money-programme-row").filter({ hasText: "Programma del patto" });
      const pactNet = await centsIn(pactRow.getByTestId("net"));
      const pactPaid = await centsIn(pactRow.getByTestId("paid"));
      // By year, the same totals.
      expect(await centsIn(page.getByTestId("money-year-total").getByTestId("net"))).toBe(net);
      expect(await centsIn(page.getByTestId("money-year-total").getByTestId("paid"))).toBe(paid);
      await expect(page.getByTestId("summary-net")).toHaveText(ITALIAN_EURO);
      expect(await centsIn(page.getByTestId("summary-net"))).toBe(net);

      // The grants CSV, downloaded from the dashboard: the pact's programme row is its sums.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("dashboard-money-csv").click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = await grantsCsvSums(download);
      expect(csv.rows).toBeGreaterThan(0);
      expect(pactNet).toBe(csv.net);
      expect(pactPaid).toBe(csv.paid);

      let allocated = 0;
      for (const href of resultsLinks) {
        await page.goto(href);
        allocated += await centsIn(page.getByTestId("allocated-total"));
      }
      expect(fundedTotal).toBe(allocated);

      // The promoters' funding view (signed in, in its own context): the same granted and paid.
      const promoter = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      const p = await promoter.newPage();
      await signInSession(p, DEMO_SIGN_INS.promoter);
      await p.goto(`/coalitions/${SLUG}/funding`);
      expect(Number(await p.getByTestId("coalition-total-granted").getAttribute("data-cents"))).toBe(net);
      expect(Number(await p.getByTestId("coalition-total-paid").getAttribute("data-cents"))).toBe(paid);
      await promoter.close();
    });

    test("without JavaScript: the charts, the tables and the CSV downloads work", async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: vp.width, height: vp.height }, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`/coalitions/${SLUG}/open-data`);
      await page.getByTestId("open-data-dashboard-link").click();
      await expect(page).toHaveURL(`/coalitions/${SLUG}/dashboard`);
      await expectDashboard(page);
      await shot(page, `dashboard-nojs-${vp.name}`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("dashboard-members-csv").click()]);
      const text = (await readFile((await download.path())!)).toString("utf8");
      expect(text).toContain("ID organizzazione;Denominazione;Tipo;");
      const members = Number(await page.getByTestId("members-total").textContent());
      expect(text.replace(/^\uFEFF/, "").trim().split("\r\n")).toHaveLength(members + 1);
      await context.close();
    });

    test("in English, and not found for an unknown coalition", async ({ page }) => {
      await page.goto(`/coalitions/${SLUG}/dashboard`);
      await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: page.url() }]);
      await page.reload();
      await expect(page.getByRole("heading", { level: 1, name: /Public dashboard/ })).toBeVisible();
      await expect(page.getByTestId("chart-programme").locator("title")).toHaveText("Granted and paid by programme");
      await checkPage(page, "en");
      const missing = await page.goto("/coalitions/no-such-coalition-here/dashboard");
      expect(missing?.status()).toBe(404);
    });
  });
}

test.describe("public dashboard after a decision", () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test("the promoter changes a member's role: the visitor's (cached) dashboard shows it at once, and again when it is changed back", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const OBSERVER = "Albergo Castello";
    const observers = () => page.getByTestId("members-table").locator("tfoot td").nth(2);
    await page.goto(`/coalitions/${SLUG}/dashboard`);
    const before = Number(await observers().textContent());
    expect(before).toBeGreaterThan(0);

    const promoter = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const p = await promoter.newPage();
    await signInSession(p, DEMO_SIGN_INS.promoter);
    await p.goto(`/coalitions/${SLUG}/manage`);
    const row = p.getByTestId("member-row").filter({ hasText: OBSERVER });
    const setRole = async (role: "member" | "observer") => {
      await row.locator("select").selectOption(role);
      const saved = p.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/manage"));
      await row.getByRole("button", { name: /^Salva ruolo e peso/ }).click();
      await saved;
    };
    try {
      await setRole("member");
      await expect(async () => {
        await page.reload();
        await expect(observers()).toHaveText(String(before - 1), { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
    } finally {
      await setRole("observer");
    }
    await expect(async () => {
      await page.reload();
      await expect(observers()).toHaveText(String(before), { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await promoter.close();
  });
});
