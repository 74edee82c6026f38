import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { VOTING_CALL_TITLE } from "../db/seed/voting-data";
import { signInSession } from "./helpers";
import { checkPageAtBothWidths as checkPage, viewports } from "./journeys/checks";

/**
 * Promoters' messages (issue 12, item 4). The demo promoter writes to every member of the
 * coalition from its manage page (the form checks first, then asks to confirm) and a member
 * finds it among their notifications; on the count page of the call voting now the promoter
 * reminds the organisations that have not voted, once a day, and the Comune di Ivrea (which
 * no spec votes for) is told.
 */
const SLUG = DEMO_COALITION.slug;
const IVREA = "laura.actis@comune-ivrea.demo";

/** With PROMOTER_SHOTS=<folder>: a full-page screenshot to look at. */
async function shot(page: Page, name: string) {
  if (process.env.PROMOTER_SHOTS) await page.screenshot({ path: `${process.env.PROMOTER_SHOTS}/${name}.png`, fullPage: true });
}

async function signInAs(page: Page, email: string) {
  await page.context().clearCookies();
  await signInSession(page, email);
}

async function votingCallId(page: Page): Promise<string> {
  await page.goto(`/coalitions/${SLUG}`);
  const href = await page.getByTestId("call-item").filter({ hasText: VOTING_CALL_TITLE }).getByRole("link", { name: VOTING_CALL_TITLE }).getAttribute("href");
  return href!.split("/").pop()!;
}

const vp = viewports[0];
test.describe(`promoters' messages at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("the promoter writes to all members after confirming, and a member reads it among their notifications", async ({ page }) => {
    const subject = `Assemblea del patto (${vp.name} ${Date.now()})`;
    await signInAs(page, DEMO_SIGN_INS.promoter);
    await page.goto(`/coalitions/${SLUG}/manage`);
    const section = page.getByTestId("coalition-message");
    await expect(section.getByRole("heading", { level: 2, name: "Messaggio a tutti i membri" })).toBeVisible();

    // Empty: both problems at the top, which takes the focus; nothing is sent.
    await section.getByRole("button", { name: "Invia a tutti i membri" }).click();
    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText(["Oggetto: Scrivi l'oggetto.", "Messaggio: Scrivi il messaggio."]);
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await checkPage(page, "errors");
    await shot(page, `manage-errors-${vp.name}`);

    await section.getByRole("textbox", { name: "Oggetto" }).fill(subject);
    await section.getByRole("textbox", { name: "Messaggio" }).fill("Ci vediamo giovedì alle 17 in Comune a Ivrea.\nOrdine del giorno: il nuovo bando.");
    await section.getByRole("button", { name: "Invia a tutti i membri" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Inviare il messaggio a tutti i membri?" })).toBeVisible();
    await expect(dialog).toContainText(`«${subject}»`);
    // Cancel first: nothing happens, the form keeps the text.
    await dialog.getByRole("button", { name: "Annulla" }).click();
    await expect(dialog).toBeHidden();
    await expect(section.getByRole("textbox", { name: "Oggetto" })).toHaveValue(subject);
    await section.getByRole("button", { name: "Invia a tutti i membri" }).click();
    await checkPage(page, "dialog");
    await dialog.getByRole("button", { name: "Sì, invialo" }).click();
    await expect(page).toHaveURL(new RegExp(`/coalitions/${SLUG}/manage\\?done=message`));
    await expect(page.getByTestId("message-done")).toHaveText("Il messaggio è stato inviato ai membri della coalizione.");
    await expect(section.getByRole("textbox", { name: "Oggetto" })).toHaveValue("");
    await checkPage(page, "sent");
    await shot(page, `manage-sent-${vp.name}`);

    // A member of the coalition finds it, with the coalition's name, and it leads to the coalition.
    await signInAs(page, DEMO_SIGN_INS.leadFirmAdmin);
    await page.goto("/notifications");
    const item = page.getByTestId("notification").filter({ hasText: subject });
    await expect(item.getByTestId("notification-open")).toHaveText(`${DEMO_COALITION.name}: ${subject}`);
    await expect(item).toContainText("Ordine del giorno: il nuovo bando.");
    await checkPage(page);
    await shot(page, `notifications-${vp.name}`);
    await item.getByTestId("notification-open").click();
    await expect(page).toHaveURL(new RegExp(`/coalitions/${SLUG}$`));

    // Someone outside the coalition was not told.
    await signInAs(page, DEMO_SIGN_INS.outsideFirm);
    await page.goto("/notifications");
    await expect(page.getByTestId("notification").filter({ hasText: subject })).toHaveCount(0);
  });

  test("the promoter reminds the organisations that have not voted, once a day; a late one is told", async ({ page }) => {
    const id = await votingCallId(page);
    await signInAs(page, DEMO_SIGN_INS.promoter);
    await page.goto(`/calls/${id}/count`);
    const reminder = page.getByTestId("vote-reminder");
    const button = reminder.getByRole("button", { name: /^Invia un promemoria (all'organizzazione che non ha votato|alle \d+ organizzazioni che non hanno votato)$/ });
    await expect(button).toBeVisible();
    // A run sends it; a later run (or a spec that sent one today) finds it sent today.
    if (await button.isEnabled()) {
      await checkPage(page, "before");
      await shot(page, `count-before-${vp.name}`);
      await button.click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByRole("heading", { name: "Inviare il promemoria?" })).toBeVisible();
      await expect(dialog).toContainText("non hanno votato");
      await dialog.getByRole("button", { name: "Sì, invia il promemoria" }).click();
      await expect(page).toHaveURL(new RegExp(`/calls/${id}/count\\?done=reminder`));
      await expect(page.getByTestId("reminder-done")).toHaveText("Il promemoria è stato inviato.");
    }
    // Sent today: the button is off, and says why and when the next can go; a refresh keeps it.
    await page.goto(`/calls/${id}/count`);
    await expect(button).toBeDisabled();
    await expect(reminder.getByTestId("reminder-blocked")).toHaveText(/^Oggi alle \d{2}:\d{2} è stato inviato un promemoria a \d+ organizzazion[ei]\. Il prossimo si potrà inviare da domani, .+, alle 00:00\.$/);
    await checkPage(page, "sent");
    await shot(page, `count-sent-${vp.name}`);

    // The Comune di Ivrea has not voted: its representative is reminded, about its own organisation.
    await signInAs(page, IVREA);
    await page.goto("/notifications");
    const item = page.getByTestId("notification").filter({ hasText: `Promemoria: votate «${VOTING_CALL_TITLE}»` });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText("Il promotore ricorda che Comune di Ivrea non ha ancora votato.");
    await item.getByTestId("notification-open").click();
    await expect(page).toHaveURL(new RegExp(`/calls/${id}/vote$`));
  });
});
