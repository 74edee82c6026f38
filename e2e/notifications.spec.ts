import { expect, test, type Browser, type Page } from "@playwright/test";
import { mailedLink, openWorkspace, signInSession } from "./helpers";
import { checkPage, viewports, type Viewport } from "./journeys/checks";

/**
 * Issue 12, notifications in the app: a firm asks to join a draft, the lead accepts, and the
 * firm's bell in the header counts one more (on a phone too, outside the collapsed menu);
 * it leads to the list, where opening the notification marks it read and lands on the
 * proposal. The person's preferences are saved and shown back. The e-mail of that answer
 * carries an opt-out link: its page (no sign-in) stops only that kind, by its button on a
 * desktop and by the RFC 8058 one-click POST a mail client sends on a phone; a forged or
 * broken link is refused.
 */

const OPEN_CALL = "Piattaforme digitali condivise per il distretto";
const LEAD = "maria.giachino@elettronicacanavesana.demo";
/** A different firm asks at each width, so each run is a first request. */
const FIRM: Record<Viewport["name"], { email: string; org: string }> = {
  desktop: { email: "roberto.chiantaretto@meccanicadora.demo", org: "Meccanica Dora S.p.A." },
  phone: { email: "giorgio.bertot@logisticaaltocanavese.demo", org: "Logistica Alto Canavese S.n.c." },
};
const ANSWER_KIND = "Risposte alle richieste di partecipazione";

