import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { ANNEX, attachmentSlot, fixtureFile, LETTER, uploadAttachment } from "./attachments";
import { signInSession, signOut } from "./helpers";
import { checkPage } from "./journeys/checks";
import { BASE_URL, callAction, callFormFields, databaseUrl, expectOk, NEEDS_DATABASE, Personas, proposalVersion, seedIds, WHO } from "./security/helpers";

/**
 * Issue 10, items 2 and 5: a promoter declares the attachments a proposal needs on a draft
 * call (frozen once published, listed with the public rules); a firm uploads the required
 * annex, each partner its own letter of intent (one of them in English), the checklist turns
 * green and the firm submits; the files are frozen after.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ trace: "off" });

const personas = new Personas();
test.afterAll(() => personas.dispose());

const LEAD = WHO.caseificioAdmin;
const FONDAZIONE = "davide.martinetto@fondazione-ict.demo";
const FONDAZIONE_NAME = "Fondazione per la ricerca ICT (demo)";
const LOGISTICA = "giorgio.bertot@logisticaaltocanavese.demo";
const LOGISTICA_NAME = "Logistica Alto Canavese S.n.c.";

const SIZES = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
] as const;

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

/** Checks the page and screenshots one section at both sizes (looked at by hand; kept under the test's output). */
async function shoot(page: Page, testId: string, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await noSidewaysScroll(page);
    // Visible control boundaries, no sideways scroll, axe (serious and critical) at this size.
    await checkPage(page, `${name}-${size.width}`);
    await page.getByTestId(testId).screenshot({ path: test.info().outputPath(`${name}-${size.width}.png`) });
  }
  await page.setViewportSize(SIZES[0]);
}

/** A draft led by the dairy with the research foundation and the logistics firm, meeting every rule but the attachments. */
async function draftWithPartners(title: string): Promise<string> {
  const ids = await seedIds();
  const lead = await personas.as(LEAD);
  const { proposalId } = expectOk<{ proposalId: string }>(
    await callAction(lead, { action: "createProposal", args: [{ callId: ids.call(OPEN_CALL_TITLE), leadOrganisationId: ids.org("caseificio-valle-sacra"), title }] }),
    "the dairy drafts a proposal",
  );
  for (const [key, email, role] of [
    ["fondazione", FONDAZIONE, "Sensori e registro dei lotti"],
    ["logistica-alto-canavese", LOGISTICA, "Giri di consegna condivisi"],
  ] as const) {
    expectOk(await callAction(lead, { action: "invitePartner", args: [{ proposalId, organisationId: ids.org(key), roleDescription: role }] }), `invite ${key}`);
    expectOk(
      await callAction(await personas.as(email), { action: "respondToPartnerInvitation", args: [{ proposalId, organisationId: ids.org(key), decision: "accept" }] }),
      `${key} accepts`,
    );
  }
  const part = (key: string, amount: string, cofinancing: string) => ({
    organisationId: ids.org(key),
    lines: [{ category: "services", description: "Attività del partner", amount }],
    cofinancing,
  });
  expectOk(
    await callAction(lead, {
      action: "saveProposal",
      args: [
        {
          proposalId,
          version: await proposalVersion(proposalId),
          details: {
            title,
            summary: "Lotti di formaggio tracciati dalla stalla al cliente, con consegne condivise.",
            problem: "I piccoli produttori non sanno dimostrare la provenienza dei lotti.",
            solutionType: "traceability",
            objectives: "Una scheda di tracciabilità per ogni lotto.",
            indicators: [{ name: "Lotti tracciati", baseline: "0", target: "500", unit: "lotti" }],
            milestones: [{ title: "Prime schede", month: "6" }],
            durationMonths: "12",
            sectors: ["agrifood"],
            lookingForKinds: [],
          },
          parts: [part("caseificio-valle-sacra", "60.000", "18.000"), part("fondazione", "20.000", "6.000"), part("logistica-alto-canavese", "20.000", "6.000")],
        },
      ],
    }),
    "the dairy describes the proposal and fills every budget part in one save",
  );
  return proposalId;
}

test("a visitor reads the open call's required attachments among its rules", async ({ page }) => {
  await page.goto("/coalitions/canavese");
  await page.getByRole("link", { name: OPEN_CALL_TITLE }).first().click();
  const list = page.getByTestId("call-requirements");
  await expect(list).toContainText(`${ANNEX} (per proposta) — Formati: PDF`);
  await expect(list).toContainText(`${LETTER} (per ogni partner) — Formati: PDF, .p7m (firmato CAdES)`);
});

