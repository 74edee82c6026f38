import { expect, test, type Page } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { CLOSED_NAME } from "../db/seed/incentives";
import { formatCents } from "../lib/money";
import { signInSession } from "./helpers";
import { checkPage, checkPageAtBothWidths, followNav, signInToDesk, viewports } from "./journeys/checks";
import { readDb } from "./security/helpers";

/**
 * Funding desk (issue 11, items 5–7): a firm declares de minimis aid it received elsewhere,
 * creates an application to the de minimis voucher, is warned by the headroom shown before
 * submission and refused with the figures when it tries to submit anyway, lowers the amount,
 * submits with the protocol number and time, records the review and the grant with CUP and
 * COR, and finds the totals on /funding in Italian format. At the end it cancels the declared
 * row, so the spec can run again on the same database (its own grant stays in the ledger:
 * headroom is read, never assumed). The steps run once at a desktop's width; each page is checked
 * in the same state at a phone's width too.
 */
const FIRM = DEMO_SIGN_INS.softwareFirmAdmin;
const FIRM_NAME = "Software Eporedia S.r.l.";
/** db/seed/incentives.ts VOUCHER_NAME (that module reaches the municipalities' JSON, which Playwright cannot load). */
const VOUCHER_NAME = "Voucher digitali – consulenza per la trasformazione digitale";

