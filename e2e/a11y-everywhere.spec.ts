import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { FIRST_MEETING_TITLE, UPCOMING_MEETING_TITLE } from "../db/seed/meetings";
import { COUNTING_CALL_TITLE, REVIEW_CALL_TITLE, VOTING_CALL_TITLE } from "../db/seed/voting-data";
import { signInSession } from "./helpers";
import { readDb } from "./security/helpers";

/**
 * Issue 13, "Accessibility at scale": axe on every page of the demo, signed out and as each kind
 * of user (a firm, a university, the promoter, a member voting, the platform admin), in Italian
 * and in English: no serious or critical violation (the rules and tags of checkPage in
 * e2e/journeys/checks.ts). One width (1366×900: the journeys check 390×844), one page and one
 * sign-in per person, read-only (forms are only loaded). Every problem of a person is listed at
 * once as "person lang url rule: targets". A last test fails if a page.tsx under app/ is neither
 * in a person's plan below nor excluded with a reason, so a new page cannot be left out.
 *
 * And a long list stays usable with the keyboard and a screen reader: the keyset pagination is a
 * labelled navigation of labelled links, the results count is in a status region.
 */

const SLUG = DEMO_COALITION.slug;
const LANGS = ["it", "en"] as const;
type Lang = (typeof LANGS)[number];

/** The seed's ids the plans need (read-only queries on the run's database). */
type Seed = {
  calls: { open: string; past: string; voting: string; counting: string; review: string };
  erp: string;
  marketplace: string;
  /** An appraised proposal of the past call (db/seed/evaluation.ts: its committee's chair is Laura Actis). */
  pastProposal: string;
  org: { cmto: string; cciaa: string; university: string; eporedia: string };
  grant: string;
  report: number;
  programme: string;
  application: string;
  /** The seed's first meeting (approved minutes) and the upcoming one (db/seed/meetings.ts). */
  meeting: string;
  upcomingMeeting: string;
};

/** A made-up seed: the plans' paths with placeholder ids, enough to tell which route each one is. */
const PLACEHOLDER: Seed = {
  calls: { open: "id", past: "id", voting: "id", counting: "id", review: "id" },
  erp: "id",
  marketplace: "id",
  pastProposal: "id",
  org: { cmto: "id", cciaa: "id", university: "id", eporedia: "id" },
  grant: "id",
  report: 1,
  programme: "id",
  application: "id",
  meeting: "id",
  upcomingMeeting: "id",
};

async function readSeed(): Promise<Seed> {
  return readDb(async (query) => {
    const byTitle = new Map(
      (await query<{ id: string; title: string }>("select id, title from calls where title = any($1)", [[OPEN_CALL_TITLE, PAST_CALL_TITLE, VOTING_CALL_TITLE, COUNTING_CALL_TITLE, REVIEW_CALL_TITLE]])).map((r) => [r.title, r.id]),
    );
    const proposals = new Map(
      (await query<{ id: string; title: string }>("select id, title from proposals where title = any($1)", [["ERP condiviso per la meccanica canavesana", "Marketplace B2B del distretto"]])).map((r) => [r.title, r.id]),
    );
    const orgs = new Map((await query<{ id: string; legal_name: string }>("select id, legal_name from organisations")).map((r) => [r.legal_name, r.id]));
    const [pastProposal] = await query<{ id: string }>(
      "select p.id from proposals p join calls c on c.id = p.call_id where c.title = $1 and p.status in ('admissible', 'selected', 'not_selected') order by p.reference limit 1",
      [PAST_CALL_TITLE],
    );
    const eporedia = orgs.get("Software Eporedia S.r.l.")!;
    const [grant] = await query<{ id: string; report: number }>(
      "select g.id, (select max(number) from expense_reports r where r.grant_id = g.id) as report from grants g where g.organisation_id = $1 order by g.created_at limit 1",
      [eporedia],
    );
    const [programme] = await query<{ id: string }>("select id from incentive_programmes where coalition_id is null order by name limit 1");
    const [application] = await query<{ id: string }>("select id from incentive_applications where organisation_id = $1 order by created_at limit 1", [eporedia]);
    const meetingIds = new Map((await query<{ id: string; title: string }>("select id, title from meetings where title = any($1)", [[FIRST_MEETING_TITLE, UPCOMING_MEETING_TITLE]])).map((r) => [r.title, r.id]));
    const seed: Seed = {
      calls: {
        open: byTitle.get(OPEN_CALL_TITLE)!,
        past: byTitle.get(PAST_CALL_TITLE)!,
        voting: byTitle.get(VOTING_CALL_TITLE)!,
        counting: byTitle.get(COUNTING_CALL_TITLE)!,
        review: byTitle.get(REVIEW_CALL_TITLE)!,
      },
      erp: proposals.get("ERP condiviso per la meccanica canavesana")!,
      marketplace: proposals.get("Marketplace B2B del distretto")!,
      pastProposal: pastProposal?.id,
      org: {
        cmto: orgs.get("Città metropolitana di Torino")!,
        cciaa: orgs.get("Camera di commercio (demo)")!,
        university: orgs.get("Università (demo) — Dipartimento di Informatica")!,
        eporedia,
      },
      grant: grant?.id,
      report: Number(grant?.report),
      programme: programme?.id,
      application: application?.id,
      meeting: meetingIds.get(FIRST_MEETING_TITLE)!,
      upcomingMeeting: meetingIds.get(UPCOMING_MEETING_TITLE)!,
    };
    const missing = JSON.stringify(seed, (_k, v: unknown) => (v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? "MISSING" : v));
    expect(missing, "every seeded row the plans need").not.toContain("MISSING");
    return seed;
  });
}