test("a promoter declares required attachments on a draft call; a published call's are frozen", async ({ page }) => {
  const ids = await seedIds();
  const promoter = await personas.as(WHO.promoter);
  const { callId } = expectOk<{ callId: string }>(
    await callAction(promoter, { action: "createCall", args: [{ coalitionId: ids.coalitionId, ...callFormFields(`Bando con allegati ${Date.now()}`, "Prova degli allegati richiesti.") }] }),
    "the promoter drafts a call",
  );
  await signInSession(page, WHO.promoter);
  await page.goto(`/coalitions/canavese/calls/${callId}/edit`);
  const panel = page.getByTestId("requirements-panel");
  await expect(panel.getByTestId("requirements-none")).toBeVisible();

  const form = panel.getByTestId("requirement-form");
  await form.getByLabel("Titolo").fill("Dichiarazione de minimis");
  await form.getByLabel("Descrizione (facoltativa)").fill("Autodichiarazione degli aiuti ricevuti negli ultimi tre anni.");
  // bootstrap-italia draws the box over the input: people (and the test) click the label.
  await form.locator("#requirement-types").getByText("PDF", { exact: true }).click();
  await form.locator("#requirement-types").getByText(".p7m (firmato CAdES)", { exact: true }).click();
  await form.getByText(/^Serve la firma digitale/).click();
  await expect(form.getByLabel(/^Serve la firma digitale/)).toBeChecked();
  await form.getByRole("button", { name: "Aggiungi l'allegato richiesto" }).click();
  const items = panel.getByTestId("requirement-item");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("Uno per proposta, lo carica il capofila");
  await expect(items.first()).toContainText("Formati: PDF, .p7m (firmato CAdES) · firma digitale richiesta");

  await form.getByText("Uno per ogni partner (escluso il capofila), lo carica il partner").click();
  await form.getByLabel("Titolo").fill("Visura camerale");
  await form.getByRole("button", { name: "Aggiungi l'allegato richiesto" }).click();
  await expect(items).toHaveCount(2);
  await expect(items.nth(1)).toContainText("Formati: ogni formato accettato");

  await panel.getByRole("button", { name: "Modifica «Dichiarazione de minimis»" }).click();
  await expect(form.getByLabel("Titolo")).toHaveValue("Dichiarazione de minimis");
  await form.getByLabel("Titolo").fill("Autodichiarazione de minimis");
  await form.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(items.first()).toContainText("Autodichiarazione de minimis");
  await shoot(page, "requirements-panel", "requirements-panel");

  await panel.getByRole("button", { name: "Rimuovi «Visura camerale»" }).click();
  await expect(items).toHaveCount(1);

  // The open call is published: its list is shown, without a way to change it.
  await page.goto(`/coalitions/canavese/calls/${ids.call(OPEN_CALL_TITLE)}/edit`);
  await expect(panel).toContainText("Il bando è pubblicato: gli allegati richiesti non si cambiano più.");
  await expect(panel.getByTestId("requirement-item")).toHaveCount(2);
  await expect(panel.getByRole("button")).toHaveCount(0);
  // Signing out ends the person's other sessions too: tidy up first.
  expectOk(await callAction(promoter, { action: "deleteDraftCall", args: [{ callId }] }), "the promoter deletes the draft");
  await signOut(page);
});