/** Calendar dates in Rome, "YYYY-MM-DD", `days` from today. */
function romeDay(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The Italian text of an amount typed in a form: 12345600 cents → "123.456". */
const typed = (cents: number) => new Intl.NumberFormat("it-IT", { maximumFractionDigits: 2, useGrouping: "always" }).format(cents / 100);

/** With FUNDING_SHOTS=<folder>: full-page screenshots at the journey's main steps, to look at. */
async function shot(page: Page, name: string, vp: string) {
  if (process.env.FUNDING_SHOTS) await page.screenshot({ path: `${process.env.FUNDING_SHOTS}/${vp}-${name}.png`, fullPage: true });
}

async function centsOf(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-cents"));
}

const vp = viewports[0];
test.describe(`funding at ${vp.width}×${vp.height}, its pages checked at ${viewports[1].width}×${viewports[1].height} too`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });

  test("a firm applies to the de minimis voucher, is refused over the ceiling, lowers the amount, submits and records the grant", async ({ page }) => {
    test.setTimeout(180_000);
    await signInToDesk(page, FIRM, checkPageAtBothWidths);
    await followNav(page, "Finanziamenti");
    await expect(page.getByRole("heading", { level: 1, name: "Finanziamenti" })).toBeVisible();
    await expect(page.getByTestId("funding-organisation")).toHaveText(FIRM_NAME);
    await checkPageAtBothWidths(page);
    const before = { requested: await centsOf(page, "total-requested"), granted: await centsOf(page, "total-granted"), paid: await centsOf(page, "total-paid") };

    // The ledger: declare aid so that exactly €20,000 is left today.
    await page.getByTestId("ledger-link").click();
    await expect(page.getByRole("heading", { level: 1, name: "Registro de minimis" })).toBeVisible();
    await checkPageAtBothWidths(page);
    const headroom = await centsOf(page, "headroom-today");
    // (A run stopped half-way may have left exactly €20,000: then there is nothing to declare.)
    expect(headroom).toBeGreaterThanOrEqual(2_000_000);
    const declared = headroom - 2_000_000;
    const authority = `Camera di commercio (e2e ${vp.name} ${Date.now()})`;
    if (declared > 0) {
      await page.getByLabel("Data della concessione").fill(romeDay(-400));
      await page.getByLabel("Ente concedente").fill(authority);
      await page.getByLabel("Importo (€)").fill(typed(declared));
      await page.getByLabel("COR (facoltativo)").fill("7654321");
      await page.getByTestId("declare-aid").click();
      await expect(page.getByTestId("aid-declared")).toBeVisible();
      await expect(page.getByTestId("headroom-today")).toContainText("20.000,00 €");
      await expect(page.getByTestId("ledger-row").filter({ hasText: authority })).toContainText(formatCents(declared, "it"));
    }
    await checkPageAtBothWidths(page, "declared");
    await shot(page, "ledger", vp.name);

    // The voucher, from the public catalogue, to a new application.
    await page.goto("/incentives");
    await page.getByRole("link", { name: VOUCHER_NAME }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: VOUCHER_NAME })).toBeVisible();
    const programmeId = new URL(page.url()).pathname.split("/").pop()!;
    await page.goto(`/funding/applications/new?programme=${programmeId}`);
    await expect(page.getByRole("heading", { level: 1, name: "Nuova domanda di agevolazione" })).toBeVisible();
    const title = `Consulenza per il gestionale (${vp.name} ${Date.now()})`;
    await page.getByLabel("Titolo della domanda").fill(title);
    await page.getByLabel("Spesa ammissibile (€)").fill("60.000");
    await page.getByLabel("Agevolazione richiesta (€)").fill("40.000");
    await expect(page.getByTestId("intensity-implied")).toContainText("66,67%");
    await expect(page.getByTestId("intensity-implied")).toContainText("supera il massimo di 50%");
    await checkPageAtBothWidths(page, "intensity too high");
    await shot(page, "new", vp.name);
    await page.getByLabel("Agevolazione richiesta (€)").fill("30.000");
    await expect(page.getByTestId("intensity-implied")).toHaveText("Intensità richiesta: 50%");
    await page.getByTestId("create-application").click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "planned");
    await checkPageAtBothWidths(page);

    // Warned before submission: €30,000 requested, €20,000 left.
    const box = page.getByTestId("de-minimis-headroom");
    await expect(box).toHaveAttribute("data-fits", "false");
    await expect(box).toContainText("supera di 10.000,00 €");
    await page.getByTestId("move-preparing").click();
    await page.getByTestId("move-submit").click();
    await expect(page.getByTestId("move-done")).toBeVisible();
    await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "preparing");

    // Trying to submit anyway: refused with the figures.
    await page.getByTestId("move-submitted").click();
    await page.getByLabel("Numero di protocollo").fill("PROT-2026-0042");
    await page.getByLabel("Data e ora di presentazione (ora di Roma)").fill(`${romeDay(-1)}T10:30`);
    await page.getByTestId("move-submit").click();
    await page.getByRole("dialog").getByRole("button", { name: "Sì, registra la presentazione" }).click();
    await expect(page.getByTestId("move-refused")).toContainText("30.000,00 €");
    await expect(page.getByTestId("move-refused")).toContainText("20.000,00 €");
    await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "preparing");
    await checkPageAtBothWidths(page, "refused");
    await shot(page, "refused", vp.name);

    // Lowers the amount, then submits.
    await page.getByLabel("Agevolazione richiesta (€)").fill("15.000");
    await page.getByTestId("amounts-save").click();
    await expect(page.getByTestId("amounts-saved")).toBeVisible();
    await expect(box).toHaveAttribute("data-fits", "true");
    await page.getByTestId("move-submitted").click();
    await page.getByLabel("Numero di protocollo").fill("PROT-2026-0042");
    await page.getByLabel("Data e ora di presentazione (ora di Roma)").fill(`${romeDay(-1)}T10:30`);
    await page.getByTestId("move-submit").click();
    await page.getByRole("dialog").getByRole("button", { name: "Sì, registra la presentazione" }).click();
    await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "submitted");
    await expect(page.getByTestId("detail-protocol")).toHaveText("PROT-2026-0042");

    await page.getByTestId("move-under_review").click();
    await page.getByTestId("move-submit").click();
    await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "under_review");

    // The grant, with CUP and COR: a lowercase CUP is taken in capitals, an amount above the request refused.
    await page.getByTestId("move-granted").click();
    await page.getByLabel("Data della concessione").fill(romeDay(0));
    await page.getByLabel("Importo concesso (€)").fill("15.000,01");
    await page.getByRole("textbox", { name: /^CUP\b/ }).fill("j11b26000120007");
    await page.getByRole("textbox", { name: /^COR\b/ }).fill("1234567");
    await page.getByLabel("Fine del progetto").fill(romeDay(300));
    await page.getByLabel("Rendicontazione finale entro").fill(romeDay(360));
    await page.getByTestId("move-submit").click();
    await page.getByRole("dialog").getByRole("button", { name: "Sì, registra la concessione" }).click();
    await expect(page.getByTestId("move-grantedCents-error")).toBeVisible();
    await checkPageAtBothWidths(page, "grant refused");
    await page.getByLabel("Importo concesso (€)").fill("15.000");
    await page.getByTestId("move-submit").click();
    await page.getByRole("dialog").getByRole("button", { name: "Sì, registra la concessione" }).click();
    await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "granted");
    await expect(page.getByTestId("detail-cup")).toHaveText("J11B26000120007");
    await expect(page.getByTestId("detail-cor")).toHaveText("1234567");
    await expect(page.getByTestId("detail-granted")).toHaveText("15.000,00 €");
    // The timeline: every change, who, when.
    await expect(page.getByTestId("timeline-entry")).toHaveCount(6);
    await expect(page.getByTestId("application-timeline")).toContainText("Andrea Rosboch");
    await checkPageAtBothWidths(page, "granted");
    await shot(page, "granted", vp.name);

    // A first payment: never more than what is left of the grant.
    await page.getByLabel("Importo ricevuto (€)").fill("15.000,01");
    await page.getByLabel("Ricevuto il").fill(romeDay(0));
    await page.getByTestId("disbursement-submit").click();
    await expect(page.getByRole("main").getByRole("alert").first()).toBeVisible();
    await page.getByLabel("Importo ricevuto (€)").fill("5.000");
    await page.getByTestId("disbursement-submit").click();
    await expect(page.getByTestId("disbursement-recorded")).toBeVisible();
    await expect(page.getByTestId("detail-paid")).toHaveText("5.000,00 €");

    // The desk: the application and the totals in Italian format.
    await page.getByRole("link", { name: "Torna ai finanziamenti" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Finanziamenti" })).toBeVisible();
    const row = page.getByTestId("funding-application").filter({ hasText: title });
    await expect(row.getByTestId("application-status")).toHaveAttribute("data-status", "granted");
    await expect(row).toContainText("15.000,00 €");
    await expect(row).toContainText("5.000,00 €");
    await expect(page.getByTestId("total-requested")).toHaveText(formatCents(before.requested + 1_500_000, "it"));
    await expect(page.getByTestId("total-granted")).toHaveText(formatCents(before.granted + 1_500_000, "it"));
    await expect(page.getByTestId("total-paid")).toHaveText(formatCents(before.paid + 500_000, "it"));
    await expect(page.getByTestId("total-granted")).toHaveText(/^\d{1,3}(\.\d{3})*,\d{2}[\s\u00a0]€$/);
    await checkPageAtBothWidths(page, "after grant");
    await shot(page, "desk", vp.name);

    // The ledger now holds the grant; the declared row is cancelled with a reason.
    await page.getByTestId("ledger-link").click();
    await expect(page.getByTestId("ledger-row").filter({ hasText: "Tavolo" }).first()).toBeVisible();
    await expect(page.getByTestId("headroom-today")).toContainText("5.000,00 €");
    if (declared > 0) {
      const declaredRow = page.getByTestId("ledger-row").filter({ hasText: authority });
      await declaredRow.getByLabel("Motivo dell'annullamento").fill("Inserito per prova");
      await declaredRow.getByRole("button", { name: "Annulla" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Sì, annulla la riga" }).click();
      await expect(declaredRow).toContainText("Annullato: Inserito per prova");
      await expect(page.getByTestId("headroom-today")).toHaveAttribute("data-cents", String(headroom - 1_500_000));
    }
    await expect(page.getByTestId("ledger-csv")).toHaveAttribute("href", /\/de-minimis\.csv$/);
  });
});

