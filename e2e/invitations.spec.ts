import { expect, test } from "@playwright/test";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { signIn, signUp, uniqueEmail } from "./helpers";

test("an admin invites a colleague, who accepts and appears in the member list", async ({ page, browser }) => {
  const colleagueEmail = uniqueEmail("colleague");
  await signIn(page, DEMO_SIGN_INS.softwareFirmAdmin);
  await page.goto("/organisations");
  await page.getByRole("link", { name: "Software Eporedia S.r.l." }).click();
  await expect(page.getByRole("heading", { name: "Software Eporedia S.r.l." })).toBeVisible();
  const orgUrl = page.url();

  await page.getByLabel("E-mail del collega").fill("not-an-email");
  await page.getByRole("button", { name: "Crea invito" }).click();
  await expect(page.getByTestId("inviteEmail-error")).toHaveText("Indirizzo e-mail non valido.");

  await page.getByLabel("E-mail del collega").fill(colleagueEmail);
  await page.getByRole("button", { name: "Crea invito" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())?.trim();
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);

  const colleague = await browser.newContext();
  const other = await colleague.newPage();
  await signUp(other, "Nuovo Collega", colleagueEmail);
  await other.goto(link!);
  await other.getByRole("button", { name: "Accetta l'invito" }).click();
  await expect(other.getByRole("heading", { name: "Software Eporedia S.r.l." })).toBeVisible();

  // The link works once.
  await other.goto(link!);
  await expect(other.getByTestId("invitation-state")).toHaveText("Questo invito è già stato usato.");
  await colleague.close();

  await page.goto(orgUrl);
  await expect(page.getByTestId("people-table")).toContainText("Nuovo Collega");
  await expect(page.getByTestId("people-table").getByRole("row", { name: /Nuovo Collega/ })).toContainText("Membro");
});
