import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { VOTING_CALL_TITLE } from "../db/seed/voting-data";
import { DEMO_PASSWORD } from "./helpers";

/**
 * The desk ("La mia scrivania") is where people land after signing in and where what
 * waits for them can be answered in one click. Each journey runs on a desktop and on a phone.
 */
const ELETTRONICA = "maria.giachino@elettronicacanavesana.demo";
const LOGISTICA = "giorgio.bertot@logisticaaltocanavese.demo";

const viewports = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Signs in from the sign-in page with no destination asked for: the person lands on their desk. */
async function signInToDesk(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.locator("form").getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "La mia scrivania" })).toBeVisible();
  await expect(page).toHaveURL(/\/desk$/);
}

// Clearing the cookies signs out without depending on where the header puts the button.
const signOutQuietly = (page: Page) => page.context().clearCookies();

for (const viewport of viewports) {
  test.describe(`the desk at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("a firm signs in, lands on the desk and sees its draft with the submission deadline", async ({ page }) => {
      await signInToDesk(page, DEMO_SIGN_INS.softwareFirmAdmin);
      const draft = page.getByTestId("desk-draft").filter({ hasText: "Marketplace B2B del distretto" });
      await expect(draft).toContainText(`Bando «${OPEN_CALL_TITLE}»`);
      await expect(draft.getByTestId("desk-draft-deadline")).toHaveText(/^Scadenza: .+ \(.*or[ae]\)$/);
      // The header counts what waits, with a label that says so.
      await expect(page.getByTestId("desk-badge")).toHaveAttribute("aria-label", /da fare$/);
      await draft.getByRole("link", { name: "Continua «Marketplace B2B del distretto»" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Marketplace B2B del distretto" })).toBeVisible();
    });

    test("an invited partner accepts the invitation from the desk", async ({ page }) => {
      const title = `Magazzino condiviso ${viewport.name} ${Date.now()}`;
      await signInToDesk(page, ELETTRONICA);
      await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
      await page.getByRole("link", { name: OPEN_CALL_TITLE }).first().click();
      await page.getByRole("link", { name: "Proponi un progetto" }).click();
      await page.getByLabel("Titolo").fill(title);
      await page.getByRole("button", { name: "Crea la bozza" }).click();
      await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
      await page.getByLabel("Organizzazione da invitare").selectOption({ label: "Logistica Alto Canavese S.n.c. (Impresa)" });
      await page.getByLabel("Ruolo nel progetto").fill("Trasporti e magazzino");
      await page.getByRole("button", { name: "Invia l'invito" }).click();
      await expect(page.getByTestId("partner-row").filter({ hasText: "Logistica Alto Canavese" })).toHaveAttribute("data-status", "invited");
      await signOutQuietly(page);

      await signInToDesk(page, LOGISTICA);
      const invitation = page.getByTestId("desk-partner-invitation").filter({ hasText: title });
      await expect(invitation).toContainText("Elettronica Canavesana S.r.l. invita Logistica Alto Canavese S.n.c. come partner");
      await expect(invitation).toContainText("Ruolo proposto: Trasporti e magazzino");
      await invitation.getByRole("button", { name: `Accetta l'invito a «${title}»` }).click();
      await expect(invitation).toHaveCount(0);
      // The full list of partnerships is one click away and shows it accepted.
      await page.getByRole("main").getByRole("link", { name: "Tutti gli inviti e le richieste di partenariato" }).click();
      await expect(page.getByTestId("my-partnership-row").filter({ hasText: title })).toHaveAttribute("data-status", "accepted");
    });

    test("a promoter sees, during the vote, who has not voted yet and the time left", async ({ page }) => {
      await signInToDesk(page, DEMO_SIGN_INS.promoter);
      await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
      await page.getByTestId("call-item").filter({ hasText: VOTING_CALL_TITLE }).getByRole("link", { name: VOTING_CALL_TITLE }).click();
      await page.getByRole("link", { name: "Affluenza e scrutinio" }).click();
      await expect(page.getByTestId("voting-time-left")).toHaveText(/^La votazione chiude (il |l')\d.+: mancano .+\.$/);
      const whoVoted = page.getByTestId("who-voted");
      await expect(whoVoted.getByRole("heading", { name: "Chi ha votato" })).toBeVisible();
      await expect(whoVoted.locator('[data-testid="who-voted-row"][data-voted="false"]').first()).toContainText("Non ancora");
      await expect(whoVoted).toContainText(/non (ha|hanno) ancora votato|Tutte le organizzazioni hanno votato/);
      // Whether, never how: no ballot value appears.
      await expect(whoVoted).not.toContainText("Astensione");
    });
  });
}
