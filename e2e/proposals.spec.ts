import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { ANNEX, LETTER, uploadAttachment } from "./attachments";
import { openWorkspace, signIn, signInSession, signOut } from "./helpers";

const OPEN_CALL = "Piattaforme digitali condivise per il distretto";
const ELETTRONICA = "maria.giachino@elettronicacanavesana.demo";
const LOGISTICA = "giorgio.bertot@logisticaaltocanavese.demo";
const UNIVERSITY = "Università (demo) — Dipartimento di Informatica";

async function openCall(page: Page) {
  await page.goto("/coalitions/canavese");
  await page.getByRole("link", { name: OPEN_CALL }).first().click();
  await expect(page.getByRole("heading", { name: OPEN_CALL, level: 1 })).toBeVisible();
}

test("a firm drafts a proposal with partners and a budget, fails the rules, fixes them and submits", async ({ page }) => {
  // Four people sign in and out along the way: longer than the default minute on a shared machine.
  test.setTimeout(180_000);
  const title = `Tracciabilità dei componenti ${Date.now()}`;

  await signIn(page, ELETTRONICA);
  await openCall(page);
  const callId = page.url().split("/").pop()!;
  await page.getByRole("link", { name: "Proponi un progetto" }).click();
  await page.getByLabel("Titolo").fill(title);
  await page.getByRole("button", { name: "Crea la bozza" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const workspace = page.url();

  // The description, looking for a university.
  await page.getByLabel("Sintesi").fill("Una piattaforma comune per tracciare i componenti lungo la filiera.");
  await page.getByLabel("Il problema condiviso del distretto").fill("Nessuna piccola impresa può permettersi da sola un sistema di tracciabilità.");
  await page.getByLabel("Tipo di soluzione ICT").selectOption("traceability");
  await page.getByLabel("Obiettivi").fill("Tracciare i lotti di cinque imprese entro diciotto mesi.");
  await page.getByRole("button", { name: "Aggiungi un indicatore" }).click();
  await page.getByLabel("Indicatore", { exact: true }).fill("Imprese collegate");
  await page.getByLabel("Valore di partenza").fill("0");
  await page.getByLabel("Obiettivo", { exact: true }).fill("5");
  await page.getByLabel("Unità").fill("imprese");
  await page.getByRole("button", { name: "Aggiungi una tappa" }).click();
  await page.getByLabel("Tappa", { exact: true }).fill("Prima impresa collegata");
  await page.getByLabel("Mese dall'avvio").fill("6");
  await page.getByLabel("Durata (mesi)").fill("18");
  await page.locator("#sectors").getByText("Industria", { exact: true }).click();
  await page.locator("#lookingForKinds").getByText("Università", { exact: true }).click();
  // One save for the whole page; the bar says whether anything is unsaved.
  await expect(page.getByTestId("save-state")).toHaveText("Modifiche non salvate");
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByTestId("save-state")).toHaveText(/^Salvato alle \d{2}:\d{2}$/);

  // Submitting now lists what is missing.
  await page.getByRole("button", { name: "Presenta la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, presenta la proposta" }).click();
  const problems = page.getByTestId("eligibility-problems");
  await expect(problems).toContainText("Servono almeno 3 partner che abbiano accettato (ora 1).");
  await expect(problems).toContainText("Il budget non ha voci.");
  await expect(problems.getByRole("link", { name: "Il budget non ha voci." })).toHaveAttribute("href", "#budget");

  // Invite a firm, which accepts: searched among the coalition's members (a GET form; the page lists the matches only).
  await page.getByLabel("Cerca un membro della coalizione da invitare").fill("logistica alto");
  await page.getByRole("search", { name: "Invita un partner" }).getByRole("button", { name: "Cerca" }).click();
  await expect(page).toHaveURL(/[?&]partner=logistica\+alto#partners$/);
  await expect(page.getByTestId("invitable-status")).toHaveText("1 membro trovato.");
  await expect(page.getByLabel("Organizzazione da invitare").locator("option")).toHaveText(["Scegli un membro della coalizione", "Logistica Alto Canavese S.n.c. (Impresa)"]);
  await page.getByLabel("Organizzazione da invitare").selectOption({ label: "Logistica Alto Canavese S.n.c. (Impresa)" });
  await page.getByLabel("Ruolo nel progetto").fill("Trasporti e magazzino");
  await page.getByRole("button", { name: "Invia l'invito" }).click();
  await expect(page.getByTestId("partner-row").filter({ hasText: "Logistica Alto Canavese" })).toHaveAttribute("data-status", "invited");
  await signOut(page);

  await signInSession(page, LOGISTICA);
  await page.goto("/partnerships");
  await page.getByRole("button", { name: `Accetta l'invito a «${title}»` }).click();
  await expect(page.getByRole("button", { name: `Accetta l'invito a «${title}»` })).toHaveCount(0);
  // The call requires a letter of intent from each partner: it uploads its own.
  await page.goto(workspace);
  await uploadAttachment(page, LETTER, "Logistica Alto Canavese S.n.c.");
  await signOut(page);

  // The university finds the card and asks to join.
  await signInSession(page, DEMO_SIGN_INS.university);
  await page.goto(`/calls/${callId}/partners`);
  const card = page.getByTestId("partner-search-card").filter({ hasText: title });
  await expect(card).not.toContainText("70.000");
  await card.getByLabel("Messaggio al capofila").fill("Il nostro laboratorio lavora sulla tracciabilità.");
  await card.getByLabel("Contributo offerto").fill("Due ricercatori per diciotto mesi");
  await card.getByRole("button", { name: "Chiedi di partecipare" }).click();
  await expect(card.getByTestId("my-partner-status")).toHaveText(`${UNIVERSITY}: richiesta in attesa`);
  await signOut(page);

  // The lead accepts it and fills the budget.
  await signInSession(page, ELETTRONICA);
  await openWorkspace(page, workspace);
  await page.getByRole("button", { name: `Accetta la richiesta di ${UNIVERSITY}` }).click();
  await expect(page.getByTestId("partner-row").filter({ hasText: UNIVERSITY })).toHaveAttribute("data-status", "accepted");

  const part = page.getByTestId("budget-part").filter({ hasText: "Budget di Elettronica Canavesana S.r.l." });
  await part.getByRole("button", { name: "Aggiungi una voce" }).click();
  await part.getByLabel("Categoria").selectOption("software");
  await part.getByLabel("Descrizione").fill("Piattaforma di tracciabilità");
  await part.getByLabel("Importo (euro)").fill("100.000");
  await part.getByLabel(/^Cofinanziamento di/).fill("20.000");
  await expect(page.getByTestId("live-total")).toHaveText("100.000,00 €");
  await expect(page.getByTestId("live-totals")).toContainText("sotto il minimo del 30,00");
  // The requested contribution is computed: total cost − co-financing.
  await expect(page.getByTestId("live-requested")).toHaveText("80.000,00 €");
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByTestId("budget-summary")).toContainText("Costo totale 100.000,00 €");

  await page.getByRole("button", { name: "Presenta la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, presenta la proposta" }).click();
  await expect(problems).toContainText("Il cofinanziamento è sotto la quota minima del bando.");
  await expect(problems).toContainText(`Manca l'allegato «${ANNEX}».`);
  await expect(problems).toContainText(`Manca l'allegato «${LETTER}» di ${UNIVERSITY}.`);

  // The lead uploads the technical annex; the university, once accepted, its letter.
  await uploadAttachment(page, ANNEX);
  await signOut(page);
  await signInSession(page, DEMO_SIGN_INS.university);
  await page.goto(workspace);
  await uploadAttachment(page, LETTER, UNIVERSITY);
  await signOut(page);
  await signInSession(page, ELETTRONICA);
  await openWorkspace(page, workspace);

  // Fix: 30% co-financed, the call covers the rest.
  const fixed = page.getByTestId("budget-part").filter({ hasText: "Budget di Elettronica Canavesana S.r.l." });
  await fixed.getByLabel(/^Cofinanziamento di/).fill("30.000");
  await expect(page.getByTestId("live-requested")).toHaveText("70.000,00 €");
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByText("La proposta rispetta tutte le regole del bando.")).toBeVisible();
  await page.getByRole("button", { name: "Presenta la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, presenta la proposta" }).click();
  await expect(page.getByTestId("proposal-status")).toHaveText("Presentata");
  await expect(page.getByTestId("proposal-reference")).toHaveText(/^CAN-\d{4}-\d{4}$/);
  // The page says what happened, with the reference and the time; a frozen proposal has no save bar.
  await expect(page.getByRole("status")).toHaveText(/^Proposta presentata (il |l')\S.+\. Riferimento: CAN-\d{4}-\d{4}\.$/);
  await expect(page.getByTestId("save-bar")).toHaveCount(0);

  // Anyone sees the public page, without budget lines.
  await page.getByRole("link", { name: "Pagina pubblica della proposta" }).click();
  await expect(page.getByTestId("public-partners")).toContainText(UNIVERSITY);
  await expect(page.getByTestId("public-totals")).toContainText("100.000,00 €");
  await expect(page.getByText("Piattaforma di tracciabilità")).toHaveCount(0);
});

test("another member cannot open a draft by its address", async ({ page }) => {
  await signIn(page, ELETTRONICA);
  await openCall(page);
  await page.getByRole("link", { name: "Proponi un progetto" }).click();
  await page.getByLabel("Titolo").fill(`Bozza riservata ${Date.now()}`);
  await page.getByRole("button", { name: "Crea la bozza" }).click();
  await expect(page).toHaveURL(/\/edit$/);
  const draft = page.url();
  await signOut(page);

  await signIn(page, DEMO_SIGN_INS.leadFirmAdmin);
  for (const url of [draft, draft.replace(/\/edit$/, "")]) {
    await page.goto(url);
    await expect(page.getByRole("heading", { name: "Pagina non trovata" })).toBeVisible();
  }
});

test("one save: the lead changes the title, a budget line and the co-financing, sees the computed request, and finds it all after a reload; unsaved work warns", async ({ page }) => {
  const title = `Un solo salvataggio ${Date.now()}`;
  await signIn(page, ELETTRONICA);
  await openCall(page);
  await page.getByRole("link", { name: "Proponi un progetto" }).click();
  await page.getByLabel("Titolo").fill(title);
  await page.getByRole("button", { name: "Crea la bozza" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  // No budget yet: no shares, nothing to ask for.
  await expect(page.getByTestId("budget-summary")).toHaveText("Il budget non ha ancora voci.");
  await expect(page.getByTestId("live-totals")).not.toContainText("%");
  await expect(page.getByTestId("live-requested")).toHaveText("0,00 €");
  await expect(page.getByTestId("save-state")).toHaveText("Nessuna modifica da salvare");

  const renamed = `${title} (rivista)`;
  await page.getByLabel("Titolo").fill(renamed);
  // Enter in a field does not save.
  await page.getByLabel("Titolo").press("Enter");
  await expect(page.getByTestId("save-state")).toHaveText("Modifiche non salvate");
  const part = page.getByTestId("budget-part").filter({ hasText: "Budget di Elettronica Canavesana S.r.l." });
  await part.getByRole("button", { name: "Aggiungi una voce" }).click();
  await part.getByLabel("Descrizione").fill("Sensori di linea");
  await part.getByLabel("Importo (euro)").fill("40.000");
  await part.getByLabel(/^Cofinanziamento di/).fill("12.000");
  // The request is computed as typed: 40.000 − 12.000; each share is labelled as a share of the total cost.
  await expect(page.getByTestId("live-requested")).toHaveText("28.000,00 €");
  await expect(page.getByTestId("live-totals")).toContainText(/28\.000,00\s€ · 70,00\s?% del costo totale/);
  await expect(page.getByTestId("live-cofinancing")).toContainText(/12\.000,00\s€ · 30,00\s?% del costo totale/);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  // One click saves it all.
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  await expect(page.getByTestId("save-state")).toHaveText(/^Salvato alle \d{2}:\d{2}$/);
  await expect(page.getByRole("heading", { name: renamed, level: 1 })).toBeVisible();
  await expect(page.getByTestId("budget-summary")).toContainText(/Costo totale 40\.000,00\s€: contributo richiesto 28\.000,00\s€ \(70,00\s?% del costo totale\)/);

  await page.reload();
  await expect(page.getByLabel("Titolo")).toHaveValue(renamed);
  await expect(part.getByLabel("Descrizione")).toHaveValue("Sensori di linea");
  await expect(part.getByLabel("Importo (euro)")).toHaveValue("40.000");
  await expect(part.getByLabel(/^Cofinanziamento di/)).toHaveValue("12.000");
  await expect(page.getByTestId("live-requested")).toHaveText("28.000,00 €");
  await expect(page.getByTestId("budget-table")).toContainText("Sensori di linea");
  await expect(page.getByTestId("save-state")).toHaveText("Nessuna modifica da salvare");

  // A change not saved: leaving asks first.
  await page.getByLabel("Sintesi").fill("Una modifica non salvata");
  await expect(page.getByTestId("save-state")).toHaveText("Modifiche non salvate");
  let warned = "";
  page.once("dialog", async (dialog) => {
    warned = dialog.type();
    await dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => warned).toBe("beforeunload");
});

test("a failed save lists every problem at the top, with links, and takes the focus there", async ({ page }) => {
  await signIn(page, ELETTRONICA);
  await openCall(page);
  await page.getByRole("link", { name: "Proponi un progetto" }).click();
  await page.getByLabel("Titolo").fill(`Errori ${Date.now()}`);
  await page.getByRole("button", { name: "Crea la bozza" }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByLabel("Titolo").fill("");
  await page.getByLabel("Durata (mesi)").fill("diciotto");
  const part = page.getByTestId("budget-part").filter({ hasText: "Budget di Elettronica Canavesana S.r.l." });
  await part.getByRole("button", { name: "Aggiungi una voce" }).click();
  await part.getByLabel("Importo (euro)").fill("dieci");
  await page.getByRole("button", { name: "Salva la proposta" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary.getByRole("link")).toHaveCount(4);
  await expect(summary).toContainText("Budget di Elettronica Canavesana S.r.l. — voce 1: Importo (euro)");
  await expect(page.locator(".proposal-form-errors")).toBeFocused();
  await summary.getByRole("link", { name: /Durata/ }).click();
  await expect(page.getByLabel("Durata (mesi)")).toBeFocused();
});

test("the promoter marks proposals admissible or not in the review phase and downloads the CSV", async ({ page }) => {
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto("/coalitions/canavese");
  await page.getByRole("link", { name: "Vetrine online per le botteghe" }).first().click();
  await page.getByRole("link", { name: "Revisione delle proposte" }).click();

  const rows = page.getByTestId("review-row");
  await expect(rows).toHaveCount(2);
  const vetrina = rows.filter({ hasText: "Vetrina comune delle botteghe di Ivrea" });
  const reference = (await vetrina.locator("td, th").first().textContent())!.trim().match(/CAN-\d{4}-\d{4}/)![0];

  await vetrina.getByRole("button", { name: `Ammissibile ${reference}`, exact: true }).click();
  await expect(page.getByTestId("review-row").filter({ hasText: "Vetrina comune" })).toContainText("Ammissibile");

  const booking = page.getByTestId("review-row").filter({ hasText: "Prenotazioni online" });
  const bookingRef = (await booking.locator("td, th").first().textContent())!.trim().match(/CAN-\d{4}-\d{4}/)![0];
  await booking.getByRole("button", { name: `Non ammissibile ${bookingRef}` }).click();
  await expect(booking.getByRole("alert")).toContainText("obbligatorio");
  await booking.getByLabel(`Motivazione della non ammissibilità di ${bookingRef}`).fill("Il capofila non ha allegato il piano dei costi.");
  await booking.getByRole("button", { name: `Non ammissibile ${bookingRef}` }).click();
  // The status cell, not the row: the row's own button is labelled "Non ammissibile" too.
  await expect(page.getByTestId("review-row").filter({ hasText: "Prenotazioni online" }).getByTestId("review-status")).toContainText(
    "Il capofila non ha allegato il piano dei costi.",
  );

  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("download-csv").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^proposte-.*\.csv$/);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...lines] = text.slice(1).trim().split(/\r\n/);
  expect(header.split(";").length).toBeGreaterThan(5);
  expect(lines).toHaveLength(2);
  expect(lines.join("\n")).toContain("150000,00");
  expect(lines.join("\n")).toContain("Il capofila non ha allegato il piano dei costi.");
});