test("an application to a closed programme says why it cannot be submitted; the ledger's table downloads as a PDF", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  const [programme] = await readDb((query) => query<{ id: string }>("select id from incentive_programmes where name = $1 and coalition_id is null", [CLOSED_NAME]));
  await signInSession(page, FIRM);
  await page.goto(`/funding/applications/new?programme=${programme.id}`);
  const title = `Domanda fuori tempo (${Date.now()})`;
  await page.getByLabel("Titolo della domanda").fill(title);
  await page.getByTestId("create-application").click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  // Planned, then being prepared: the submission is not offered, and the page says why, with the date.
  const why = page.getByTestId("submit-unavailable");
  await expect(why).toHaveText("La misura ha chiuso il 30 giugno 2026 alle 12:00: la domanda non si può più presentare.");
  await page.getByTestId("move-preparing").click();
  await page.getByTestId("move-submit").click();
  await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "preparing");
  await expect(why).toBeVisible();
  await expect(page.getByTestId("move-submitted")).toHaveCount(0);
  await expect(page.getByTestId("move-withdrawn")).toBeVisible();
  await checkPage(page, "closed programme");

  // Withdrawn, so the desk is as it was.
  await page.getByTestId("move-withdrawn").click();
  await page.getByTestId("move-submit").click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, ritira" }).click();
  await expect(page.getByTestId("application-status").first()).toHaveAttribute("data-status", "withdrawn");

  // The ledger: the PDF beside the CSV, in the page's language.
  await page.goto("/funding");
  await page.getByTestId("ledger-link").click();
  const pdf = page.getByTestId("ledger-pdf");
  await expect(pdf).toHaveText("Scarica la tabella per la dichiarazione (PDF)");
  const href = await pdf.getAttribute("href");
  expect(href).toMatch(/^\/api\/organisations\/[0-9a-f-]{36}\/de-minimis\.pdf\?lang=it$/);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="aiuti-de-minimis-\d{11}-\d{4}-\d{2}-\d{2}\.pdf"/);
  expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await checkPage(page, "ledger links");
});
