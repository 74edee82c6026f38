import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { ACADEMY_PROPOSAL_TITLE, SECURITY_PROPOSAL_TITLE } from "../db/seed/grants-data";
import { formatCents } from "../lib/money";
import { signInSession } from "./helpers";
import { checkPage, signOutQuietly } from "./journeys/checks";

/**
 * The journey of issue 11's pact grants. The past call's results, published by the seed
 * through the results' own transaction, made a grant for each partner of the funded proposals.
 * The Unione industriali (a partner of the academy, concession recorded) files an expense report
 * with two invoices; the promoter accepts one, cuts the other with a reason, completes the review
 * and pays the interim tranche the accepted expenses earned; the partner's desk and the
 * promoter's totals show the new figures in Italian format ("1.234,56 €"). Figures are read
 * before and compared after, so the spec can run again on the same database.
 *
 * Publication itself is not done here: the only call waiting for it belongs to e2e/voting.spec.ts.
 * People sign in through the session endpoints: the form is the journeys' subject, not this one's.
 */
const SLUG = DEMO_COALITION.slug;
const PARTNER_ADMIN = "elena.peila@industriali-canavese.demo";
const PARTNER_NAME = "Associazione industriali del Canavese (demo)";
const INVOICE = path.join(process.cwd(), "test/fixtures/files/sample.pdf");
const ITALIAN_EURO = /^\d{1,3}(\.\d{3})*,\d{2}[\s\u00a0]€$/;

/** 6.100,00 € accepted in full, 1.830,00 € cut to 1.000,00 €: the interim tranche is 7.100,00 € (granted = eligible cost). */
const ACCEPTED_LINE = { supplier: "Aula Digitale S.r.l.", amount: "6.100,00", cents: 6_100_00 };
const CUT_LINE = { supplier: "Catering Canavese S.n.c.", amount: "1.830,00", cents: 1_830_00, accepted: "1.000,00", acceptedCents: 1_000_00, reason: "Spese di rappresentanza ammesse solo fino a 1.000 € (art. 7 del bando)." };
const TRANCHE_CENTS = ACCEPTED_LINE.cents + CUT_LINE.acceptedCents;

/** Calendar dates in Rome, "YYYY-MM-DD", `days` from today. */
function romeDay(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}

async function centsOf(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-cents"));
}

/** The cents of a text such as "7.100,00 €". */
const cents = (text: string | null) => Math.round(Number((text ?? "").replace(/[^\d,]/g, "").replace(",", ".")) * 100);

async function addExpense(page: Page, line: { supplier: string; amount: string }, number: string) {
  const form = page.getByTestId("add-line-form");
  await form.getByLabel("Voce di budget").selectOption({ index: 1 });
  await form.getByLabel("Fornitore").fill(line.supplier);
  await form.getByLabel("Numero della fattura").fill(number);
  await form.getByLabel("Data della fattura").fill(romeDay(-7));
  await form.getByLabel("Importo (€)").fill(line.amount);
  await form.getByLabel("File della fattura").setInputFiles(INVOICE);
  await form.getByTestId("add-line").click();
  await expect(page.getByTestId("expense-line").filter({ hasText: number })).toBeVisible();
}

