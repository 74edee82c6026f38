import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS, demoOrganisation } from "../db/seed/data";
import { signInSession, signOut } from "./helpers";
import { checkPageAtBothWidths } from "./journeys/checks";

/**
 * The protocol of understanding (issue 14, items 1–2). The seed's members all adhered to
 * version 2, so the promoter first publishes an amendment (version 3) through the manage page;
 * then the Comune di Ivrea's admin adheres after confirming, and a visitor sees it among the
 * adherents with the text whose SHA-256 the page shows; the coalition page lists the calls per
 * priority theme.
 */

const SLUG = DEMO_COALITION.slug;
const IVREA = demoOrganisation("ivrea");
const SHOTS = process.env.PROTOCOL_SHOTS;

/** Screenshots of the page at both widths, when PROTOCOL_SHOTS names a folder. */
async function shots(page: Page, name: string) {
  if (!SHOTS) return;
  const size = page.viewportSize()!;
  await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}

test.use({ viewport: { width: 1366, height: 900 } });

test("the promoter publishes an amendment; a member's representative adheres; the public page shows it", async ({ page }) => {
  test.setTimeout(240_000);
  const note = `Aggiunto il tema dell'energia [${Date.now()}]`;

  // The promoter writes version 3 from the manage page; a missing amendment note is summarised and focused.
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${SLUG}/manage`);
  await page.getByTestId("manage-protocol-link").getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Protocollo d'intesa: bozza", level: 1 })).toBeVisible();
  await expect(page.getByTestId("protocol-draft-heading")).toHaveText("Nuova bozza: versione 3");
  await expect(page.getByLabel("Tema 6: nome")).toHaveValue("Turismo e agroalimentare digitali");
  await checkPageAtBothWidths(page);
  await shots(page, "manage-protocol");
  await page.getByTestId("protocol-save").click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toContainText("Nota di modifica");
  await expect(summary).toBeFocused();
  await checkPageAtBothWidths(page, "error");
  await page.getByLabel("Nota di modifica").fill(note);
  await page.getByRole("button", { name: "Aggiungi un tema" }).click();
  await page.getByLabel("Tema 7: nome").fill("Energia e sostenibilità digitale");
  await page.getByTestId("protocol-save").click();
  await expect(page.getByTestId("success-message")).toHaveText("Bozza salvata.");
  await expect(page.getByTestId("protocol-draft-heading")).toHaveText("Bozza della versione 3");
  await expect(page.getByTestId("protocol-preview")).toContainText("energia-e-sostenibilita-digitale");
  await checkPageAtBothWidths(page, "saved");
  await page.getByRole("button", { name: "Pubblica la versione 3" }).click();
  const dialog = page.getByRole("dialog", { name: "Pubblicare la versione 3?" });
  await expect(dialog).toBeVisible();
  await checkPageAtBothWidths(page, "publish-dialog");
  await dialog.getByRole("button", { name: "Sì, pubblica" }).click();
  await expect(page).toHaveURL(new RegExp(`/coalitions/${SLUG}/protocol\\?done=published`));
  await expect(page.getByTestId("success-message")).toContainText("Versione pubblicata");
  await expect(page.getByTestId("protocol-version-meta")).toContainText("Versione 3, pubblicata il");
  await expect(page.getByTestId("protocol-amendment")).toHaveText(note);
  await expect(page.getByTestId("protocol-adherents")).toContainText("Nessuna adesione alla versione 3");
  await expect(page.getByTestId("protocol-missing")).toContainText(IVREA.legalName);
  await signOut(page);

  // The Comune di Ivrea's admin finds it on the desk, and adheres after confirming.
  await signInSession(page, IVREA.people[0].email);
  await page.goto("/desk");
  const item = page.getByTestId("desk-protocol").filter({ hasText: IVREA.legalName });
  await expect(item).toContainText("versione 3");
  await item.getByRole("link", { name: "Leggi e aderisci" }).click();
  await expect(page).toHaveURL(new RegExp(`/coalitions/${SLUG}/protocol$`));
  const box = page.getByTestId("protocol-adhesion");
  await box.getByRole("button", { name: `Aderisci per ${IVREA.legalName}` }).click();
  const confirm = page.getByRole("dialog", { name: "Aderire al protocollo d'intesa?" });
  await expect(confirm).toContainText("versione 3");
  await checkPageAtBothWidths(page, "adhere-dialog");
  await confirm.getByRole("button", { name: "Sì, aderisci" }).click();
  await expect(page.getByTestId("success-message")).toHaveText("Adesione registrata.");
  await expect(page.getByTestId("protocol-adhered")).toContainText(`${IVREA.legalName} ha aderito alla versione 3 il`);
  await checkPageAtBothWidths(page, "adhered");
  await signOut(page);

  // A visitor: Ivrea among the adherents, no longer among those missing; the text's SHA-256 is the one shown.
  await page.goto(`/coalitions/${SLUG}/protocol`);
  await expect(page.getByRole("heading", { name: "Protocollo d'intesa", level: 1 })).toBeVisible();
  await expect(page.getByTestId("protocol-adherents")).toContainText(IVREA.legalName);
  await expect(page.getByTestId("protocol-adherents")).toContainText("Un'adesione alla versione 3");
  await expect(page.getByTestId("protocol-missing")).not.toContainText(IVREA.legalName);
  await expect(page.getByTestId("protocol-adhesion")).toHaveCount(0);
  const hash = (await page.getByTestId("protocol-hash").textContent())!.trim();
  const text = await (await page.request.get(`/coalitions/${SLUG}/protocol/3/text`)).body();
  expect(createHash("sha256").update(text).digest("hex")).toBe(hash);
  await checkPageAtBothWidths(page, "visitor");
  await shots(page, "protocol");

  // Version 2 stays in the history with its adherents, marked as no longer in force.
  await page.getByTestId("protocol-history").getByRole("link", { name: "Versione 2" }).click();
  await expect(page.getByRole("heading", { name: "Protocollo d'intesa, versione 2", level: 1 })).toBeVisible();
  await expect(page.getByTestId("protocol-superseded")).toContainText("la versione in vigore è la 3");
  await expect(page.getByTestId("protocol-adherents")).toContainText(IVREA.legalName);
  await checkPageAtBothWidths(page);
  await shots(page, "protocol-version");

  // The coalition page: the protocol in force, and the calls per priority theme.
  await page.goto(`/coalitions/${SLUG}`);
  await expect(page.getByTestId("coalition-protocol")).toContainText("In vigore la versione 3");
  const erp = page.getByTestId("coalition-theme").filter({ has: page.getByRole("heading", { name: "Piattaforme gestionali condivise (ERP)" }) });
  await expect(erp.getByRole("link", { name: OPEN_CALL_TITLE })).toBeVisible();
  await checkPageAtBothWidths(page);
  await shots(page, "coalition");
  await page.getByTestId("coalition-protocol-link").click();
  await expect(page).toHaveURL(new RegExp(`/coalitions/${SLUG}/protocol$`));
});

test("in English", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto(`/coalitions/${SLUG}/protocol/1`);
  await expect(page.getByRole("heading", { name: "Protocol of understanding, version 1", level: 1 })).toBeVisible();
  await expect(page.getByTestId("protocol-version-meta")).toContainText("Version 1, published on 15 November 2024");
  await expect(page.getByRole("heading", { name: "Priority themes" })).toBeVisible();
});
