import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../db/seed/calls";
import { ANNEX, LETTER, uploadAttachment } from "./attachments";
import { signInSession, signOut } from "./helpers";
import { BASE_URL, callAction, databaseUrl, expectOk, NEEDS_DATABASE, Personas, proposalVersion, readDb, seedIds, WHO } from "./security/helpers";

/**
 * Issue 10, items 4 and 6: a firm submits and downloads its submission receipt and its
 * application as PDFs (text extracted and checked: reference, Rome time, hashes), which
 * `npm run receipt:verify` accepts; nobody else but partners and promoters gets them; a
 * visitor downloads the ranking PDF of the past call, cached for good.
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

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** dd/mm/yyyy hh:mm:ss in Rome, as the PDFs write it. */
function romeTime(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Rome", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** Screenshots of one section at both sizes (looked at by hand; kept under the test's output), with no sideways scroll. */
async function shoot(page: Page, testId: string, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.getByTestId(testId).screenshot({ path: test.info().outputPath(`${name}-${size.width}.png`) });
  }
  await page.setViewportSize(SIZES[0]);
}

/** A complete draft of the dairy with the research foundation and the logistics firm, everything but the attachments. */
async function draftWithPartners(title: string): Promise<string> {
  const ids = await seedIds();
  const lead = await personas.as(LEAD);
  const { proposalId } = expectOk<{ proposalId: string }>(
    await callAction(lead, { action: "createProposal", args: [{ callId: ids.call(OPEN_CALL_TITLE), leadOrganisationId: ids.org("caseificio-valle-sacra"), title }] }),
    "the dairy drafts a proposal",
  );
  for (const [key, email] of [
    ["fondazione", FONDAZIONE],
    ["logistica-alto-canavese", LOGISTICA],
  ] as const) {
    expectOk(await callAction(lead, { action: "invitePartner", args: [{ proposalId, organisationId: ids.org(key), roleDescription: "Partner tecnico" }] }), `invite ${key}`);
    expectOk(await callAction(await personas.as(email), { action: "respondToPartnerInvitation", args: [{ proposalId, organisationId: ids.org(key), decision: "accept" }] }), `${key} accepts`);
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
            summary: "Ricevute e domande in PDF: lotti tracciati dalla stalla al cliente.",
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
    "the dairy fills the proposal and every budget part",
  );
  return proposalId;
}

