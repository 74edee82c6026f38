import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { MUNICIPALITY } from "../../db/seed/data";
import { randomPartitaIva, uniqueEmail } from "../helpers";
import { BASE_URL, browserContextFor, callAction, callFormFields, confirmAddressOf, databaseUrl, expectOk, NEEDS_DATABASE, Personas, proposalVersion, seedIds, WHO, type SeedIds } from "./helpers";

/**
 * Stored XSS: every free-text field a person can fill gets markup that would run if it
 * were ever rendered as HTML (script, event handlers, a broken-out attribute, javascript:
 * links), through the actions as the people allowed to write it; then every page that
 * shows the field is opened in Chromium. No dialog may fire, no injected element may
 * exist, the server's HTML carries the payload only escaped, and each field is seen as
 * text on its page (so the page did render it). The call description is Markdown:
 * its javascript: links must not be active links.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ trace: "off" });
test.describe.configure({ mode: "serial" });

/** A payload for a field of up to 200 characters; the «field» marker finds it on the page. */
const payload = (field: string) =>
  `«${field}» <script>alert("xss-${field}")</script><img src=x onerror=alert("xss-${field}")>"><svg onload=alert("xss-${field}")> javascript:alert(1)`;
/** For fields of up to 100 characters. */
const shortPayload = (field: string) => `«${field}»<img src=x onerror=alert(1)>"><svg onload=alert(1)>`;
/** For fields of up to 50 characters. */
const tinyPayload = (field: string) => `«${field}»<svg onload=alert(1)>`;
const marker = (field: string) => `«${field}»`;

const MARKDOWN = [
  `## ${marker("call-md")} <img src=x onerror=alert("xss-md-html")>`,
  "",
  `Leggete il [regolamento](javascript:alert("xss-md-link")) e il [sito del bando](https://example.org/bando).`,
  "",
  `<a href="javascript:alert('xss-md-raw')">raw</a> <script>alert("xss-md-script")</script>`,
  "",
  `Autolink: <javascript:alert("xss-md-auto")> e [dati](data:text/html,<script>alert(1)</script>) e [vb](vbscript:msgbox(1)).`,
  "",
  `![immagine](javascript:alert("xss-md-img")) [per riferimento][r]`,
  "",
  `[r]: javascript:alert("xss-md-ref")`,
].join("\n");

const personas = new Personas();
const browsers = new Map<string, Promise<BrowserContext>>();
let ids: SeedIds;

/** Who writes: a new person (name and organisation are payloads) and the demo's promoter and university. */
const person = { email: uniqueEmail("xss"), password: "Password-xss-1234", name: payload("person-name") };
const state = {} as {
  organisationId: string;
  rejectedOrganisationId: string;
  coalitionId: string;
  slug: string;
  callId: string;
  proposalId: string;
};

test.beforeAll(async () => {
  ids = await seedIds();
});
test.afterAll(async () => {
  for (const context of browsers.values()) await (await context).close();
  await personas.dispose();
});

function browserFor(browser: Browser, who: string | null): Promise<BrowserContext> {
  const key = who ?? "";
  if (!browsers.has(key)) {
    browsers.set(key, (async () => (who === null ? browser.newContext({ baseURL: BASE_URL }) : browserContextFor(browser, await personas.as(who))))());
  }
  return browsers.get(key)!;
}

/** Elements and attributes a payload would have created if it had been parsed as markup. */
function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
      }
    }
    for (const img of Array.from(document.querySelectorAll("img"))) if (img.getAttribute("src") === "x") found.push("<img src=x>");
    for (const script of Array.from(document.querySelectorAll("script"))) {
      if (/^\s*alert\(/.test(script.textContent ?? "")) found.push(`<script>${script.textContent}</script>`);
    }
    for (const el of Array.from(document.querySelectorAll("[href], [src], [action], [formaction]"))) {
      for (const name of ["href", "src", "action", "formaction"]) {
        const value = el.getAttribute(name) ?? "";
        // React replaces a javascript: URL with one that only throws; anything else is live.
        if (/^\s*(javascript|vbscript|data):/i.test(value) && !value.includes("React has blocked")) found.push(`<${el.tagName.toLowerCase()} ${name}="${value}">`);
      }
    }
    return found;
  });
}

