import { expect, test } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../../db/seed/calls";
import { DEMO_SIGN_INS } from "../../db/seed/data";
import { checkPageAtBothWidths as checkPage, followNav, signInFromHome, signInToDesk, viewports } from "./checks";

/**
 * Journey (issue 9): a university finds, from the home page, a project looking for a
 * university partner and asks to join; the lead finds the request on its desk. The seed's
 * one such project can take one request from the university, so each run first has a firm
 * draft its own project looking for a university (set-up, by links too). The steps run once at
 * a desktop's width; each page is checked in the same state at a phone's width too.
 */
const ELETTRONICA = "maria.giachino@elettronicacanavesana.demo";
const UNIVERSITY = "Università (demo) — Dipartimento di Informatica";

const vp = viewports[0];
test.describe(`a university at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("finds a project looking for partners from the home page and asks to join", async ({ page }) => {
    test.setTimeout(240_000);
    const stamp = String(Date.now());
    const title = `Archivio digitale condiviso ${vp.name} ${stamp}`;

    // Set-up: a firm drafts a project that looks for a university.
    await signInToDesk(page, ELETTRONICA, checkPage);
    await followNav(page, "Bandi");
    await page.getByRole("main").getByRole("link", { name: OPEN_CALL_TITLE }).first().click();
    await page.getByRole("link", { name: "Proponi un progetto" }).click();
    await page.getByLabel("Titolo").fill(title);
    await page.getByRole("button", { name: "Crea la bozza" }).click();
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await page.locator("#lookingForKinds").getByText("Università", { exact: true }).click();
    await page.getByRole("button", { name: "Salva la proposta" }).click();
    await expect(page.getByTestId("save-state")).toHaveText(/^Salvato alle/);

    // The university: home page → projects looking for partners → the project → ask.
    await signInFromHome(page, DEMO_SIGN_INS.university, undefined, checkPage);
    await followNav(page, "Home");
    await page.getByRole("main").getByRole("link", { name: "Progetti che cercano partner" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Progetti che cercano partner" })).toBeVisible();
    await checkPage(page);
    const form = page.getByRole("search", { name: "Cerca e filtra i progetti che cercano partner" });
    await form.getByLabel("Parole da cercare").fill(stamp);
    await form.getByLabel("Tipo di partner cercato").selectOption("university");
    await form.getByRole("button", { name: "Cerca" }).click();
    await expect(page.getByTestId("partners-count")).toHaveText("1 progetto cerca partner");
    const card = page.getByTestId("partner-search-card").filter({ hasText: title });
    await expect(card.getByTestId("looking-for")).toContainText("Università");
    await checkPage(page, "searched");

    const request = card.getByRole("form", { name: `Chiedi di partecipare a «${title}»` });
    await request.getByLabel("Messaggio al capofila").fill("Il nostro dipartimento cura archivi digitali da vent'anni.");
    await request.getByRole("button", { name: "Chiedi di partecipare" }).click();
    await expect(card.getByTestId("my-partner-status")).toHaveText(`${UNIVERSITY}: richiesta in attesa`);
    await checkPage(page, "asked");

    // The lead finds the request on its desk, with the buttons to answer it.
    await signInToDesk(page, ELETTRONICA, checkPage);
    const waiting = page.getByTestId("desk-join-request").filter({ hasText: title });
    await expect(waiting).toContainText(UNIVERSITY);
    await expect(waiting.getByRole("button").first()).toBeVisible();
    await checkPage(page, "join request");
  });
});
