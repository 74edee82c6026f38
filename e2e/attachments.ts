import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
/** The open call's required attachments (DEMO_REQUIREMENTS in db/seed/attachments.ts). */
export const ANNEX = "Allegato tecnico";
export const LETTER = "Lettera di intenti";

export const fixtureFile = (name: string) => path.join(process.cwd(), "test/fixtures/files", name);

/** One slot of the attachments panel: the proposal's (no organisation) or a partner's. */
export function attachmentSlot(page: Page, requirement: string, organisation?: string): Locator {
  const article = page.getByTestId("attachment-requirement").filter({ has: page.getByRole("heading", { name: requirement, exact: true }) });
  return organisation ? article.locator(`[data-testid="attachment-slot"][data-organisation="${organisation}"]`) : article.getByTestId("attachment-slot");
}

/**
 * Uploads a file to a slot of the proposal workspace in Italian (the lead's annex without an
 * organisation, a partner's letter with its name) and waits until the page shows it.
 */
export async function uploadAttachment(page: Page, requirement: string, organisation?: string, file = "sample.pdf") {
  const names = organisation ? { label: `File di ${organisation} per «${requirement}»`, button: `Carica «${requirement}» di ${organisation}` } : { label: `File per «${requirement}»`, button: `Carica «${requirement}»` };
  await page.getByLabel(names.label).setInputFiles(fixtureFile(file));
  await page.getByRole("button", { name: names.button, exact: true }).click();
  await expect(page.getByRole("button", { name: names.button.replace(/^Carica/, "Sostituisci"), exact: true })).toBeVisible();
}