/**
 * Opens a page as someone, and checks: the HTML from the server has the payloads only
 * escaped, the fields named in `shows` appear as text, nothing was injected, no dialog.
 */
async function visit(browser: Browser, who: string | null, url: string, shows: string[]): Promise<Page> {
  const context = await browserFor(browser, who);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const response = await page.goto(url);
  const where = `${url} as ${who ?? "a visitor"}`;
  expect(response?.status(), where).toBe(200);
  const html = (await response?.text()) ?? "";
  // '"><svg onload', not '"><svg': the header's own icons (the bell) are an <svg> right after a link's quote.
  for (const raw of ["<script>alert(", "<img src=x onerror", "<svg onload", '"><svg onload']) {
    expect(html, `${where}: the server's HTML has ${raw} unescaped`).not.toContain(raw);
  }
  await page.waitForLoadState("networkidle");
  // What a person reads there: the text, and the values of the form fields they edit.
  const seen = await page.evaluate(
    () => `${document.body.innerText}\n${Array.from(document.querySelectorAll("input, textarea")).map((e) => (e as HTMLInputElement).value).join("\n")}`,
  );
  for (const field of shows) expect(seen, `${where} shows ${field}`).toContain(marker(field));
  expect(await injectedElements(page), where).toEqual([]);
  expect(dialogs, where).toEqual([]);
  return page;
}

test("a new person and their organisations: name, legal name, rejection reason", async ({ browser }) => {
  expectOk(await callAction(await personas.as(null), { action: "signUp", args: [{ name: person.name, email: person.email, password: person.password }] }), "sign-up");
  await confirmAddressOf(await personas.as(null), person.email);
  const me = await personas.as(person.email, person.password);
  const firm = (legalName: string) => ({
    kind: "firm",
    legalName,
    partitaIva: randomPartitaIva(),
    codiceFiscale: "",
    codiceIpa: "",
    atecoCode: "62.01.00",
    sizeClass: "micro",
    municipalityCode: MUNICIPALITY.ivrea,
  });
  state.organisationId = expectOk<{ organisationId: string }>(await callAction(me, { action: "createOrganisation", args: [firm(payload("org-name"))] }), "organisation").organisationId;
  state.rejectedOrganisationId = expectOk<{ organisationId: string }>(
    await callAction(me, { action: "createOrganisation", args: [firm(payload("org-rejected"))] }),
    "second organisation",
  ).organisationId;

  await visit(browser, WHO.platformAdmin, "/admin/organisations", ["org-name", "org-rejected"]);
  const admin = await personas.as(WHO.platformAdmin);
  expectOk(await callAction(admin, { action: "verifyOrganisation", args: [{ organisationId: state.organisationId }] }), "verify");
  expectOk(await callAction(admin, { action: "rejectOrganisation", args: [{ organisationId: state.rejectedOrganisationId, reason: payload("reject-reason") }] }), "reject");

  await visit(browser, person.email, "/organisations", ["org-name", "org-rejected"]);
  await visit(browser, person.email, `/organisations/${state.rejectedOrganisationId}`, ["org-rejected", "reject-reason"]);
  await visit(browser, person.email, `/organisations/${state.organisationId}`, ["org-name", "person-name"]);
  await visit(browser, person.email, "/account", ["person-name"]);
});