type Persona = {
  name: string;
  /** Who signs in (none: a visitor). */
  email?: string;
  /** The paths to check; `status` when a page answers otherwise on purpose. */
  pages: (s: Seed) => (string | { path: string; status: number })[];
};

/**
 * What every signed-in person has, seen as that person: the desk and their own organisation's
 * page (both differ by role). The pages that look the same for everyone signed in (account,
 * notifications, the organisations' list) are checked as the firm; the public pages signed out.
 */
const own = (ownOrg: string) => ["/desk", `/organisations/${ownOrg}`];

const PERSONAS: Persona[] = [
  {
    name: "visitor",
    pages: (s) => [
      "/",
      "/coalitions",
      `/coalitions/${SLUG}`,
      `/coalitions/${SLUG}/calls/${s.calls.open}`,
      `/coalitions/${SLUG}/calls/${s.calls.voting}`,
      `/coalitions/${SLUG}/calls/${s.calls.past}`,
      `/coalitions/${SLUG}/audit`,
      `/coalitions/${SLUG}/dashboard`,
      `/coalitions/${SLUG}/open-data`,
      `/coalitions/${SLUG}/meetings`,
      `/coalitions/${SLUG}/meetings/${s.meeting}`,
      `/coalitions/${SLUG}/protocol`,
      `/coalitions/${SLUG}/protocol/1`,
      "/calls",
      `/calls/${s.calls.past}/results`,
      "/partners",
      "/incentives",
      `/incentives/${s.programme}`,
      `/proposals/${s.erp}`,
      "/receipts",
      `/receipts?call=${s.calls.past}`,
      "/accessibility",
      "/privacy",
      "/legal-notes",
      "/contacts",
      "/outbox",
      "/notifications/opt-out?token=not-a-real-token",
      "/sign-in",
      "/sign-up",
      "/forgot-password",
      "/reset-password?token=not-a-real-token-0123456789",
      "/verify-email?token=not-a-real-token-0123456789",
      "/invitations/not-a-real-invitation-token",
      { path: "/a-page-that-does-not-exist", status: 404 },
    ],
  },
  {
    name: "firm",
    email: DEMO_SIGN_INS.softwareFirmAdmin,
    pages: (s) => [
      ...own(s.org.eporedia),
      "/",
      "/account",
      "/account/notifications",
      "/notifications",
      "/organisations",
      "/organisations/new",
      `/organisations/${s.org.eporedia}/radar`,
      `/organisations/${s.org.eporedia}/de-minimis`,
      `/coalitions/${SLUG}/calls/${s.calls.open}`,
      `/calls/${s.calls.open}/proposals/new`,
      `/calls/${s.calls.open}/partners`,
      "/proposals",
      `/proposals/${s.marketplace}/edit`,
      "/partnerships",
      "/partners",
      "/funding",
      "/funding/applications/new",
      `/funding/applications/${s.application}`,
      `/grants/${s.grant}`,
      `/grants/${s.grant}/reports`,
      `/grants/${s.grant}/reports/${s.report}`,
    ],
  },
  {
    name: "university",
    email: DEMO_SIGN_INS.university,
    pages: (s) => [...own(s.org.university), "/proposals", `/proposals/${s.erp}/edit`, "/partnerships"],
  },
  {
    name: "promoter",
    email: DEMO_SIGN_INS.promoter,
    pages: (s) => [
      ...own(s.org.cmto),
      `/coalitions/${SLUG}`,
      `/coalitions/${SLUG}/manage`,
      `/coalitions/${SLUG}/manage/protocol`,
      `/coalitions/${SLUG}/funding`,
      `/coalitions/${SLUG}/calls/new`,
      `/coalitions/${SLUG}/meetings/new`,
      `/coalitions/${SLUG}/meetings/${s.upcomingMeeting}`,
      `/coalitions/${SLUG}/calls/${s.calls.open}/edit`,
      `/coalitions/${SLUG}/calls/${s.calls.review}`,
      `/calls/${s.calls.review}/review`,
      `/calls/${s.calls.open}/questions`,
      `/calls/${s.calls.past}/evaluation`,
      // Not on the committee: the evaluator's pages are not found.
      { path: `/calls/${s.calls.past}/evaluation/reviews`, status: 404 },
      "/evaluation-invitations?token=not-a-real-invitation-token-0123456789",
      `/calls/${s.calls.voting}/count`,
      `/calls/${s.calls.counting}/count`,
      `/grants/${s.grant}`,
      `/grants/${s.grant}/reports/${s.report}`,
      "/coalitions/new",
    ],
  },
  {
    name: "chair",
    email: "laura.actis@comune-ivrea.demo",
    pages: (s) => [
      `/calls/${s.calls.past}/evaluation/reviews`,
      `/calls/${s.calls.past}/evaluation/reviews/${s.pastProposal}`,
      `/calls/${s.calls.past}/evaluation/consolidation`,
    ],
  },
  {
    name: "voter",
    email: "franco.musso@cciaa.demo",
    pages: (s) => [...own(s.org.cciaa), `/coalitions/${SLUG}/calls/${s.calls.voting}`, `/calls/${s.calls.voting}/vote`, `/coalitions/${SLUG}/meetings/${s.upcomingMeeting}`, `/coalitions/${SLUG}/protocol`],
  },
  {
    name: "admin",
    email: DEMO_SIGN_INS.platformAdmin,
    pages: (s) => [
      "/desk",
      "/organisations",
      "/admin/organisations",
      "/admin/sessions",
      "/admin/audit",
      "/incentives/manage",
      "/incentives/manage/new",
      `/incentives/manage/${s.programme}`,
    ],
  },
];

