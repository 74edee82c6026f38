import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../../db/seed/calls";
import { demoOrganisation } from "../../db/seed/data";
import { REVIEW_CALL_TITLE, VOTING_CALL_TITLE } from "../../db/seed/voting-data";
import { databaseUrl, DEMO_EMAILS, distDir, NEEDS_DATABASE, Personas, seedIds, WHO, type SeedIds } from "./helpers";

/**
 * DESIGN rule 10 against the ways around a page's own checks: every page of the build,
 * requested without a session (and as people who must not see them) with the headers
 * that once skipped middleware in Next.js (x-middleware-subrequest, x-nextjs-data,
 * x-invoke-*), and as React Server Component requests (RSC, _rsc, router state tree,
 * prefetch) must not contain a draft of another organisation or anyone's e-mail.
 * Positive controls first: the same strings do reach the people allowed to see them,
 * in HTML and over RSC, so their absence elsewhere means something.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ trace: "off" });

/** The seed's two drafts: titles, summaries and budget lines only their partners may read. */
const MARKETPLACE_DRAFT = ["Marketplace B2B del distretto", "Un marketplace dove le imprese del distretto", "Sviluppo della piattaforma"];
const LOGISTICS_DRAFT = ["Piattaforma logistica e tracciabilit", "Consegne condivise tra le valli", "Piattaforma di pianificazione dei giri"];

type Variant = { name: string; headers?: Record<string, string>; query?: string; path?: (p: string) => string };

/** A valid router state: the client claims to be on the home page (so the server renders the target from the root). */
const ROUTER_TREE = encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }, null, null]));