test("results → a grant per partner; the partner reports with invoices; the promoter cuts a line and pays the tranche; desk and totals agree", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 900 });

  // The promoter: one grant per partner of each funded proposal; the totals before.
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${SLUG}/funding?programme=pact`);
  const rows = page.getByTestId("coalition-funding-row");
  await expect(rows.filter({ hasText: ACADEMY_PROPOSAL_TITLE })).toHaveCount(3);
  await expect(rows.filter({ hasText: SECURITY_PROPOSAL_TITLE })).toHaveCount(2);
  const promoterPaidBefore = await centsOf(page, "coalition-total-paid");
  await signOutQuietly(page);

  // The partner opens its grant from its desk and files SAL n. N with two invoices.
  await signInSession(page, PARTNER_ADMIN);
  await page.goto("/funding");
  await expect(page.getByTestId("funding-organisation")).toHaveText(PARTNER_NAME);
  const deskPaidBefore = await centsOf(page, "total-paid");
  const grantRow = page.getByTestId("funding-grant").filter({ hasText: ACADEMY_PROPOSAL_TITLE });
  const grantPaidBefore = cents(await grantRow.getByTestId("grant-paid").textContent());
  await grantRow.getByRole("link", { name: ACADEMY_PROPOSAL_TITLE }).click();
  await expect(page).toHaveURL(/\/grants\/[0-9a-f-]{36}$/);
  const grantUrl = new URL(page.url()).pathname;
  await checkPage(page, "partner");
  await page.getByTestId("grant-reports-link").click();
  await expect(page).toHaveURL(`${grantUrl}/reports`);
  await page.getByTestId("new-report").click();
  await expect(page).toHaveURL(new RegExp(`${grantUrl}/reports/\\d+$`));
  const reportUrl = new URL(page.url()).pathname;
  const stamp = Date.now().toString(36).toUpperCase();
  await addExpense(page, ACCEPTED_LINE, `FT-${stamp}-1`);
  await addExpense(page, CUT_LINE, `FT-${stamp}-2`);
  await expect(page.getByTestId("total-claimed")).toHaveText(formatCents(ACCEPTED_LINE.cents + CUT_LINE.cents, "it"));
  await checkPage(page, "draft");
  await page.getByRole("button", { name: "Presenta il rendiconto" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Presenta il rendiconto" }).click();
  await expect(page.getByTestId("report-flash")).toHaveText("Rendiconto presentato.");
  await signOutQuietly(page);

  // The promoter accepts one line, cuts the other with a reason, completes the review.
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(reportUrl);
  const accepted = page.getByTestId("expense-line").filter({ hasText: `FT-${stamp}-1` });
  await accepted.getByTestId("accept-line").click();
  await expect(accepted.getByTestId("line-review-status")).toHaveAttribute("data-review", "accepted");
  const cut = page.getByTestId("expense-line").filter({ hasText: `FT-${stamp}-2` });
  await cut.getByTestId("open-cut").click();
  await cut.getByLabel("Importo riconosciuto (€)").fill(CUT_LINE.accepted);
  await cut.getByLabel("Motivo").fill(CUT_LINE.reason);
  await cut.getByTestId("cut-line").click();
  await expect(cut.getByTestId("line-review-status")).toHaveAttribute("data-review", "cut");
  await expect(cut.getByTestId("line-cut-reason")).toHaveText(CUT_LINE.reason);
  await expect(page.getByTestId("total-accepted")).toHaveText(formatCents(TRANCHE_CENTS, "it"));
  await checkPage(page, "review");
  await page.getByRole("button", { name: "Concludi l'esame" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Concludi l'esame" }).click();
  await expect(page.getByTestId("report-flash")).toHaveText("Esame concluso.");

  // … and pays the interim tranche those expenses earned.
  await page.goto(grantUrl);
  const interim = page.getByTestId("tranche-interim");
  await expect(interim).toContainText(formatCents(TRANCHE_CENTS, "it"));
  await interim.getByLabel("Importo").fill("7.100,00");
  await interim.getByTestId("tranche-interim-submit").click();
  await expect(page.getByTestId("tranche-paid")).toBeVisible();
  await expect(page.getByTestId("figure-paid")).toHaveText(formatCents(grantPaidBefore + TRANCHE_CENTS, "it"));
  await checkPage(page, "paid");

  // The promoter's totals: paid up by the tranche, in Italian format.
  await page.goto(`/coalitions/${SLUG}/funding?programme=pact`);
  await expect(page.getByTestId("coalition-total-paid")).toHaveText(formatCents(promoterPaidBefore + TRANCHE_CENTS, "it"));
  await expect(page.getByTestId("coalition-total-paid")).toHaveText(ITALIAN_EURO);
  await signOutQuietly(page);

  // The partner's desk: the grant's paid and the totals.
  await signInSession(page, PARTNER_ADMIN);
  await page.goto("/funding");
  await expect(grantRow.getByTestId("grant-paid")).toHaveText(formatCents(grantPaidBefore + TRANCHE_CENTS, "it"));
  await expect(page.getByTestId("total-paid")).toHaveText(formatCents(deskPaidBefore + TRANCHE_CENTS, "it"));
  await expect(page.getByTestId("total-paid")).toHaveText(ITALIAN_EURO);
  await checkPage(page, "after");
  await signOutQuietly(page);
});
