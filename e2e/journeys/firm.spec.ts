import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../../db/seed/calls";
import { DEMO_SIGN_INS } from "../../db/seed/data";
import { checkPageAtBothWidths as checkPage, followNav, signInFromHome, signInToDesk, viewports } from "./checks";

/**
 * Journey (issue 9): a firm goes from the home page to submitting a proposal: it finds the open
 * call, drafts a proposal, fills it, invites its partners (the university and a second firm,
 * the call asking at least three with a university or research centre), the invited partners
 * accept from their desks and upload the letter of intent the call requires of each, and the
 * firm submits after confirming. Every page reached by links
 * and checked (axe, width, boundaries) at a desktop's width and a phone's: the steps run once,
 * at the desktop's, and each page is checked again in the same state at the phone's.
 */
const ELETTRONICA = "maria.giachino@elettronicacanavesana.demo";
const LEAD = "Elettronica Canavesana S.r.l.";
const LOGISTICA = "giorgio.bertot@logisticaaltocanavese.demo";
const UNIVERSITY = "Università (demo) — Dipartimento di Informatica";
const LOGISTICA_NAME = "Logistica Alto Canavese S.n.c.";
/** The open call's required attachments (db/seed/attachments.ts): one per proposal, one per partner. */
const ANNEX = "Allegato tecnico";
const LETTER = "Lettera di intenti";

const SAMPLE_PDF = path.join(process.cwd(), "test/fixtures/files/sample.pdf");

/**
 * Uploads a PDF to one of the call's required attachments in the workspace: the proposal's
 * (the lead's) or a partner's own, and waits until the page offers to replace it.
 */
async function upload(page: Page, requirement: string, organisation?: string) {
  const label = organisation ? `File di ${organisation} per «${requirement}»` : `File per «${requirement}»`;
  const button = organisation ? `Carica «${requirement}» di ${organisation}` : `Carica «${requirement}»`;
  await page.getByLabel(label).setInputFiles(SAMPLE_PDF);
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByRole("button", { name: button.replace(/^Carica/, "Sostituisci"), exact: true })).toBeVisible();
}

/**
 * An invited partner signs in, accepts the invitation from the desk, then goes through the
 * list of its partnerships to the proposal and uploads its letter of intent.
 */
async function acceptFromDesk(page: Page, email: string, organisation: string, title: string) {
  await signInToDesk(page, email, checkPage);
  const invitation = page.getByTestId("desk-partner-invitation").filter({ hasText: title });
  await expect(invitation).toContainText(`${LEAD} invita ${organisation}`);
  await invitation.getByRole("button", { name: `Accetta l'invito a «${title}»` }).click();
  await expect(invitation).toHaveCount(0);
  await checkPage(page, `accepted by ${email}`);
  await page.getByRole("main").getByRole("link", { name: "Tutti gli inviti e le richieste di partenariato" }).click();
  const row = page.getByTestId("my-partnership-row").filter({ hasText: title });
  await expect(row).toHaveAttribute("data-status", "accepted");
  await checkPage(page);
  await row.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await checkPage(page, `partner ${email}`);
  await upload(page, LETTER, organisation);
}

