import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../../db/seed/data";
import { COUNTING_CALL_TITLE, REVIEW_CALL_TITLE, VOTING_CALL_TITLE } from "../../db/seed/voting-data";
import { fillFirm, signIn, signOut, uniqueEmail } from "../helpers";
import { readDb } from "./helpers";

/**
 * Issue 8, item 8: every response carries the security headers, pages allow only scripts
 * with this response's nonce, and no page of the app needs anything the policy refuses.
 * The server under test is plain http with an http NEXTAUTH_URL, so HSTS must be absent
 * even when a client claims https.
 */

const SLUG = DEMO_COALITION.slug;
const CASEIFICIO_ADMIN = "luisa.vercellino@caseificiovallesacra.demo";

type Headers = Record<string, string>;

/** Software Eporedia's grant in the seed (db/seed/grants.ts), as the path of its expense reports. */
async function eporediaReportsPath(): Promise<string> {
  const [row] = await readDb((query) =>
    query<{ id: string }>("select g.id from grants g join organisations o on o.id = g.organisation_id where o.legal_name = 'Software Eporedia S.r.l.' order by g.created_at limit 1"),
  );
  if (!row) throw new Error("Software Eporedia's grant is missing from the seed");
  return `/grants/${row.id}/reports`;
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values] as const;
      }),
  );
}

function scriptNonce(headers: Headers): string {
  const sources = directives(headers["content-security-policy"] ?? "").get("script-src") ?? [];
  const nonce = sources.map((s) => /^'nonce-([A-Za-z0-9+/=_-]+)'$/.exec(s)?.[1]).find(Boolean);
  expect(nonce, "script-src has a nonce").toBeTruthy();
  return nonce!;
}