const VARIANTS: Variant[] = [
  { name: "plain GET" },
  { name: "RSC", headers: { RSC: "1" } },
  { name: "RSC with a made-up _rsc", headers: { RSC: "1" }, query: "_rsc=attack" },
  { name: "_rsc without the header", query: "_rsc=attack" },
  { name: "RSC with a router state tree", headers: { RSC: "1", "Next-Router-State-Tree": ROUTER_TREE } },
  { name: "RSC prefetch", headers: { RSC: "1", "Next-Router-Prefetch": "1" } },
  { name: "RSC segment prefetch", headers: { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-Segment-Prefetch": "/_tree" } },
  { name: "RSC with Next-Url", headers: { RSC: "1", "Next-Url": "/" } },
  { name: "x-middleware-subrequest (middleware)", headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" } },
  { name: "x-middleware-subrequest (proxy)", headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" } },
  { name: "x-middleware-subrequest (src/middleware)", headers: { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" } },
  { name: "x-nextjs-data", headers: { "x-nextjs-data": "1" } },
  { name: "x-middleware-prefetch", headers: { "x-middleware-prefetch": "1", purpose: "prefetch" } },
  { name: "x-invoke-* and x-matched-path", path: (p) => p, headers: { "x-invoke-status": "200", "x-invoke-query": "%7B%7D" } },
  { name: "pages-router data route", path: (p) => `/_next/data/attack${p === "/" ? "/index" : p}.json` },
  { name: "trailing slash", path: (p) => (p === "/" ? p : `${p}/`) },
  { name: "encoded first letter", path: (p) => (p === "/" ? p : `/%${p.charCodeAt(1).toString(16)}${p.slice(2)}`) },
];

/** For signed-in people only the variants that change what a page renders. */
const SIGNED_IN_VARIANTS = VARIANTS.filter((v) => ["plain GET", "RSC", "RSC with a router state tree", "RSC prefetch", "x-middleware-subrequest (proxy)"].includes(v.name));

/** Every page of the build (app-paths-manifest), with its dynamic segments filled from the seed. */
function pages(ids: SeedIds): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir(), "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>;
  return Object.keys(manifest)
    .filter((key) => key.endsWith("/page") && !key.startsWith("/_"))
    .map((key) => {
      const route = key.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
      const callTitle = /\/review$/.test(route)
        ? REVIEW_CALL_TITLE
        : /\/(vote|count)$/.test(route)
          ? VOTING_CALL_TITLE
          : /\/results$/.test(route)
            ? PAST_CALL_TITLE
            : OPEN_CALL_TITLE;
      return route
        .replace("[callId]", ids.call(callTitle))
        .replace("[slug]", "canavese")
        .replace(/^\/organisations\/\[id\]/, `/organisations/${ids.org("meccanica-dora")}`)
        .replace(/^\/proposals\/\[id\]/, `/proposals/${ids.proposal(MARKETPLACE_DRAFT[0])}`)
        .replace("[token]", "A".repeat(43))
        .replace(/\[[^\]]+\]/g, "00000000-0000-4000-8000-000000000000");
    });
}

/**
 * The bodies a client gets for one page and variant. Next answers an RSC request
 * without the right _rsc cache key with a redirect to the same path carrying it: that
 * one is followed, with the same headers, so the RSC payload itself is checked.
 * Other redirects (to sign-in) are not: the page they lead to is checked on its own.
 */
async function fetchBodies(request: APIRequestContext, page: string, variant: Variant): Promise<{ status: number; body: string }[]> {
  const target = variant.path ? variant.path(page) : page;
  let url = variant.query ? `${target}${target.includes("?") ? "&" : "?"}${variant.query}` : target;
  const headers = { ...variant.headers };
  if (variant.name.startsWith("x-invoke")) Object.assign(headers, { "x-invoke-path": page, "x-invoke-output": page, "x-matched-path": page });
  const out: { status: number; body: string }[] = [];
  for (let hop = 0; hop < 3; hop++) {
    const response = await request.get(url, { headers, maxRedirects: 0, failOnStatusCode: false });
    out.push({ status: response.status(), body: await response.text() });
    const location = response.headers()["location"];
    if (response.status() < 300 || response.status() >= 400 || !location) break;
    const next = new URL(location, "http://x");
    if (next.pathname !== new URL(url, "http://x").pathname) break;
    url = `${next.pathname}${next.search}`;
  }
  return out;
}

const personas = new Personas();
let ids: SeedIds;

test.beforeAll(async () => {
  ids = await seedIds();
});
test.afterAll(() => personas.dispose());

test("controls: the private strings do reach the people allowed to see them, in HTML and over RSC", async () => {
  const controls: { who: string; page: string; strings: string[] }[] = [
    { who: WHO.softwareAdmin, page: `/proposals/${ids.proposal(MARKETPLACE_DRAFT[0])}/edit`, strings: MARKETPLACE_DRAFT },
    { who: WHO.caseificioAdmin, page: "/partnerships", strings: [MARKETPLACE_DRAFT[0]] },
    { who: WHO.meccanicaAdmin, page: `/organisations/${ids.org("meccanica-dora")}`, strings: [WHO.meccanicaMember] },
    { who: WHO.platformAdmin, page: "/admin/organisations", strings: [WHO.pending] },
  ];
  for (const c of controls) {
    for (const variant of VARIANTS.filter((v) => v.name === "plain GET" || v.name === "RSC")) {
      const bodies = await fetchBodies(await personas.as(c.who), c.page, variant);
      const last = bodies[bodies.length - 1];
      expect(last.status, `${c.page} (${variant.name}) as ${c.who}`).toBe(200);
      for (const s of c.strings) expect(last.body, `${c.page} (${variant.name}) as ${c.who} shows ${s}`).toContain(s);
    }
  }
});

type Viewer = { who: string | null; label: string; variants: Variant[]; mustNotSee: () => string[] };

const VIEWERS: Viewer[] = [
  { who: null, label: "a visitor without a session", variants: VARIANTS, mustNotSee: () => [...MARKETPLACE_DRAFT, ...LOGISTICS_DRAFT, ...DEMO_EMAILS] },
  {
    who: WHO.outsider,
    label: "a firm outside the coalition",
    variants: SIGNED_IN_VARIANTS,
    mustNotSee: () => [...MARKETPLACE_DRAFT, ...LOGISTICS_DRAFT, ...DEMO_EMAILS.filter((e) => e !== WHO.outsider)],
  },
  {
    who: WHO.meccanicaAdmin,
    label: "a member firm involved in neither draft",
    variants: SIGNED_IN_VARIANTS,
    mustNotSee: () => {
      const colleagues = demoOrganisation("meccanica-dora").people.map((p) => p.email);
      return [...LOGISTICS_DRAFT, ...DEMO_EMAILS.filter((e) => !colleagues.includes(e))];
    },
  },
];

for (const viewer of VIEWERS) {
  test(`no page leaks a draft or an e-mail to ${viewer.label}, whatever headers it sends`, async () => {
    test.setTimeout(180_000);
    const request = await personas.as(viewer.who);
    const forbidden = viewer.mustNotSee();
    const leaks: string[] = [];
    const errors: string[] = [];
    let checked = 0;
    for (const page of pages(ids)) {
      for (const variant of viewer.variants) {
        for (const { status, body } of await fetchBodies(request, page, variant)) {
          checked++;
          if (status >= 500) errors.push(`${page} (${variant.name})`);
          for (const s of forbidden) if (body.includes(s)) leaks.push(`${page} (${variant.name}, HTTP ${status}): ${s}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(errors, "no server error either").toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
}