/** From the desk to the proposal's workspace. */
async function openWorkspace(page: Page, title: string) {
  const draft = page.getByTestId("desk-draft").filter({ hasText: title });
  await draft.getByRole("link", { name: `Continua «${title}»` }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

const vp = viewports[0];
test.describe(`a firm at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("finds the open call from the home page, drafts, invites, and submits once its partners accept from the desk", async ({ page }) => {
    test.setTimeout(300_000);
    const title = `Magazzino digitale dei componenti ${vp.name} ${Date.now()}`;

    // Home page → the open call → a new proposal.
    await signInFromHome(page, ELETTRONICA, undefined, checkPage);
    await followNav(page, "Home");
    const card = page.getByTestId("home-open-calls").getByTestId("public-call").filter({ hasText: OPEN_CALL_TITLE });
    await card.getByRole("link", { name: OPEN_CALL_TITLE }).click();
    await expect(page.getByRole("heading", { level: 1, name: OPEN_CALL_TITLE })).toBeVisible();
    await checkPage(page, "signed in");
    await page.getByRole("link", { name: "Proponi un progetto" }).click();
    await checkPage(page);
    await page.getByLabel("Titolo").fill(title);
    await page.getByRole("button", { name: "Crea la bozza" }).click();
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await checkPage(page);

    // The description.
    await page.getByLabel("Sintesi").fill("Un magazzino digitale comune dei componenti elettronici del distretto.");
    await page.getByLabel("Il problema condiviso del distretto").fill("Le piccole imprese non sanno quali componenti hanno le altre e comprano in doppio.");
    await page.getByLabel("Tipo di soluzione ICT").selectOption("logistics");
    await page.getByLabel("Obiettivi").fill("Condividere le scorte di cinque imprese entro un anno.");
    await page.getByRole("button", { name: "Aggiungi un indicatore" }).click();
    await page.getByLabel("Indicatore", { exact: true }).fill("Imprese collegate");
    await page.getByLabel("Valore di partenza").fill("0");
    await page.getByLabel("Obiettivo", { exact: true }).fill("5");
    await page.getByLabel("Unità").fill("imprese");
    await page.getByRole("button", { name: "Aggiungi una tappa" }).click();
    await page.getByLabel("Tappa", { exact: true }).fill("Prime scorte condivise");
    await page.getByLabel("Mese dall'avvio").fill("6");
    await page.getByLabel("Durata (mesi)").fill("12");
    await page.locator("#sectors").getByText("Industria", { exact: true }).click();

    // The lead's budget: 100,000 of cost, 30% co-financed; the request is computed.
    const part = page.getByTestId("budget-part").filter({ hasText: `Budget di ${LEAD}` });
    await part.getByRole("button", { name: "Aggiungi una voce" }).click();
    await part.getByLabel("Categoria").selectOption("software");
    await part.getByLabel("Descrizione").fill("Piattaforma del magazzino comune");
    await part.getByLabel("Importo (euro)").fill("100.000");
    await part.getByLabel(/^Cofinanziamento di/).fill("30.000");
    await expect(page.getByTestId("live-requested")).toHaveText("70.000,00 €");
    await expect(page.getByTestId("save-state")).toHaveText("Modifiche non salvate");
    await checkPage(page, "filled");
    // One save for the whole proposal.
    await page.getByRole("button", { name: "Salva la proposta" }).click();
    await expect(page.getByTestId("save-state")).toHaveText(/^Salvato alle \d{2}:\d{2}$/);
    await expect(page.getByTestId("budget-summary")).toContainText("Costo totale 100.000,00 €");

    // Two partners invited: the university and a second firm.
    for (const [label, role] of [
      [`${UNIVERSITY} (Università)`, "Ricerca sui dati delle scorte"],
      [`${LOGISTICA_NAME} (Impresa)`, "Trasporti tra i magazzini"],
    ]) {
      await page.getByLabel("Organizzazione da invitare").selectOption({ label });
      await page.getByLabel("Ruolo nel progetto").fill(role);
      await page.getByRole("button", { name: "Invia l'invito" }).click();
      await expect(page.getByTestId("partner-row").filter({ hasText: label.replace(/ \(.*\)$/, "") })).toHaveAttribute("data-status", "invited");
    }
    await checkPage(page, "invited");
    // The proposal's own attachment, which the lead provides.
    await upload(page, ANNEX);

    // The partners accept from their desks.
    await acceptFromDesk(page, DEMO_SIGN_INS.university, UNIVERSITY, title);
    await acceptFromDesk(page, LOGISTICA, LOGISTICA_NAME, title);

    // Back to the firm: from the desk to the draft, and submit after confirming.
    await signInToDesk(page, ELETTRONICA, checkPage);
    await openWorkspace(page, title);
    await expect(page.getByText("La proposta rispetta tutte le regole del bando.")).toBeVisible();
    await page.getByRole("button", { name: "Presenta la proposta" }).click();
    const dialog = page.getByRole("dialog", { name: "Presentare la proposta?" });
    await expect(dialog).toContainText("non si può più modificare");
    await checkPage(page, "confirm submission");
    await dialog.getByRole("button", { name: "Sì, presenta la proposta" }).click();
    await expect(page.getByTestId("proposal-status")).toHaveText("Presentata");
    await expect(page.getByRole("status")).toHaveText(/^Proposta presentata il .+\. Riferimento: CAN-\d{4}-\d{4}\.$/);
    await checkPage(page, "submitted");
  });
});