/** The headers every response has, static assets and API included. */
function expectStaticHeaders(headers: Headers, where: string) {
  expect(headers["x-frame-options"], where).toBe("DENY");
  expect(headers["x-content-type-options"], where).toBe("nosniff");
  expect(headers["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
  const permissions = headers["permissions-policy"] ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
    expect(permissions, where).toMatch(new RegExp(`(^|, )${feature}=\\(\\)(,|$)`));
  }
  expect(headers["strict-transport-security"], `${where}: no HSTS over http`).toBeUndefined();
}

/** The policy of a page (or API response): one header, nonce-only scripts, nothing embeds us. */
function expectPolicy(headers: Headers, where: string) {
  const policy = headers["content-security-policy"];
  expect(policy, where).toBeTruthy();
  // Two CSP headers would both be enforced; Playwright joins repeated headers with "\n".
  expect(policy, `${where}: one policy`).not.toContain("\n");
  const d = directives(policy);
  const scripts = d.get("script-src") ?? [];
  expect(scripts, where).toContain("'strict-dynamic'");
  expect(scripts, where).not.toContain("'unsafe-inline'");
  expect(scripts, where).not.toContain("'unsafe-eval'");
  scriptNonce(headers);
  expect(d.get("default-src"), where).toEqual(["'self'"]);
  expect(d.get("object-src"), where).toEqual(["'none'"]);
  expect(d.get("base-uri"), where).toEqual(["'self'"]);
  expect(d.get("form-action"), where).toEqual(["'self'"]);
  expect(d.get("frame-ancestors"), where).toEqual(["'none'"]);
  expect(d.has("upgrade-insecure-requests"), `${where}: no upgrade over http`).toBe(false);
}

/**
 * Collects what the browser refuses: securitypolicyviolation events (reported through a
 * binding, so a violation just before a navigation is not lost), "Refused to …" and
 * header errors on the console, and uncaught page errors.
 */
async function watchForViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.exposeBinding("__reportCspViolation", (_source, violation: string) => {
    problems.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (e) => {
        const report = (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation;
        void report(`${location.pathname}: ${e.violatedDirective} refused ${e.blockedURI || "inline"} ${e.sample}`.trim());
      },
      true,
    );
  });
  page.on("console", (message) => {
    if (/Refused to|Content[- ]Security[- ]Policy|Permissions-Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** Opens a page, checks its headers, waits until Next's own (nonce-carrying) scripts have run, and finds no violation. */
async function visit(page: Page, problems: string[], path: string, status = 200): Promise<Response> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBe(status);
  const headers = await response!.allHeaders();
  expectStaticHeaders(headers, path);
  expectPolicy(headers, path);
  // The client bootstrap sets window.next: it only runs if the nonce let Next's scripts in.
  await page.waitForFunction(() => typeof (window as unknown as { next?: { version?: string } }).next?.version === "string");
  await page.waitForLoadState("networkidle");
  expect(problems, path).toEqual([]);
  return response!;
}

async function hrefOf(page: Page, name: string | RegExp): Promise<string> {
  const href = await page.getByRole("link", { name, exact: typeof name === "string" }).first().getAttribute("href");
  expect(href, `link "${name}"`).toBeTruthy();
  return href!;
}

/** The seeded calls' ids, read from the coalition's public page (which is itself checked). */
async function seededCalls(page: Page, problems: string[]) {
  await visit(page, problems, `/coalitions/${SLUG}`);
  const id = async (title: string) => (await hrefOf(page, title)).split("/").pop()!;
  return {
    open: await id(OPEN_CALL_TITLE),
    past: await id(PAST_CALL_TITLE),
    voting: await id(VOTING_CALL_TITLE),
    counting: await id(COUNTING_CALL_TITLE),
    review: await id(REVIEW_CALL_TITLE),
  };
}

test("headers on pages, API responses and built assets; HSTS not granted to a forged X-Forwarded-Proto", async ({ request }) => {
  const page = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(page.status()).toBe(200);
  expectStaticHeaders(page.headers(), "/");
  expectPolicy(page.headers(), "/");

  const api = await request.get("/api/municipalities?q=ivrea", { headers: { "x-forwarded-proto": "https" } });
  expect(api.status()).toBe(200);
  expectStaticHeaders(api.headers(), "/api/municipalities");

  const auth = await request.get("/api/auth/csrf");
  expect(auth.status()).toBe(200);
  expectStaticHeaders(auth.headers(), "/api/auth/csrf");

  // A streamed open-data file (issue 12, item 6) carries the same headers.
  const openData = await request.get(`/api/open-data/${SLUG}/calls.csv`);
  expect(openData.status()).toBe(200);
  expectStaticHeaders(openData.headers(), "/api/open-data/[slug]/[file]");

  const html = await page.text();
  const asset = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  const script = await request.get(asset!);
  expect(script.status()).toBe(200);
  expectStaticHeaders(script.headers(), asset!);
});

test("every response gets its own nonce, and every script Next writes carries it", async ({ request }) => {
  const responses: APIResponse[] = [await request.get("/"), await request.get("/")];
  const nonces = responses.map((r) => scriptNonce(r.headers()));
  expect(nonces[0]).not.toBe(nonces[1]);
  for (const [i, response] of responses.entries()) {
    const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonces[i]}"`);
  }
  // A client cannot choose the nonce by sending its own policy.
  const forged = await request.get("/", { headers: { "content-security-policy": "script-src 'nonce-chosenbytheclient'" } });
  expect(await forged.text()).not.toContain("chosenbytheclient");
  expect(scriptNonce(forged.headers())).not.toBe("chosenbytheclient");
});

/**
 * Serves /receipts with markup added to the HTML as stored XSS would add it, if some field
 * ever escaped escaping: an inline script, an inline event handler, a data: script.
 */
async function injectScripts(page: Page, { keepPolicy }: { keepPolicy: boolean }) {
  await page.route("**/receipts", async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const body = html.replace(
      /<main[^>]*>/,
      (main) =>
        `${main}<script>window.__injected = "inline script"</script>` +
        `<img src="/nothing-here.png" onerror="window.__injected = 'event handler'">` +
        `<script src="data:text/javascript,window.__injected='data script'"></script>`,
    );
    expect(body).not.toBe(html);
    const headers = response.headers();
    if (!keepPolicy) delete headers["content-security-policy"];
    await route.fulfill({ response, body, headers });
  });
  await page.goto("/receipts");
  // Next's own scripts, sent with the nonce, run either way.
  await page.waitForFunction(() => typeof (window as unknown as { next?: object }).next === "object");
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => (window as unknown as { __injected?: string }).__injected);
}

test("a script injected into a page without the nonce does not run, while the page's own scripts do", async ({ page, browser }) => {
  const violations: string[] = [];
  await page.exposeBinding("__reportCspViolation", (_source, directive: string) => {
    violations.push(directive);
  });
  await page.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (e) => void (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(e.violatedDirective),
      true,
    );
  });
  expect(await injectScripts(page, { keepPolicy: true })).toBeUndefined();
  expect(violations.filter((v) => v === "script-src-elem")).toHaveLength(2);
  expect(violations).toContain("script-src-attr");

  // The control: the same page without the policy runs the injected markup.
  const unprotected = await browser.newPage();
  expect(await injectScripts(unprotected, { keepPolicy: false })).toBeDefined();
  await unprotected.close();
});

