import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS, demoOrganisation } from "../db/seed/data";
import { DEMO_QUESTIONS } from "../db/seed/faq";
import { REVIEW_CALL_TITLE } from "../db/seed/voting-data";
import { signInSession, signOut } from "./helpers";

/**
 * The FAQ of a call (issue 10, item 3): a firm asks, the promoter rewords, answers and
 * publishes after confirming, and a visitor reads it on the public call page with its dates
 * and nothing anywhere in the HTML (attributes and RSC payload included) that says who asked.
 */

const SOFTWARE = demoOrganisation("software-eporedia");
const ASKER = SOFTWARE.people[0];
const SHOTS = process.env.FAQ_SHOTS;

async function callUrl(page: Page, title: string): Promise<string> {
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function englishContext(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: test.info().project.use.baseURL ?? "http://127.0.0.1" }]);
  return context;
}

test.describe("at 1366×900", () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test("a firm asks, the promoter answers and publishes after confirming, a visitor reads it without the asker anywhere", async ({ page, browser }) => {
    const token = `${Date.now()}`;
    const original = `Siamo ${SOFTWARE.legalName}, scrive ${ASKER.name} (${ASKER.email}): il corso per i tecnici è ammissibile? [${token}]`;
    const publicQuestion = `Un corso di formazione per i tecnici dei partner è una spesa ammissibile? [${token}]`;
    const answer = `Sì, nella voce «formazione», per la durata del progetto. [${token}]`;

    // The firm's admin asks from the public call page, before the deadline shown in Rome time.
    await signInSession(page, DEMO_SIGN_INS.softwareFirmAdmin);
    const url = await callUrl(page, OPEN_CALL_TITLE);
    const faq = page.getByTestId("call-faq");
    await expect(faq.getByRole("heading", { name: "Chiarimenti (FAQ)" })).toBeVisible();
    await expect(faq.getByTestId("faq-entry").filter({ hasText: DEMO_QUESTIONS[0].published!.publicQuestion })).toBeVisible();
    await expect(faq.getByTestId("faq-deadline")).toContainText("(ora di Roma)");
    await expect(faq.getByTestId("faq-deadline")).toContainText(/I quesiti si possono porre fino (al |all')\d/);
    const form = faq.getByTestId("ask-question-form");
    await expect(form).toContainText(`A nome di ${SOFTWARE.legalName}`);
    await shot(page, "call-faq-firm-1366");
    await form.getByRole("button", { name: "Invia il quesito" }).click();
    await expect(form.getByTestId("faq-question-error")).toHaveText("Campo obbligatorio.");
    await form.getByLabel("Il tuo quesito").fill(original);
    await form.getByRole("button", { name: "Invia il quesito" }).click();
    await expect(faq.getByTestId("faq-sent")).toBeVisible();
    // Not public until the promoter publishes it.
    await page.reload();
    await expect(page.getByTestId("call-faq")).not.toContainText(token);
    await signOut(page);

    // The promoter finds it on the desk and on the call page, rewords, answers, publishes.
    await signInSession(page, DEMO_SIGN_INS.promoter);
    await page.goto("/desk");
    await expect(page.getByTestId("desk-question").filter({ hasText: OPEN_CALL_TITLE })).toBeVisible();
    await page.goto(url);
    await page.getByTestId("call-faq").getByRole("link", { name: "Rispondi ai quesiti" }).click();
    await expect(page.getByRole("heading", { name: "Quesiti del bando", level: 1 })).toBeVisible();
    // The promoter's page shows the words received (which here name the asker), and nothing else about who sent them.
    const besidesWords = await page.evaluate(() => {
      const main = document.querySelector("main")!.cloneNode(true) as HTMLElement;
      main.querySelectorAll("[data-testid=question-original]").forEach((e) => e.remove());
      return main.outerHTML;
    });
    for (const secret of [SOFTWARE.legalName, ASKER.name, ASKER.email]) expect(besidesWords).not.toContain(secret);
    const item = page.getByTestId("question-item").filter({ hasText: token });
    await expect(item.getByTestId("question-original")).toHaveText(original);
    await item.getByLabel("Quesito come sarà pubblicato").fill(publicQuestion);
    await item.getByLabel("Risposta", { exact: true }).fill(answer);
    await item.getByRole("button", { name: "Salva la risposta" }).click();
    await expect(item.getByTestId("question-saved")).toBeVisible();
    await shot(page, "questions-promoter-1366");

    // Publishing asks first; cancelling publishes nothing.
    await item.getByRole("button", { name: /^Pubblica il quesito ricevuto/ }).click();
    const dialog = page.getByRole("dialog", { name: "Pubblicare la risposta?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Annulla" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("questions-waiting")).toContainText(token);
    await item.getByRole("button", { name: /^Pubblica il quesito ricevuto/ }).click();
    await dialog.getByRole("button", { name: "Pubblica" }).click();
    const published = page.getByTestId("questions-published").getByTestId("question-item").filter({ hasText: token });
    await expect(published).toContainText(/FAQ n\. \d+/);
    await expect(published).toContainText(answer);
    await signOut(page);

    // A visitor reads it, dated, and nothing in the HTML names the asker.
    const visitor = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await visitor.goto(url);
    const entry = visitor.getByTestId("faq-entry").filter({ hasText: publicQuestion });
    await expect(entry).toContainText(answer);
    await expect(entry).toContainText(/Pubblicata (il |l')\d/);
    await expect(visitor.getByTestId("faq-ask")).toContainText("Accedi per porre un quesito");
    const html = await (await visitor.request.get(url)).text();
    const rendered = await visitor.content();
    for (const text of [html, rendered]) {
      expect(text).toContain(publicQuestion.slice(0, 40));
      for (const secret of [SOFTWARE.legalName, ASKER.name, ASKER.email, original.slice(0, 30), "asked_by", "askedBy"]) {
        expect(text, `the public call page must not contain ${secret}`).not.toContain(secret);
      }
    }
    // The RSC payload a client navigation fetches says no more.
    const rsc = await (await visitor.request.get(url, { headers: { RSC: "1" } })).text();
    for (const secret of [SOFTWARE.legalName, ASKER.name, ASKER.email]) expect(rsc).not.toContain(secret);
    await shot(visitor, "call-faq-visitor-1366");
    await visitor.close();
  });

  test("after the deadline the page says so instead of offering the form", async ({ page }) => {
    await signInSession(page, DEMO_SIGN_INS.softwareFirmAdmin);
    await callUrl(page, REVIEW_CALL_TITLE);
    await expect(page.getByTestId("faq-closed")).toContainText("Il termine per i quesiti è scaduto");
    await expect(page.getByTestId("ask-question-form")).toHaveCount(0);
  });

  test("the questions page is not found for anyone but the call's promoters", async ({ page }) => {
    await page.goto("/");
    const url = await callUrl(page, OPEN_CALL_TITLE);
    const callId = url.split("/").pop();
    await signInSession(page, DEMO_SIGN_INS.softwareFirmAdmin);
    const response = await page.goto(`/calls/${callId}/questions`);
    expect(response?.status()).toBe(404);
    await signOut(page);
    await signInSession(page, DEMO_SIGN_INS.promoterPlainMember);
    expect((await page.goto(`/calls/${callId}/questions`))?.status()).toBe(404);
  });
});

test.describe("at 390×844, in English", () => {
  test("the FAQ and the promoter's page fit a phone", async ({ browser }) => {
    const context = await englishContext(browser, { width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
    await page.getByRole("link", { name: OPEN_CALL_TITLE }).first().click();
    await expect(page.getByRole("heading", { name: OPEN_CALL_TITLE, level: 1 })).toBeVisible();
    const url = new URL(page.url()).pathname;
    const faq = page.getByTestId("call-faq");
    await expect(faq.getByRole("heading", { name: "Clarifications (FAQ)" })).toBeVisible();
    await expect(faq.getByTestId("faq-entry").first()).toContainText(/Published on \d/);
    await expect(faq.getByTestId("faq-ask")).toContainText("Sign in to ask a question");
    await noSidewaysScroll(page);
    await shot(page, "call-faq-visitor-390-en");

    await signInSession(page, DEMO_SIGN_INS.leadFirmMember);
    await page.goto(url);
    await expect(page.getByTestId("faq-deadline")).toContainText(/Questions can be asked until \d.*\(Rome time\)/);
    await expect(page.getByTestId("ask-question-form").getByLabel("Your question")).toBeVisible();
    await noSidewaysScroll(page);
    await shot(page, "call-faq-member-390-en");
    await signOut(page);

    await signInSession(page, DEMO_SIGN_INS.promoter);
    await page.goto(url);
    await page.getByTestId("call-faq").getByRole("link", { name: "Answer questions" }).click();
    await expect(page.getByRole("heading", { name: "Questions about the call", level: 1 })).toBeVisible();
    await expect(page.getByTestId("questions-waiting").getByTestId("question-item").first()).toBeVisible();
    await expect(page.getByTestId("questions-published").getByTestId("question-item").first()).toContainText(/FAQ no\. \d/);
    await noSidewaysScroll(page);
    await shot(page, "questions-promoter-390-en");
    await page.goto("/desk");
    await expect(page.getByTestId("desk-questions")).toContainText("Questions to answer");
    await shot(page, "desk-390-en");
    await context.close();
  });
});