/** Pages no plan visits, each with the reason. */
const EXCLUDED: Record<string, string> = {};

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Serious and critical axe violations of the page as it is now, as "rule: targets". */
async function axeProblems(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function setLanguage(context: BrowserContext, baseURL: string, lang: Lang) {
  await context.addCookies([{ name: "NEXT_LOCALE", value: lang, url: baseURL }]);
}

/** Loads a page and lists what is wrong with it: status, a redirect, the language, axe. */
async function audit(page: Page, where: string, target: string, status = 200): Promise<string[]> {
  const response = await page.goto(target, { waitUntil: "load" });
  const got = response?.status();
  if (got !== status) return [`${where}: status ${got}, expected ${status}`];
  const landed = new URL(page.url());
  const asked = new URL(target, page.url());
  if (landed.pathname !== asked.pathname) return [`${where}: redirected to ${landed.pathname}`];
  const problems: string[] = [];
  const lang = where.split(" ")[1];
  const htmlLang = await page.locator("html").getAttribute("lang");
  if (htmlLang !== lang) problems.push(`${where}: html lang="${htmlLang}"`);
  for (const p of await axeProblems(page)) problems.push(`${where} ${p}`);
  return problems;
}

test.use({ viewport: { width: 1366, height: 900 } });

/**
 * Pages checked at the same time, each in its own tab of the person's context (same session,
 * same language): the one worker's server, database and browser are otherwise idle in turn.
 */
const TABS = 3;

for (const persona of PERSONAS) {
  test(`axe on every page of the demo: ${persona.name}, Italian and English`, async ({ page, context, baseURL }) => {
    test.setTimeout(300_000);
    const seed = await readSeed();
    if (persona.email) await signInSession(page, persona.email);
    const tabs = [page, ...(await Promise.all(Array.from({ length: TABS - 1 }, () => context.newPage())))];
    const problems: string[] = [];
    for (const lang of LANGS) {
      await setLanguage(context, baseURL!, lang);
      const queue = persona.pages(seed).map((entry) => (typeof entry === "string" ? { path: entry, status: 200 } : entry));
      const found: string[][] = [];
      await Promise.all(
        tabs.map(async (tab) => {
          for (let i = queue.findIndex(Boolean); i >= 0; i = queue.findIndex(Boolean)) {
            const { path: target, status } = queue[i];
            delete queue[i];
            const t0 = Date.now();
            found[i] = await audit(tab, `${persona.name} ${lang} ${target}`, target, status);
            if (process.env.A11Y_TIMES) console.log(`a11y ${persona.name} ${lang} ${target} ${Date.now() - t0} ms`);
          }
        }),
      );
      problems.push(...found.flat());
    }
    expect(problems, `${persona.name}: every (person, language, page, rule) in violation`).toEqual([]);
  });
}

test("a long list stays usable: a labelled pagination of labelled links, reached and followed with the keyboard, and a count in a status region", async ({ page, context, baseURL }) => {
  const problems: string[] = [];
  for (const lang of LANGS) {
    await setLanguage(context, baseURL!, lang);
    // One call a page: the demo's few calls make a list of several pages.
    await page.goto("/calls?size=1");
    const count = page.getByTestId("calls-count");
    await expect(count).toHaveAttribute("role", "status");
    await expect(count).toHaveText(/\d/);
    const total = await count.textContent();
    const nav = page.getByTestId("pagination");
    const label = await nav.getAttribute("aria-label");
    expect(label, "the pagination is a navigation with a name").toBeTruthy();
    await expect(page.getByRole("navigation", { name: label! })).toBeVisible();
    const next = nav.getByRole("link", { name: lang === "it" ? "Pagina successiva dei risultati" : "Next page of results" });
    await expect(next).toBeVisible();

    // From the keyboard: the link takes focus and Enter follows it.
    await next.focus();
    await expect(next).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]after=/);
    const second = page.getByTestId("pagination");
    await expect(second.getByRole("link", { name: lang === "it" ? "Pagina precedente dei risultati" : "Previous page of results" })).toBeVisible();
    await expect(second.getByRole("link", { name: lang === "it" ? "Torna alla prima pagina dei risultati" : "Back to the first page of results" })).toBeVisible();
    // The count is of the whole list, on every page, and still announced.
    await expect(page.getByTestId("calls-count")).toHaveText(total!);
    await expect(page.getByTestId("calls-count")).toHaveAttribute("role", "status");
    // Every link of the pagination has a name a screen reader reads.
    for (const link of await second.getByRole("link").all()) expect((await link.getAttribute("aria-label")) ?? (await link.textContent()), "link name").toMatch(/\S/);
    problems.push(...(await audit(page, `visitor ${lang} ${new URL(page.url()).pathname}${new URL(page.url()).search}`, page.url())));
  }
  expect(problems).toEqual([]);
});

