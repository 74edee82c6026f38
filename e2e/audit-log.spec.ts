import { expect, test } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { signInSession } from "./helpers";
import { checkPage, viewports } from "./journeys/checks";

/**
 * The whole audit log for platform admins (issue 12, item 8): filtered by coalition and action
 * the admin finds the past call's results, filters by the person who acted, pages, and exports
 * the same selection as CSV. Anyone else finds nothing at the page or the export.
 */
const SHOTS = process.env.AUDITTRAIL_SHOTS;

for (const vp of viewports) {
  test.describe(`audit log at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("a platform admin filters the log and exports it", async ({ page }) => {
      await signInSession(page, DEMO_SIGN_INS.platformAdmin);
      await page.goto("/admin/organisations");
      await page.getByTestId("admin-audit-link").click();
      await expect(page).toHaveURL(/\/admin\/audit$/);
      await expect(page.getByRole("heading", { level: 1, name: "Registro di audit" })).toBeVisible();
      await expect(page.getByTestId("audit-log-row")).toHaveCount(50);
      await expect(page.getByTestId("pagination").getByRole("link", { name: "Meno recenti" })).toBeVisible();
      await checkPage(page);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/audit-log-${vp.name}.png` });

      await page.getByLabel("Coalizione").selectOption(DEMO_COALITION.slug);
      await page.getByLabel("Azione", { exact: true }).selectOption("call.results_published");
      await page.getByRole("button", { name: "Filtra" }).click();
      await expect(page).toHaveURL(/action=call\.results_published/);
      // The past call's results, and those of any call a browser test published before this one (the appraisal journey's).
      const rows = page.getByTestId("audit-log-row");
      await expect(rows.first()).toHaveAttribute("data-action", "call.results_published");
      const published = await rows.count();
      expect(published).toBeGreaterThanOrEqual(1);
      expect(await page.locator('[data-testid="audit-log-row"]:not([data-action="call.results_published"])').count()).toBe(0);
      await checkPage(page, "filtered");

      // The CSV of the same selection: BOM, Italian header, the same rows.
      const href = (await page.getByTestId("audit-log-export").getAttribute("href"))!;
      expect(href).toContain("action=call.results_published");
      const csv = await page.request.get(href);
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toContain("text/csv");
      const text = (await csv.body()).toString("utf8");
      expect(text.startsWith("\uFEFFN.;Data e ora;Azione")).toBe(true);
      const records = text.trim().split("\r\n");
      expect(records).toHaveLength(published + 1);
      expect(records.slice(1).every((r) => r.includes("call.results_published"))).toBe(true);

      // Filtering by the person who acted, from the row's link.
      await rows.first().getByRole("link", { name: /^Filtra per / }).first().click();
      await expect(page).toHaveURL(/actor=/);
      await expect(page.getByTestId("audit-log-row").first()).toBeVisible();
    });
  });
}

test("anyone else finds nothing: the page and the export are not found", async ({ page, request }) => {
  const anonymous = await request.get("/api/admin/audit.csv");
  expect(anonymous.status()).toBe(404);
  await signInSession(page, DEMO_SIGN_INS.promoter);
  const response = await page.goto("/admin/audit");
  expect(response?.status()).toBe(404);
  const csv = await page.request.get("/api/admin/audit.csv");
  expect(csv.status()).toBe(404);
});
