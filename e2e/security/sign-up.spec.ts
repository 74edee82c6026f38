import { expect, test } from "@playwright/test";
import { DEMO_SIGN_INS } from "../../db/seed/data";
import { signIn, uniqueEmail } from "../helpers";
import { anonymousRequest, callAction, expectOk } from "./helpers";

/** Issue 8, item 3: sign-up must not tell anyone which e-mails are registered. */

test("the sign-up action answers alike for a registered and a new e-mail", async () => {
  const visitor = await anonymousRequest();
  const taken = await callAction(visitor, {
    action: "signUpAction",
    args: [{ name: "Chi Prova", email: DEMO_SIGN_INS.university.toUpperCase(), password: "Tentativo-2026-xyz" }],
    page: "/sign-up",
  });
  const fresh = await callAction(visitor, {
    action: "signUpAction",
    args: [{ name: "Chi Prova", email: uniqueEmail("fresh"), password: "Tentativo-2026-xyz" }],
    page: "/sign-up",
  });
  expect(expectOk(taken, "sign-up with a registered e-mail")).toEqual(expectOk(fresh, "sign-up with a new e-mail"));
  expect(taken.status).toBe(fresh.status);
  await visitor.dispose();
});

test("the form then says neither 'taken' nor 'new', and the owner's password still works", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Nome e cognome").fill("Chi Prova");
  await page.getByLabel("E-mail").fill(DEMO_SIGN_INS.university);
  await page.getByLabel("Password").fill("Tentativo-2026-xyz");
  await page.getByRole("button", { name: "Crea account" }).click();
  const done = page.getByTestId("sign-up-done");
  await expect(done).toContainText("Se questo indirizzo non era ancora registrato");
  await expect(page.getByText(/esiste già|already exists/i)).toHaveCount(0);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  // The real owner is untouched.
  await signIn(page, DEMO_SIGN_INS.university);
});