test("a coalition and a request to join it: name, description, motivation", async ({ browser }) => {
  const promoter = await personas.as(WHO.promoter);
  const me = await personas.as(person.email, person.password);
  const created = expectOk<{ coalitionId: string; slug: string }>(
    await callAction(promoter, {
      action: "createCoalition",
      args: [{ promoterOrganisationId: ids.org("cmto"), name: payload("coalition-name"), description: payload("coalition-description"), territory: [MUNICIPALITY.ivrea] }],
    }),
    "coalition",
  );
  state.coalitionId = created.coalitionId;
  state.slug = created.slug;
  const askToJoin = async (motivation: string) =>
    expectOk<{ requestId: string }>(
      await callAction(me, { action: "requestToJoinCoalition", args: [{ coalitionId: state.coalitionId, organisationId: state.organisationId, motivation }] }),
      "request to join",
    );
  const declined = await askToJoin(payload("first-motivation"));
  await visit(browser, WHO.promoter, `/coalitions/${state.slug}/manage`, ["coalition-name", "org-name", "first-motivation"]);
  expectOk(await callAction(promoter, { action: "decideJoinRequest", args: [{ requestId: declined.requestId, decision: "decline", reason: payload("decline-reason") }] }), "decline");
  await visit(browser, person.email, "/coalitions", ["coalition-name", "org-name", "decline-reason"]);

  const request = await askToJoin(payload("motivation"));
  await visit(browser, WHO.promoter, `/coalitions/${state.slug}/manage`, ["coalition-name", "org-name", "motivation"]);

  expectOk(await callAction(promoter, { action: "decideJoinRequest", args: [{ requestId: request.requestId, decision: "accept", role: "member", weight: 1 }] }), "admit");
  const invitation = expectOk<{ requestId: string }>(
    await callAction(promoter, { action: "inviteOrganisationToCoalition", args: [{ coalitionId: state.coalitionId, organisationId: ids.org("universita"), role: "member", weight: 1 }] }),
    "invite the university",
  );
  await visit(browser, WHO.universityAdmin, "/coalitions", ["coalition-name"]);
  expectOk(await callAction(await personas.as(WHO.universityAdmin), { action: "respondToCoalitionInvitation", args: [{ requestId: invitation.requestId, decision: "accept" }] }), "university joins");

  await visit(browser, null, "/coalitions", ["coalition-name"]);
  await visit(browser, null, `/coalitions/${state.slug}`, ["coalition-name", "coalition-description", "org-name"]);
  await visit(browser, WHO.promoter, `/coalitions/${state.slug}/manage`, ["coalition-name", "org-name"]);
});