/** The routes of app/: each page.tsx's path, route groups left out, e.g. "/calls/[callId]/review". */
function appRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
        walk(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) {
        routes.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(path.join(process.cwd(), "app"), []);
  return routes.sort();
}

/** The route a path is served by: the match with the fewest dynamic segments (a static segment wins). */
function routeOf(target: string, routes: string[]): string | undefined {
  const pathname = new URL(target, "http://x").pathname;
  const matches = routes.filter((route) => {
    const pattern = route
      .split("/")
      .map((seg) => (/^\[\[?\.\.\./.test(seg) ? ".*" : /^\[.+\]$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    return new RegExp(`^${pattern === "" ? "/" : pattern}$`).test(pathname);
  });
  const dynamic = (route: string) => route.split("/").filter((seg) => seg.startsWith("[")).length;
  return matches.sort((a, b) => dynamic(a) - dynamic(b))[0];
}

test("every page under app/ is in some person's plan above, or excluded with a reason", () => {
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThan(10);
  const covered = new Set<string>();
  for (const persona of PERSONAS) {
    for (const entry of persona.pages(PLACEHOLDER)) {
      const route = routeOf(typeof entry === "string" ? entry : entry.path, routes);
      if (route) covered.add(route);
    }
  }
  const missing = routes.filter((r) => !covered.has(r) && !(r in EXCLUDED));
  expect(missing, "pages neither checked nor excluded with a reason").toEqual([]);
  // An exclusion of a page that no longer exists, or that a plan now visits, is stale.
  const stale = Object.keys(EXCLUDED).filter((r) => !routes.includes(r) || covered.has(r));
  expect(stale, "stale exclusions").toEqual([]);
});
