import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION } from "../db/seed/data";
import { DEMO_GRANT_CODES } from "../db/seed/grants-data";
import { checkPage, viewports } from "./journeys/checks";
import { readDb } from "./security/helpers";

/**
 * Open data (issue 12, item 6): a visitor, without signing in, goes from the coalition's
 * public page to its open-data catalogue, finds the five datasets with their licence and
 * last update, and downloads the grants as CSV (the seed's CUP in it) and the calls as JSON.
 */
const SLUG = DEMO_COALITION.slug;
const SEEDED_CUP = DEMO_GRANT_CODES["software-eporedia"].cup;

/** With OPEN_DATA_SHOTS=<folder>: a full-page screenshot of the catalogue, to look at. */
async function shot(page: Page, name: string) {
  if (process.env.OPEN_DATA_SHOTS) await page.screenshot({ path: `${process.env.OPEN_DATA_SHOTS}/${name}.png`, fullPage: true });
}

for (const vp of viewports) {
  test.describe(`open data at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("a visitor opens the catalogue and downloads the grants CSV and the calls JSON", async ({ page }) => {
      await page.goto(`/coalitions/${SLUG}`);
      await page.getByTestId("coalition-open-data-link").click();
      await expect(page.getByRole("heading", { level: 1, name: "Dati aperti" })).toBeVisible();
      await checkPage(page);
      await shot(page, `catalogue-${vp.name}`);

      await expect(page.getByTestId("open-data-licence")).toContainText("CC BY 4.0");
      await expect(page.getByTestId("open-data-licence").getByRole("link")).toHaveAttribute("href", "https://creativecommons.org/licenses/by/4.0/");
      for (const name of ["organisations", "calls", "proposals", "results", "grants"]) {
        await expect(page.getByTestId(`dataset-${name}`)).toBeVisible();
      }
      // The row counts are the database's.
      const [{ n }] = await readDb((query) =>
        query<{ n: number }>("select count(*)::int as n from grants g join calls c on c.id = g.call_id join coalitions co on co.id = c.coalition_id where co.slug = $1", [SLUG]),
      );
      expect(n).toBeGreaterThan(0);
      await expect(page.getByTestId("dataset-grants").getByTestId("dataset-rows")).toHaveText(String(n));

      // The grants CSV, through the link the page gives.
      const href = await page.getByRole("link", { name: "CSV: Concessioni" }).getAttribute("href");
      expect(href).toBe(`/api/open-data/${SLUG}/grants.csv`);
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      expect(csv.headers()["x-license"]).toBe("CC-BY-4.0");
      const bytes = await csv.body();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString("utf8");
      expect(text).toContain("ID concessione;Programma;");
      expect(text).toContain(SEEDED_CUP);
      expect(text.trim().split("\r\n")).toHaveLength(n + 1);
      expect(text).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);

      const json = await page.request.get(`/api/open-data/${SLUG}/calls.json`);
      const body = (await json.json()) as { licence: { id: string }; dataset: string; rows: { title: string }[] };
      expect(body.licence.id).toBe("CC-BY-4.0");
      expect(body.dataset).toBe("calls");
      expect(body.rows.length).toBeGreaterThan(0);

      expect((await page.request.get(`/api/open-data/${SLUG}/ballots.csv`, { failOnStatusCode: false })).status()).toBe(404);
    });

    test("the catalogue in English", async ({ page }) => {
      await page.goto(`/coalitions/${SLUG}/open-data`);
      await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: page.url() }]);
      await page.reload();
      await expect(page.getByRole("heading", { level: 1, name: "Open data" })).toBeVisible();
      await expect(page.getByTestId("dataset-grants").getByRole("heading")).toHaveText("Grants");
      await checkPage(page, "en");
      await shot(page, `catalogue-en-${vp.name}`);
    });
  });
}