async function shot(page: Page, name: string) {
  const dir = process.env.NOTIFICATION_SHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** The bell's unread count (its data attribute; the badge shows 99+ above 99). */
async function bellCount(page: Page): Promise<number> {
  const bell = page.getByTestId("bell");
  await expect(bell).toBeVisible();
  return Number(await bell.getAttribute("data-unread"));
}

async function expectBell(page: Page, count: number) {
  const bell = page.getByTestId("bell");
  await expect(bell).toBeVisible();
  await expect(bell).toHaveAttribute("data-unread", String(count));
  if (count === 0) {
    await expect(bell).toHaveAccessibleName("Notifiche, nessuna non letta");
    await expect(page.getByTestId("bell-count")).toHaveCount(0);
  } else {
    await expect(bell).toHaveAccessibleName(count > 99 ? "Notifiche, più di 99 non lette" : `Notifiche, ${count} ${count === 1 ? "non letta" : "non lette"}`);
    await expect(page.getByTestId("bell-count")).toHaveText(count > 99 ? "99+" : String(count));
  }
}

async function person(browser: Browser, vp: Viewport, email?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
  const page = await context.newPage();
  if (email) await signInSession(page, email);
  return page;
}

for (const vp of viewports) {
  test(`a partner request accepted raises the firm's bell, which leads to the proposal; preferences and the e-mail's opt-out (${vp.name})`, async ({ browser }) => {
    // Three people in their own browsers, a draft written and answered: more than the default minute on a shared machine.
    test.setTimeout(240_000);
    const firm = FIRM[vp.name];
    const title = `Notifiche ${vp.name} ${Date.now()}`;

    // The lead drafts a proposal in the open call, looking for a firm.
    const lead = await person(browser, vp, LEAD);
    await lead.goto("/coalitions/canavese");
    await lead.getByRole("link", { name: OPEN_CALL }).first().click();
    await expect(lead.getByRole("heading", { name: OPEN_CALL, level: 1 })).toBeVisible();
    const callId = lead.url().split("/").pop()!;
    await lead.getByRole("link", { name: "Proponi un progetto" }).click();
    await lead.getByLabel("Titolo").fill(title);
    await lead.getByRole("button", { name: "Crea la bozza" }).click();
    await expect(lead.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    const workspace = lead.url();
    const proposalPath = new URL(workspace).pathname;
    await lead.locator("#lookingForKinds").getByText("Impresa", { exact: true }).click();
    await lead.getByRole("button", { name: "Salva la proposta" }).click();
    await expect(lead.getByTestId("save-state")).toHaveText(/^Salvato alle \d{2}:\d{2}$/);
    await lead.goto("/");
    const leadBefore = await bellCount(lead);

    // The firm's bell before, in sight at this width without opening the menu.
    const page = await person(browser, vp, firm.email);
    await page.goto("/");
    const before = await bellCount(page);
    await expectBell(page, before);
    await checkPage(page, "bell");

    // The firm asks to join.
    await page.goto(`/calls/${callId}/partners`);
    const card = page.getByTestId("partner-search-card").filter({ hasText: title });
    await card.getByLabel("Messaggio al capofila").fill("Possiamo occuparci della logistica dei componenti.");
    await card.getByLabel("Contributo offerto").fill("Un tecnico per dodici mesi");
    await card.getByRole("button", { name: "Chiedi di partecipare" }).click();
    await expect(card.getByTestId("my-partner-status")).toHaveText(`${firm.org}: richiesta in attesa`);

    // The lead is told (one more on its bell) and accepts from the workspace.
    await lead.goto("/");
    await expectBell(lead, leadBefore + 1);
    await openWorkspace(lead, workspace);
    await lead.getByRole("button", { name: `Accetta la richiesta di ${firm.org}` }).click();
    await expect(lead.getByTestId("partner-row").filter({ hasText: firm.org })).toHaveAttribute("data-status", "accepted");

    // The firm's bell counts one more and leads to the list.
    await page.goto("/");
    await expectBell(page, before + 1);
    await shot(page, `bell-${vp.name}`);
    // In English the bell says it in English.
    await page.getByTestId("locale-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByTestId("bell")).toHaveAccessibleName(`Notifications, ${before + 1} unread`);
    await page.getByTestId("locale-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "it");
    await page.getByTestId("bell").click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole("heading", { level: 1, name: "Notifiche" })).toBeVisible();
    const item = page.getByTestId("notification").filter({ hasText: `Partecipazione a «${title}» accolta` });
    await expect(item).toHaveAttribute("data-unread", "true");
    await expect(item.getByTestId("notification-unread")).toHaveText("Non letta");
    await expect(item).toContainText(`${firm.org} è ora partner della proposta «${title}».`);
    await expect(item.locator("time")).toHaveText(/^Ricevuta (il |l')\d/);
    // Newest first: it is the first one.
    await expect(page.getByTestId("notification").first()).toContainText(title);
    await expect(page.getByTestId("unread-summary")).toHaveText(before + 1 === 1 ? "1 notifica non letta." : `${before + 1} notifiche non lette.`);
    await checkPage(page);
    await shot(page, `notifications-${vp.name}`);

    // Opening it marks it read and lands on the proposal.
    await item.getByRole("button", { name: `Partecipazione a «${title}» accolta` }).click();
    await expect(page).toHaveURL(new RegExp(`${proposalPath}$`));
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expectBell(page, before);
    await page.goto("/notifications");
    await expect(page.getByTestId("notification").filter({ hasText: title }).first()).toHaveAttribute("data-unread", "false");

    // Preferences: reached from the list, saved, shown back.
    await page.getByTestId("preferences-link").click();
    await expect(page.getByRole("heading", { level: 1, name: "Preferenze di notifica" })).toBeVisible();
    const calls = page.getByRole("group", { name: "Nuovi bandi" });
    await expect(calls.getByRole("radio", { name: "Riepilogo giornaliero" })).toBeChecked();
    await checkPage(page);
    await calls.getByText("E-mail subito", { exact: true }).click();
    const messages = page.getByRole("group", { name: "Comunicazioni della coalizione" });
    await messages.getByText("Solo su Tavolo", { exact: true }).click();
    await page.getByRole("button", { name: "Salva le preferenze" }).click();
    await expect(page).toHaveURL(/\/account\/notifications\?done=saved$/);
    await expect(page.getByTestId("preferences-status")).toHaveText("Preferenze salvate.");
    await checkPage(page, "saved");
    await page.goto("/account/notifications");
    await expect(page.getByRole("group", { name: "Nuovi bandi" }).getByRole("radio", { name: "E-mail subito" })).toBeChecked();
    await expect(page.getByRole("group", { name: "Comunicazioni della coalizione" }).getByRole("radio", { name: "Solo su Tavolo" })).toBeChecked();
    await expect(page.getByRole("group", { name: ANSWER_KIND }).getByRole("radio", { name: "E-mail subito" })).toBeChecked();
    await shot(page, `preferences-${vp.name}`);
    // The account page links here too.
    await page.goto("/account");
    await expect(page.getByTestId("notification-preferences-link")).toHaveAttribute("href", "/account/notifications");

    // The answer was mailed (a confirmed demo address): its opt-out link works without signing in.
    const visitor = await person(browser, vp);
    const link = await mailedLink(visitor, firm.email, "/notifications/opt-out");
    await visitor.goto(link);
    await expect(visitor.getByRole("heading", { level: 1, name: "Non ricevere più queste e-mail" })).toBeVisible();
    await expect(visitor.getByTestId("opt-out-kind")).toContainText(`«${ANSWER_KIND}»`);
    await expect(visitor.getByRole("button", { name: /^(Esci|Sign out)$/ })).toHaveCount(0);
    await checkPage(visitor);
    await shot(visitor, `opt-out-${vp.name}`);
    if (vp.name === "desktop") {
      await visitor.getByTestId("opt-out-button").click();
      await expect(visitor.getByTestId("opt-out-status")).toHaveText(`Fatto: non riceverai più e-mail per «${ANSWER_KIND}». Le notifiche restano visibili su Tavolo.`);
      await expect(visitor.getByTestId("opt-out-button")).toHaveCount(0);
      await checkPage(visitor, "done");
      await shot(visitor, `opt-out-done-${vp.name}`);
    } else {
      // What a mail client does with List-Unsubscribe-Post: no session, no Origin, the token in the query.
      const token = new URL(link).searchParams.get("token")!;
      const forged = `${token.slice(0, -4)}AAAA`;
      const refused = await visitor.request.post(`/api/notifications/opt-out?token=${encodeURIComponent(forged)}`, { form: { "List-Unsubscribe": "One-Click" }, failOnStatusCode: false });
      expect(refused.status()).toBe(400);
      const noBody = await visitor.request.post(`/api/notifications/opt-out?token=${encodeURIComponent(token)}`, { failOnStatusCode: false });
      expect(noBody.status()).toBe(400);
      await page.goto("/account/notifications");
      await expect(page.getByRole("group", { name: ANSWER_KIND }).getByRole("radio", { name: "E-mail subito" })).toBeChecked();
      const done = await visitor.request.post(`/api/notifications/opt-out?token=${encodeURIComponent(token)}`, { form: { "List-Unsubscribe": "One-Click" }, failOnStatusCode: false });
      expect(done.status()).toBe(200);
      await visitor.reload();
      await expect(visitor.getByTestId("opt-out-already")).toHaveText(`Per «${ANSWER_KIND}» ricevi già le notifiche solo su Tavolo, senza e-mail.`);
      await checkPage(visitor, "already");
    }
    // Only that kind changed, for only that person.
    await page.goto("/account/notifications");
    await expect(page.getByRole("group", { name: ANSWER_KIND }).getByRole("radio", { name: "Solo su Tavolo" })).toBeChecked();
    await expect(page.getByRole("group", { name: "Nuovi bandi" }).getByRole("radio", { name: "E-mail subito" })).toBeChecked();
    await expect(page.getByRole("group", { name: "Inviti come partner" }).getByRole("radio", { name: "E-mail subito" })).toBeChecked();
    await lead.goto("/account/notifications");
    await expect(lead.getByRole("group", { name: ANSWER_KIND }).getByRole("radio", { name: "E-mail subito" })).toBeChecked();

    // A broken link says so and leads to signing in to the preferences.
    await visitor.goto("/notifications/opt-out?token=not-a-real-token");
    await expect(visitor.getByTestId("opt-out-invalid")).toContainText("non è valido o è scaduto");
    await expect(visitor.getByRole("link", { name: "Accedi e cambia le preferenze di notifica" })).toHaveAttribute("href", "/sign-in?callbackUrl=%2Faccount%2Fnotifications");
    await checkPage(visitor, "invalid");

    // Mark all as read: the bell has no count left.
    await page.goto("/notifications");
    if (before > 0) {
      await page.getByTestId("mark-all-read").click();
      await expect(page.getByTestId("notifications-status")).toHaveText("Tutte le notifiche sono state segnate come lette.");
    }
    await expect(page.getByTestId("unread-summary")).toHaveText("Nessuna notifica non letta.");
    await expectBell(page, 0);
    await checkPage(page, "all read");
    await Promise.all([lead, page, visitor].map((p) => p.context().close()));
  });
}

test("without JavaScript: opening a notification goes where it leads and marks it read; preferences save", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInSession(page, FIRM.desktop.email);
  await page.goto("/notifications");
  const first = page.getByTestId("notification").first();
  await expect(first).toBeVisible();
  await first.getByTestId("notification-open").click();
  await expect(page).not.toHaveURL(/\/notifications/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/notifications");
  await expect(page.getByTestId("notification").first()).toHaveAttribute("data-unread", "false");
  if ((await page.getByTestId("mark-all-read").count()) > 0) {
    await page.getByTestId("mark-all-read").click();
    await expect(page.getByTestId("notifications-status")).toHaveText("Tutte le notifiche sono state segnate come lette.");
  }
  await expect(page.getByTestId("unread-summary")).toHaveText("Nessuna notifica non letta.");

  await page.goto("/account/notifications");
  await page.getByRole("group", { name: "Risultati pubblicati" }).getByText("Solo su Tavolo", { exact: true }).click();
  await page.getByRole("button", { name: "Salva le preferenze" }).click();
  await expect(page).toHaveURL(/\/account\/notifications\?done=saved$/);
  await expect(page.getByTestId("preferences-status")).toHaveText("Preferenze salvate.");
  await expect(page.getByRole("group", { name: "Risultati pubblicati" }).getByRole("radio", { name: "Solo su Tavolo" })).toBeChecked();
  await context.close();
});