test("a firm uploads the required annex, each partner its letter (one in English), the checklist turns green and the firm submits", async ({ page, context }) => {
  test.setTimeout(180_000);
  const title = `Filiera corta tracciata ${Date.now()}`;
  const proposalId = await draftWithPartners(title);
  const workspace = `/proposals/${proposalId}/edit`;

  await signInSession(page, LEAD);
  await page.goto(workspace);
  const problems = page.getByTestId("eligibility-problems");
  await expect(problems).toContainText(`Manca l'allegato «${ANNEX}».`);
  await expect(problems).toContainText(`Manca l'allegato «${LETTER}» di ${FONDAZIONE_NAME}.`);
  await expect(problems).toContainText(`Manca l'allegato «${LETTER}» di ${LOGISTICA_NAME}.`);
  await expect(problems.getByRole("link", { name: `Manca l'allegato «${ANNEX}».` })).toHaveAttribute("href", "#attachments");
  const panel = page.getByTestId("attachments-panel");
  await expect(panel).toContainText("Al massimo 4 MB per file");
  await expect(panel.locator('[data-testid="attachment-slot"][data-status="missing"]')).toHaveCount(3);
  // The lead sees the partners' slots but uploads only the proposal's annex.
  await expect(attachmentSlot(page, LETTER, FONDAZIONE_NAME)).toContainText(`Lo carica ${FONDAZIONE_NAME}`);
  await expect(panel.getByLabel(`File di ${FONDAZIONE_NAME} per «${LETTER}»`)).toHaveCount(0);

  // A picture named like a PDF is refused: the type comes from the content.
  await page.getByLabel(`File per «${ANNEX}»`).setInputFiles({ name: "allegato.pdf", mimeType: "application/pdf", buffer: readFileSync(fixtureFile("sample.png")) });
  await page.getByRole("button", { name: `Carica «${ANNEX}»`, exact: true }).click();
  await expect(attachmentSlot(page, ANNEX).getByTestId("attachment-error")).toHaveText("Questo allegato accetta solo: PDF.");
  await expect(attachmentSlot(page, ANNEX)).toHaveAttribute("data-status", "missing");

  await uploadAttachment(page, ANNEX, undefined, "sample.pdf");
  const annex = attachmentSlot(page, ANNEX);
  await expect(annex).toHaveAttribute("data-status", "uploaded");
  await expect(annex.getByTestId("attachment-file")).toHaveText("sample.pdf");
  await expect(annex).toContainText("· PDF");
  await expect(annex).toContainText("Caricato da Luisa Vercellino");
  await expect(problems).not.toContainText(`Manca l'allegato «${ANNEX}».`);
  // The file downloads for the lead, as an attachment.
  const download = await page.request.get(`${BASE_URL}${await annex.getByTestId("attachment-file").getAttribute("href")}`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
  await shoot(page, "attachments-panel", "attachments-panel-lead");
  await signOut(page);

  // The foundation uploads its letter in English, in a signed envelope.
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: BASE_URL }]);
  await signInSession(page, FONDAZIONE);
  await page.goto(workspace);
  await expect(page.getByTestId("eligibility-problems")).toContainText(`The attachment “${LETTER}” of ${FONDAZIONE_NAME} is missing.`);
  await page.getByLabel(`File of ${FONDAZIONE_NAME} for “${LETTER}”`).setInputFiles(fixtureFile("sample.pdf.p7m"));
  await page.getByRole("button", { name: `Upload “${LETTER}” of ${FONDAZIONE_NAME}`, exact: true }).click();
  const letter = attachmentSlot(page, LETTER, FONDAZIONE_NAME);
  await expect(letter).toHaveAttribute("data-status", "uploaded");
  await expect(letter.getByTestId("signed-badge")).toHaveText("Signed file");
  await expect(letter).toContainText("Uploaded by Davide Martinetto on");
  await expect(page.getByTestId("eligibility-problems")).toContainText(`The attachment “${LETTER}” of ${LOGISTICA_NAME} is missing.`);
  await expect(page.getByTestId("eligibility-problems")).not.toContainText(FONDAZIONE_NAME);
  await shoot(page, "attachments-panel", "attachments-panel-partner-en");
  await signOut(page);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "it", url: BASE_URL }]);

  // The logistics firm uploads its own, then replaces it: the old version stays listed.
  await signInSession(page, LOGISTICA);
  await page.goto(workspace);
  await uploadAttachment(page, LETTER, LOGISTICA_NAME);
  await page.getByLabel(`File di ${LOGISTICA_NAME} per «${LETTER}»`).setInputFiles(fixtureFile("sample-pdfa.pdf"));
  await page.getByRole("button", { name: `Sostituisci «${LETTER}» di ${LOGISTICA_NAME}`, exact: true }).click();
  const logistics = attachmentSlot(page, LETTER, LOGISTICA_NAME);
  await expect(logistics.getByTestId("attachment-file")).toHaveText("sample-pdfa.pdf");
  await logistics.getByText("Versioni precedenti").click();
  await expect(logistics).toContainText("versione 1: sample.pdf, sostituita");
  await signOut(page);

  // The checklist is green; the firm submits; the files are frozen.
  await signInSession(page, LEAD);
  await page.goto(workspace);
  await expect(page.getByText("La proposta rispetta tutte le regole del bando.")).toBeVisible();
  await page.getByRole("button", { name: "Presenta la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, presenta la proposta" }).click();
  await expect(page.getByTestId("proposal-status")).toHaveText("Presentata");
  await expect(page.getByTestId("attachments-panel")).toContainText("Gli allegati non si cambiano più");
  await expect(page.getByTestId("attachment-form")).toHaveCount(0);
  await expect(page.getByTestId("attachments-panel").locator('[data-status="uploaded"]')).toHaveCount(3);
  await shoot(page, "attachments-panel", "attachments-panel-frozen");
});
