import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed/data";
import { signInSession } from "../helpers";

/**
 * What every page of the journeys (issue 9) must satisfy, checked after each navigation by
 * checkPage: no serious or critical axe violation (WCAG 2.1 A/AA rules), no sideways scroll
 * (on a phone above all), and every visible form control drawn with a boundary a person can
 * see (WCAG 1.4.11). Plus the moves every journey makes: signing in through the visible form,
 * following the header's navigation (through the menu toggle on a phone).
 */

export const viewports = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

export type Viewport = (typeof viewports)[number];

export type Problem = { control: string; contrast: number };

/**
 * Controls drawn without a boundary of at least 3:1: for each visible, enabled control, the
 * best contrast among its borders, outline, box-shadow and own background against what is
 * behind it. A checkbox bootstrap-italia hides is drawn by its label's ::before box.
 * Text-only link buttons (.btn-link) are identified by their text, like links, and are left out.
 */
export async function controlsWithoutBoundary(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba[] =>
      [...value.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => {
        const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
        return [parts[0], parts[1], parts[2], parts[3] ?? 1];
      });
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const contrast = (a: Rgba, b: Rgba) => {
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (l1 + 0.05) / (l2 + 0.05);
    };
    /** The opaque colour behind an element: its ancestors' backgrounds, white at the bottom. */
    const behind = (el: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let node = el; node; node = node.parentElement) {
        const [bg] = parse(getComputedStyle(node).backgroundColor);
        if (bg && bg[3] > 0) {
          layers.push(bg);
          if (bg[3] === 1) break;
        }
      }
      return layers.reduceRight<Rgba>((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    const best = (style: CSSStyleDeclaration, background: Rgba): number => {
      const candidates: Rgba[] = [];
      for (const side of ["Top", "Right", "Bottom", "Left"] as const) {
        const width = parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`));
        if (width > 0 && style.getPropertyValue(`border-${side.toLowerCase()}-style`) !== "none") {
          candidates.push(...parse(style.getPropertyValue(`border-${side.toLowerCase()}-color`)));
        }
      }
      if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) candidates.push(...parse(style.outlineColor));
      if (style.boxShadow && style.boxShadow !== "none") candidates.push(...parse(style.boxShadow));
      candidates.push(...parse(style.backgroundColor).filter((c) => c[3] > 0));
      return Math.max(0, ...candidates.map((c) => contrast(over(c, background), background)));
    };
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 1 && rect.height > 1 && rect.right > 0 && style.visibility !== "hidden" && Number(style.opacity) > 0.05;
    };
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${String(el.className).trim().replace(/\s+/g, ".")}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;

    const problems: { control: string; contrast: number }[] = [];
    const controls = document.querySelectorAll<HTMLElement>("input:not([type=hidden]), select, textarea, button, [role=switch]");
    for (const el of controls) {
      if (el.matches(":disabled") || el.closest("[hidden], .visually-hidden, .visually-hidden-focusable")) continue;
      if (el.classList.contains("btn-link")) continue;
      const background = behind(el.parentElement);
      if (visible(el)) {
        const ratio = best(getComputedStyle(el), background);
        if (ratio < 3) problems.push({ control: name(el), contrast: Math.round(ratio * 100) / 100 });
        continue;
      }
      const type = el.getAttribute("type");
      if ((type === "checkbox" || type === "radio") && el.id) {
        const label = document.querySelector(`label[for="${el.id}"]`);
        if (!label || !visible(label)) continue;
        const ratio = Math.max(best(getComputedStyle(label, "::before"), background), best(getComputedStyle(label, "::after"), background));
        if (ratio < 3) problems.push({ control: name(el), contrast: Math.round(ratio * 100) / 100 });
      }
    }
    return problems;
  });
}

const checked = new WeakMap<Page, Set<string>>();

/**
 * The journeys' checks on the page as it is now; call it after each navigation. A page already
 * checked in the same test (same path and `state`) is not checked again, so a journey that
 * passes by the same page twice spends the time once; name a `state` (a dialog open, a result
 * shown) to check what changed on a page.
 */
export async function checkPage(page: Page, state = "") {
  const where = new URL(page.url()).pathname;
  const key = `${where}#${state}`;
  const seen = checked.get(page) ?? new Set<string>();
  checked.set(page, seen);
  if (seen.has(key)) return;
  seen.add(key);
  const t0 = Date.now();
  await page.waitForLoadState("load");
  // After an action the page refreshes itself; its title comes back with the new render.
  await expect(page, `${key}: a title`).toHaveTitle(/\S/);
  // Colours measured mid-transition (a radio just re-rendered) would be neither state's.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  expect(await controlsWithoutBoundary(page), `${key}: controls without a visible boundary`).toEqual([]);
  const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${key}: no sideways scroll`).toBeLessThanOrEqual(widths.inner);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `${key}: axe`).toEqual([]);
  if (process.env.JOURNEY_TIMES) console.log(`checkPage ${key} ${Date.now() - t0} ms`);
}

export type Check = (page: Page, state?: string) => Promise<void>;

/**
 * checkPage at the page's own width, then on the same state at a phone's (390×844), and back:
 * a journey whose steps change data runs them once and has each page it reaches (a dialog open,
 * an error shown) checked at both widths, instead of running everything twice.
 */
export const checkPageAtBothWidths: Check = async (page, state = "") => {
  const size = page.viewportSize()!;
  const phone = viewports[1];
  await checkPage(page, state);
  if (size.width === phone.width && size.height === phone.height) return;
  await page.setViewportSize({ width: phone.width, height: phone.height });
  try {
    await checkPage(page, `${state}@${phone.name}`);
  } finally {
    await page.setViewportSize(size);
  }
};

/** Follows a link of the header's navigation, opening the menu first where a phone folds it. */
export async function followNav(page: Page, name: string | RegExp) {
  const link = page.locator("#site-menu").getByRole("link", { name, exact: typeof name === "string" }).first();
  if (!(await link.isVisible())) {
    await page.getByTestId("menu-toggle").click();
    await expect(page.getByTestId("menu-toggle")).toHaveAttribute("aria-expanded", "true");
  }
  await link.click();
}

/**
 * Signs in from the home page through the header's link and the visible form (at either
 * width): with no destination asked for, a person lands on their desk.
 */
export async function signInFromHome(page: Page, email: string, password = DEMO_PASSWORD, check: Check = checkPage) {
  await page.context().clearCookies();
  await page.goto("/");
  await check(page);
  await page.getByRole("banner").getByRole("link", { name: /^(Accedi|Sign in)$/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^(Accedi|Sign in)$/ })).toBeVisible();
  await check(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.locator("form").getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "La mia scrivania" })).toBeVisible();
  await check(page, `desk of ${email}`);
}

/** Signs out (cookies cleared) and in again as `email` through the session endpoints (signInSession), staying on the page. */
export async function switchUser(page: Page, email: string) {
  await page.context().clearCookies();
  await signInSession(page, email);
}

/**
 * For a journey's later sign-ins, once signInFromHome has shown the form: the session through
 * next-auth's endpoints (signInSession), then the desk, where the form would have landed.
 */
export async function signInToDesk(page: Page, email: string, check: Check = checkPage) {
  await page.context().clearCookies();
  await signInSession(page, email);
  await page.goto("/desk");
  await expect(page.getByRole("heading", { level: 1, name: "La mia scrivania" })).toBeVisible();
  await check(page, `desk of ${email}`);
}

/** Signs out without depending on where the header puts the button (cookies cleared). */
export async function signOutQuietly(page: Page) {
  await page.context().clearCookies();
}
