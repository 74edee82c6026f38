import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { REVIEW_CALL_TITLE } from "../db/seed/voting-data";
import { signInSession } from "./helpers";
import { controlsWithoutBoundary } from "./journeys/checks";

/**
 * Issue 9, "forms people can see" and "the look of an Italian public portal": on a desktop
 * and on a phone, every visible control has a boundary a person can see (WCAG 1.4.11), no
 * page scrolls sideways on the phone, the header's menu opens from the keyboard, the
 * typefaces are our own, the favicon exists, and axe finds nothing serious.
 * LOOK_SHOTS=<folder> also saves a full-page screenshot of each page.
 */

const SLUG = DEMO_COALITION.slug;
const viewports = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * Everything this spec asks of one page. `axe: false` for a page e2e/a11y-everywhere.spec.ts
 * already runs axe on, with the same rules, at this width and in this state.
 */
async function checkPage(page: Page, path: string, viewport: (typeof viewports)[number], { axe: runAxe = true } = {}) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
  if (process.env.LOOK_SHOTS) {
    const file = `${viewport.name}${path.replace(/[^a-z0-9]+/gi, "-")}`.replace(/-$/, "");
    await page.screenshot({ path: `${process.env.LOOK_SHOTS}/${file}.png`, fullPage: true });
  }

  expect(await controlsWithoutBoundary(page), `${path}: controls without a visible boundary`).toEqual([]);

  if (viewport.name === "phone") {
    const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `${path}: no sideways scroll on a phone`).toBeLessThanOrEqual(widths.inner);
  }

  const fonts = await page.evaluate(() => ({
    check: document.fonts.check('1em "Titillium Web"'),
    // check() is also true for a family the page never declared: the face must exist and be loaded.
    loaded: [...document.fonts].some((f) => f.family.replace(/"/g, "") === "Titillium Web" && f.status === "loaded"),
    body: getComputedStyle(document.body).fontFamily,
  }));
  expect(fonts.check, `${path}: Titillium Web`).toBe(true);
  expect(fonts.loaded, `${path}: Titillium Web loaded`).toBe(true);
  expect(fonts.body, path).toMatch(/^"?Titillium Web/);

  if (!runAxe) return;
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `${path}: axe`).toEqual([]);
}

async function hrefOf(page: Page, name: string): Promise<string> {
  const href = await page.getByRole("link", { name, exact: true }).first().getAttribute("href");
  expect(href, `link "${name}"`).toBeTruthy();
  return href!;
}

/** Signed in as `email` (through the session endpoints: the form is not this spec's subject) for `body`, then signed out. */
async function asPerson<T>(page: Page, email: string, body: () => Promise<T>): Promise<T> {
  await signInSession(page, email);
  const result = await body();
  await page.context().clearCookies();
  return result;
}

async function seededCalls(page: Page) {
  await page.goto(`/coalitions/${SLUG}`);
  const id = async (title: string) => (await hrefOf(page, title)).split("/").pop()!;
  return { open: await id(OPEN_CALL_TITLE), past: await id(PAST_CALL_TITLE), review: await id(REVIEW_CALL_TITLE) };
}

for (const viewport of viewports) {
  test.describe(`the look at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("public pages and the institutional pages: boundaries, width, fonts, axe", async ({ page }) => {
      test.setTimeout(180_000);
      const calls = await seededCalls(page);
      for (const path of [
        "/",
        "/coalitions",
        `/coalitions/${SLUG}`,
        `/coalitions/${SLUG}/calls/${calls.open}`,
        `/calls/${calls.past}/results`,
        "/sign-in",
        "/sign-up",
        "/accessibility",
        "/privacy",
        "/legal-notes",
      ]) {
        // At 1366×900 e2e/a11y-everywhere.spec.ts runs the same axe on each of these pages, signed out.
        await checkPage(page, path, viewport, { axe: viewport.name !== "desktop" });
      }
      // Sign-up says what happens to one's data before one gives it.
      await page.goto("/sign-up");
      await expect(page.getByTestId("privacy-notice").getByRole("link")).toHaveAttribute("href", "/privacy");
    });

    test("a promoter's review page and organisation page, a firm's proposal workspace", async ({ page }) => {
      test.setTimeout(180_000);
      const calls = await seededCalls(page);
      await asPerson(page, DEMO_SIGN_INS.promoter, async () => {
        await checkPage(page, `/calls/${calls.review}/review`, viewport);
        if (viewport.name === "desktop") {
          // The last column (the admissibility buttons) fits without scrolling the table.
          const box = await page.getByTestId("review-table").locator("tbody tr").first().locator("td").last().boundingBox();
          expect(box, "admissibility cell").not.toBeNull();
          expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
          const overflow = await page.getByTestId("review-table").evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth);
          expect(overflow, "the review table fits at 1366 px").toBeLessThanOrEqual(0);
        }
        await page.goto("/organisations");
        await checkPage(page, await hrefOf(page, "Città metropolitana di Torino"), viewport);
        await expect(page.getByRole("switch").first()).toBeVisible();
      });
      await asPerson(page, DEMO_SIGN_INS.leadFirmAdmin, async () => {
        await page.goto("/proposals");
        await checkPage(page, await hrefOf(page, "ERP condiviso per la meccanica canavesana"), viewport);
      });
    });
  });
}

test("the favicon answers, and the typefaces come from our own origin", async ({ page, request }) => {
  const fontHosts = new Set<string>();
  page.on("request", (r) => {
    if (r.resourceType() === "font") fontHosts.add(new URL(r.url()).host);
  });
  await page.goto("/");
  await page.evaluate(() => document.fonts.ready);
  const icon = await page.locator('link[rel~="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await request.get(icon!)).status()).toBe(200);
  expect([...fontHosts]).toEqual([new URL(page.url()).host]);
});

test.describe("the header's menu on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("opens from the keyboard, shows readable links, closes with Escape", async ({ page }) => {
    await page.goto("/");
    const toggle = page.getByTestId("menu-toggle");
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(page.locator("#site-menu").getByRole("link", { name: "Coalizioni" })).toBeHidden();

    // Reach the toggle with Tab, as a keyboard user would.
    for (let i = 0; i < 20 && !(await toggle.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(toggle).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const links = page.locator("#site-menu").getByRole("link");
    await expect(links.first()).toBeVisible();
    expect(await links.count()).toBeGreaterThanOrEqual(3);

    // Not white on white: each link's text against the colour behind it, at least 4.5:1.
    const ratios = await links.evaluateAll((els) =>
      els.map((el) => {
        const rgb = (v: string) => (/rgba?\(([^)]+)\)/.exec(v)?.[1] ?? "0,0,0,0").split(/[\s,/]+/).map(Number);
        const lum = ([r, g, b]: number[]) =>
          [r, g, b].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
        let bg = [255, 255, 255];
        for (let node: Element | null = el; node; node = node.parentElement) {
          const c = rgb(getComputedStyle(node).backgroundColor);
          if ((c[3] ?? 1) > 0) {
            bg = c;
            break;
          }
        }
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
      }),
    );
    for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(4.5);

    await page.keyboard.press("Escape");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(toggle).toBeFocused();
    await expect(links.first()).toBeHidden();

    // A link followed from the open menu closes it on the next page.
    await toggle.click();
    await page.locator("#site-menu").getByRole("link", { name: "Coalizioni" }).click();
    await expect(page).toHaveURL(/\/coalitions$/);
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
  });

  test("is a plain bar on a desktop, without the toggle", async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto("/");
    await expect(page.getByTestId("menu-toggle")).toBeHidden();
    await expect(page.locator("#site-menu").getByRole("link", { name: "Coalizioni" })).toBeVisible();
  });
});