test("signed out: every public page renders and runs without a policy violation", async ({ page }) => {
  const problems = await watchForViolations(page);
  const calls = await seededCalls(page, problems);
  await visit(page, problems, "/");
  await visit(page, problems, "/coalitions");
  await visit(page, problems, "/calls");
  await visit(page, problems, "/calls?q=piattaforma&phase=open&theme=marketplace&lead=firm&size=1");
  await visit(page, problems, "/partners");
  await visit(page, problems, "/incentives");
  await visit(page, problems, "/incentives?state=open&level=regional&regime=gber&kind=firm&size=small&theme=erp&region=01");
  await visit(page, problems, (await page.getByTestId("programme-card").first().getByRole("link").getAttribute("href"))!);
  await visit(page, problems, `/coalitions/${SLUG}/calls/${calls.open}`);
  await visit(page, problems, `/coalitions/${SLUG}/calls/${calls.past}`);
  // The coalition's open data (issue 12, item 6): the catalogue page.
  await visit(page, problems, `/coalitions/${SLUG}/open-data`);
  // Its public dashboard (issue 12, item 5): server-drawn SVG charts.
  await visit(page, problems, `/coalitions/${SLUG}/dashboard`);
  await visit(page, problems, `/calls/${calls.past}/results`);
  // The allocation chart is inline SVG: it must be drawn, not refused.
  await expect(page.locator("svg[role=img]").first()).toBeVisible();
  const proposal = await page.locator('a[href^="/proposals/"]').first().getAttribute("href");
  await visit(page, problems, proposal!);
  await visit(page, problems, "/receipts");
  await visit(page, problems, `/receipts?call=${calls.past}`);
  await visit(page, problems, "/sign-up");
  // E-mail (issue 12): forgot password, the reset and verification links' pages, the demo outbox.
  await visit(page, problems, "/forgot-password");
  await visit(page, problems, "/reset-password?token=not-a-real-token-0123456789");
  await visit(page, problems, "/verify-email?token=not-a-real-token-0123456789");
  await visit(page, problems, "/outbox");
  // Notifications (issue 12): an e-mail's opt-out link, here one that is not valid.
  await visit(page, problems, "/notifications/opt-out?token=not-a-real-token");
  // The coalition's public audit trail (issue 12, item 7).
  await visit(page, problems, `/coalitions/${SLUG}/audit`);
  // The protocol of understanding (issue 14): the version in force and version 1.
  await visit(page, problems, `/coalitions/${SLUG}/protocol`);
  await visit(page, problems, `/coalitions/${SLUG}/protocol/1`);
  await visit(page, problems, "/accessibility");
  await visit(page, problems, "/privacy");
  await visit(page, problems, "/legal-notes");
  await visit(page, problems, "/contacts");
  await visit(page, problems, "/invitations/not-a-real-invitation-token");
  await visit(page, problems, "/a-page-that-does-not-exist", 404);

  // The language switch posts a server action and re-renders with a new nonce.
  await visit(page, problems, "/");
  await page.getByTestId("locale-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByTestId("locale-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");

  // A wrong password: the client form calls /api/auth and shows the error it gets back.
  await visit(page, problems, "/sign-in");
  await page.getByLabel("E-mail").fill("nobody@example.org");
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.locator("form").getByRole("button", { name: "Accedi" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  expect(problems).toEqual([]);
});

test("signed in as a promoter: the coalition's and calls' management pages", async ({ page }) => {
  const problems = await watchForViolations(page);
  const calls = await seededCalls(page, problems);
  await signIn(page, DEMO_SIGN_INS.promoter);
  await visit(page, problems, "/partners");
  await visit(page, problems, `/coalitions/${SLUG}`);
  await visit(page, problems, `/coalitions/${SLUG}/manage`);
  await visit(page, problems, `/coalitions/${SLUG}/manage/protocol`);
  // The coalition's funding (issue 11, item 8), filtered to the pact's grants.
  await visit(page, problems, `/coalitions/${SLUG}/funding`);
  await visit(page, problems, `/coalitions/${SLUG}/funding?programme=pact&status=in_progress`);
  // A grant's expense reports (issue 11, item 2): the list, and Software Eporedia's SAL 2 waiting for review.
  const reports = await eporediaReportsPath();
  await visit(page, problems, reports);
  await visit(page, problems, `${reports}/2`);
  // The grant itself (issue 11): figures, concession, payments and revocation forms, history.
  await visit(page, problems, reports.replace(/\/reports$/, ""));
  await visit(page, problems, `/coalitions/${SLUG}/calls/new`);
  await visit(page, problems, `/coalitions/${SLUG}/calls/${calls.open}`);
  await visit(page, problems, `/coalitions/${SLUG}/calls/${calls.open}/edit`);
  await visit(page, problems, `/calls/${calls.review}/review`);
  await visit(page, problems, `/calls/${calls.open}/questions`);
  await visit(page, problems, `/calls/${calls.voting}/count`);
  await visit(page, problems, `/calls/${calls.counting}/count`);
  await visit(page, problems, "/desk");
  await visit(page, problems, "/coalitions/new");
  await visit(page, problems, "/organisations");
  await visit(page, problems, await hrefOf(page, "Città metropolitana di Torino"));
  await signOut(page);
  expect(problems).toEqual([]);
});

test("signed in as a firm's admin: proposals, partners, the voting booth and a new organisation with the municipality search", async ({ page }) => {
  const problems = await watchForViolations(page);
  const calls = await seededCalls(page, problems);
  await signIn(page, DEMO_SIGN_INS.leadFirmAdmin);
  await visit(page, problems, "/proposals");
  const workspace = await hrefOf(page, "ERP condiviso per la meccanica canavesana");
  await visit(page, problems, workspace);
  await visit(page, problems, workspace.replace(/\/edit$/, ""));
  await visit(page, problems, `/calls/${calls.open}/proposals/new`);
  await visit(page, problems, `/calls/${calls.open}/partners`);
  await visit(page, problems, `/calls/${calls.voting}/vote`);
  await visit(page, problems, "/desk");
  await visit(page, problems, "/partnerships");
  await visit(page, problems, "/account");
  // Notifications (issue 12): the list and the preferences.
  await visit(page, problems, "/notifications");
  await visit(page, problems, "/account/notifications");
  await visit(page, problems, "/organisations");
  await visit(page, problems, await hrefOf(page, "Meccanica Dora S.p.A."));
  // The incentive radar (issue 11), with a cost typed.
  await visit(page, problems, `${await page.getByTestId("org-radar-link").getAttribute("href")}?cost=150.000`);
  // The funding desk (issue 11): the desk, an application, a new one, the de minimis ledger.
  await visit(page, problems, "/funding");
  const application = await page.locator('a[href^="/funding/applications/"]').first().getAttribute("href");
  await visit(page, problems, "/funding/applications/new");
  await visit(page, problems, application!);
  await visit(page, problems, (await page.getByRole("link", { name: "Torna ai finanziamenti" }).getAttribute("href"))!);
  await visit(page, problems, (await page.getByTestId("ledger-link").getAttribute("href"))!);
  await visit(page, problems, "/organisations/new");
  // The picker fetches /api/municipalities as the person types.
  await fillFirm(page, "Prova CSP S.r.l.");
  await signOut(page);
  expect(problems).toEqual([]);
});

test("signed in as the platform admin, and an invitation seen by its inviter and by a visitor", async ({ page, browser }) => {
  const problems = await watchForViolations(page);
  await signIn(page, DEMO_SIGN_INS.platformAdmin);
  await visit(page, problems, "/admin/organisations");
  await visit(page, problems, "/admin/sessions");
  // The whole audit log (issue 12, item 8).
  await visit(page, problems, "/admin/audit");
  await visit(page, problems, "/desk");
  await visit(page, problems, "/organisations");
  // The incentive catalogue's management: the list, a new entry, editing one.
  await visit(page, problems, "/incentives/manage");
  const editHref = (await page.getByTestId("manage-programmes").getByRole("link").first().getAttribute("href"))!;
  await visit(page, problems, "/incentives/manage/new");
  await visit(page, problems, editHref);
  await signOut(page);

  // Creating the invitation runs the organisation page's client form and server action.
  await signIn(page, CASEIFICIO_ADMIN);
  await visit(page, problems, "/organisations");
  await visit(page, problems, await hrefOf(page, "Caseificio Valle Sacra"));
  await page.getByLabel("E-mail del collega").fill(uniqueEmail("csp"));
  await page.getByRole("button", { name: "Crea invito" }).click();
  const link = new URL((await page.getByTestId("invitation-link").textContent())!.trim()).pathname;
  await visit(page, problems, link);
  await expect(page.getByRole("button", { name: "Accetta l'invito" })).toBeVisible();
  await signOut(page);
  expect(problems).toEqual([]);

  const visitor = await browser.newPage();
  const visitorProblems = await watchForViolations(visitor);
  await visit(visitor, visitorProblems, link);
  await expect(visitor.getByRole("link", { name: "Accedi" }).last()).toBeVisible();
  await visitor.close();
});