test("a firm submits, downloads its receipt and application PDFs (reference, Rome time, hashes), and receipt:verify accepts the receipt", async ({ page }) => {
  test.setTimeout(180_000);
  const title = `Formaggi tracciati con ricevuta ${Date.now()}`;
  const proposalId = await draftWithPartners(title);
  const workspace = `/proposals/${proposalId}/edit`;

  // Each partner uploads its letter, the lead the annex.
  for (const [email, name] of [
    [FONDAZIONE, FONDAZIONE_NAME],
    [LOGISTICA, LOGISTICA_NAME],
  ] as const) {
    await signInSession(page, email);
    await page.goto(workspace);
    await uploadAttachment(page, LETTER, name);
    await signOut(page);
  }
  await signInSession(page, LEAD);
  await page.goto(workspace);
  await uploadAttachment(page, ANNEX);
  // No documents before the submission.
  await expect(page.getByTestId("submission-documents")).toHaveCount(0);
  await page.getByRole("button", { name: "Presenta la proposta" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, presenta la proposta" }).click();
  await expect(page.getByTestId("proposal-status")).toHaveText("Presentata");
  const reference = (await page.getByTestId("proposal-reference").textContent())!.trim();
  const [row] = await readDb((q) =>
    q<{ submitted_at: Date; sha256: string; attachments: { sha256: string; fileName: string }[] }>(
      "select submitted_at, sha256, attachments from proposal_submissions where proposal_id = $1",
      [proposalId],
    ),
  );
  expect(row.attachments).toHaveLength(3);

  const section = page.getByTestId("submission-documents");
  await expect(section.getByRole("heading", { name: "Documenti della presentazione" })).toBeVisible();
  await shoot(page, "submission-documents", "submission-documents");

  // The receipt, downloaded as a person would.
  const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("link", { name: "Scarica la ricevuta (PDF)" }).click()]);
  expect(download.suggestedFilename()).toBe(`ricevuta-${reference}.pdf`);
  const receiptPath = test.info().outputPath("receipt.pdf");
  await download.saveAs(receiptPath);
  const receipt = new Uint8Array(readFileSync(receiptPath));
  const text = await pdfText(receipt);
  expect(text).toContain("Ricevuta di presentazione");
  expect(text).toContain(reference);
  expect(text).toContain(`${romeTime(new Date(row.submitted_at))} (ora di Roma)`);
  expect(text).toContain(title);
  expect(text).toContain(FONDAZIONE_NAME);
  expect(text).toContain("100.000,00 €");
  expect(text).toContain(row.sha256);
  const compact = text.replace(/\s+/g, "");
  for (const a of row.attachments) expect(compact).toContain(a.sha256);

  // The same bytes at every download; headers of a private attachment.
  const again = await page.request.get(`${BASE_URL}/api/proposals/${proposalId}/receipt.pdf?lang=it`);
  expect(again.status()).toBe(200);
  expect(sha256(await again.body())).toBe(sha256(receipt));
  expect(again.headers()["content-type"]).toBe("application/pdf");
  expect(again.headers()["content-disposition"]).toMatch(/^attachment; filename="ricevuta-/);
  expect(again.headers()["x-content-type-options"]).toBe("nosniff");
  expect(again.headers()["cache-control"]).toBe("private, no-cache");

  // The application, with the budget per partner.
  const [appDownload] = await Promise.all([page.waitForEvent("download"), section.getByRole("link", { name: "Domanda (PDF)" }).click()]);
  const appPath = test.info().outputPath("application.pdf");
  await appDownload.saveAs(appPath);
  const appText = await pdfText(new Uint8Array(readFileSync(appPath)));
  expect(appText).toContain(`Domanda di partecipazione ${reference}`);
  expect(appText).toContain("Budget per partner");
  expect(appText).toContain(`${LOGISTICA_NAME} (partner)`);
  expect(appText).toContain("Una scheda di tracciabilità per ogni lotto.");
  await signOut(page);

  // receipt:verify, as a person would run it on the saved file.
  const output = execFileSync("npx", ["tsx", "scripts/receipt-verify.ts", receiptPath], { encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl() } });
  expect(output.trim().split("\n").at(-1)).toBe("OK");

  // Partners and promoters have them; a visitor, another firm and an observer do not. Fresh
  // sessions: signing out in the browser above ended the earlier ones of these people.
  const fresh = new Personas();
  for (const [who, status] of [
    [FONDAZIONE, 200],
    [WHO.promoter, 200],
    [null, 404],
    [WHO.meccanicaAdmin, 404],
    [WHO.observer, 404],
  ] as const) {
    for (const kind of ["receipt", "application"]) {
      const response = await (await fresh.as(who)).get(`${BASE_URL}/api/proposals/${proposalId}/${kind}.pdf`);
      expect(response.status(), `${who ?? "visitor"} ${kind}`).toBe(status);
    }
  }
  await fresh.dispose();
});

test("a visitor downloads the ranking PDF of the past call from its results page, cached for good", async ({ page }) => {
  const ids = await seedIds();
  const callId = ids.call(PAST_CALL_TITLE);
  await page.goto(`/calls/${callId}/results`);
  const section = page.getByTestId("results-documents");
  await expect(section.getByRole("heading", { name: "Documenti dei risultati" })).toBeVisible();
  const fingerprint = (await page.getByTestId("fingerprint").textContent())!.trim();
  await shoot(page, "results-documents", "results-documents");

  const link = section.getByTestId("ranking-pdf-link").first();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = test.info().outputPath("ranking.pdf");
  await download.saveAs(path);
  const bytes = new Uint8Array(readFileSync(path));
  const text = await pdfText(bytes);
  expect(text).toContain("Graduatoria");
  expect(text).toContain(PAST_CALL_TITLE);
  expect(text).toMatch(/Versione \d+, pubblicata il \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \(ora di Roma\)/);
  expect(text).toContain(fingerprint);
  const [anchor] = await readDb((q) => q<{ seq: number; hash: string }>("select seq, hash from audit_anchors where entity_id = $1 and version is not null order by version desc limit 1", [callId]));
  expect(text).toContain(`voce n. ${anchor.seq}, hash ${anchor.hash}`);

  const href = (await link.getAttribute("href"))!;
  const anonymous = await personas.as(null);
  const response = await anonymous.get(`${BASE_URL}${href}`);
  expect(response.status()).toBe(200);
  expect(sha256(await response.body())).toBe(sha256(bytes));
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  const etag = response.headers()["etag"];
  expect(etag).toBe(`"${sha256(bytes)}"`);
  expect((await anonymous.get(`${BASE_URL}${href}`, { headers: { "if-none-match": etag } })).status()).toBe(304);
  // A version that does not exist, and a call without results, are not found.
  expect((await anonymous.get(`${BASE_URL}/api/calls/${callId}/ranking/99?lang=it`)).status()).toBe(404);
  expect((await anonymous.get(`${BASE_URL}/api/calls/${ids.call(OPEN_CALL_TITLE)}/ranking/1?lang=it`)).status()).toBe(404);

  const csv = await anonymous.get(`${BASE_URL}/api/calls/${callId}/results.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(await csv.text()).toContain(fingerprint);
});