test("a call: title and a Markdown description with javascript: links", async ({ browser }) => {
  const promoter = await personas.as(WHO.promoter);
  state.callId = expectOk<{ callId: string }>(
    await callAction(promoter, {
      action: "createCall",
      args: [
        { coalitionId: state.coalitionId, ...callFormFields(payload("call-title"), MARKDOWN, -1) },
      ],
    }),
    "call",
  ).callId;
  await visit(browser, WHO.promoter, `/coalitions/${state.slug}/calls/${state.callId}/edit`, []);
  expectOk(await callAction(promoter, { action: "publishCall", args: [{ callId: state.callId }] }), "publish");

  const page = await visit(browser, null, `/coalitions/${state.slug}/calls/${state.callId}`, ["call-title", "call-md"]);
  const markdown = page.getByTestId("markdown");
  // The safe link stays a link; the javascript: ones are not links that do anything.
  await expect(markdown.getByRole("link", { name: "sito del bando" })).toHaveAttribute("href", "https://example.org/bando");
  const hrefs = await markdown.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  for (const href of hrefs) expect(href, "every Markdown link is empty, relative or http(s)/mailto").toMatch(/^(|#.*|\/.*|https?:\/\/.*|mailto:.*)$/);
  const sources = await markdown.locator("img").evaluateAll((images) => images.map((img) => img.getAttribute("src") ?? ""));
  for (const src of sources) expect(src, "a Markdown image loads nothing but http(s)").toMatch(/^(|https?:\/\/.*)$/);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  for (const name of ["regolamento", "per riferimento"]) {
    const link = markdown.getByRole("link", { name });
    if ((await link.count()) > 0) await link.click();
  }
  await page.waitForLoadState("networkidle");
  expect(dialogs).toEqual([]);

  await visit(browser, null, `/coalitions/${state.slug}`, ["call-title"]);
  await visit(browser, null, "/", []);
});

test("a proposal: every field, partnership messages, budget lines — in the workspace, the partner search and, once submitted, in public", async ({ browser }) => {
  const me = await personas.as(person.email, person.password);
  const promoter = await personas.as(WHO.promoter);
  const university = await personas.as(WHO.universityAdmin);
  state.proposalId = expectOk<{ proposalId: string }>(
    await callAction(me, { action: "createProposal", args: [{ callId: state.callId, leadOrganisationId: state.organisationId, title: payload("proposal-title") }] }),
    "draft",
  ).proposalId;
  const id = state.proposalId;
  expectOk(
    await callAction(me, {
      action: "saveProposal",
      args: [
        {
          proposalId: id,
          version: await proposalVersion(id),
          details: {
            title: payload("proposal-title"),
            summary: payload("summary"),
            problem: payload("problem"),
            solutionType: "erp",
            objectives: payload("objectives"),
            indicators: [{ name: payload("indicator"), baseline: shortPayload("baseline"), target: shortPayload("target"), unit: tinyPayload("unit") }],
            milestones: [{ title: payload("milestone"), month: "3" }],
            durationMonths: "12",
            sectors: ["industry"],
            lookingForKinds: ["university"],
          },
          parts: [],
        },
      ],
    }),
    "description",
  );
  expectOk(
    await callAction(promoter, {
      action: "requestToJoinProposal",
      args: [{ proposalId: id, organisationId: ids.org("cmto"), message: payload("join-message"), contribution: payload("contribution") }],
    }),
    "the promoter's body asks to join",
  );
  expectOk(await callAction(me, { action: "invitePartner", args: [{ proposalId: id, organisationId: ids.org("universita"), roleDescription: payload("partner-role") }] }), "invite the university");

  await visit(browser, WHO.universityAdmin, `/calls/${state.callId}/partners`, ["proposal-title", "summary", "org-name"]);
  await visit(browser, WHO.universityAdmin, "/partnerships", ["proposal-title", "partner-role"]);
  await visit(browser, person.email, `/proposals/${id}/edit`, ["proposal-title", "summary", "problem", "objectives", "indicator", "milestone", "join-message", "contribution", "partner-role"]);

  expectOk(await callAction(university, { action: "respondToPartnerInvitation", args: [{ proposalId: id, organisationId: ids.org("universita"), decision: "accept" }] }), "the university accepts");
  expectOk(await callAction(me, { action: "decidePartnerRequest", args: [{ proposalId: id, organisationId: ids.org("cmto"), decision: "decline" }] }), "decline the promoter");
  const line = (field: string, amount: string) => ({ category: "software", description: payload(field), amount });
  expectOk(
    await callAction(me, {
      action: "saveProposal",
      args: [{ proposalId: id, version: await proposalVersion(id), parts: [{ organisationId: state.organisationId, lines: [line("budget-line", "10.000")], cofinancing: "0" }] }],
    }),
    "lead's budget",
  );
  expectOk(
    await callAction(university, {
      action: "saveProposal",
      args: [{ proposalId: id, version: await proposalVersion(id), parts: [{ organisationId: ids.org("universita"), lines: [line("university-line", "5.000")], cofinancing: "0" }] }],
    }),
    "university's budget",
  );
  await visit(browser, person.email, "/proposals", ["proposal-title"]);
  await visit(browser, person.email, `/proposals/${id}/edit`, ["proposal-title", "budget-line", "university-line", "org-name"]);
  await visit(browser, WHO.universityAdmin, `/proposals/${id}/edit`, ["proposal-title", "org-name"]);
  await visit(browser, WHO.promoter, "/partnerships", ["proposal-title"]);

  expectOk(await callAction(me, { action: "submitProposal", args: [{ proposalId: id }] }), "submit");
  await visit(browser, null, `/proposals/${id}`, ["proposal-title", "summary", "problem", "objectives", "indicator", "milestone", "org-name"]);
  await visit(browser, null, `/coalitions/${state.slug}/calls/${state.callId}`, ["proposal-title", "org-name"]);
  await visit(browser, WHO.promoter, `/calls/${state.callId}/review`, ["proposal-title", "org-name"]);
});
