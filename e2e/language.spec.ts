import { expect, test } from "@playwright/test";

test("a visitor switches to English, the choice sticks, and switches back", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByRole("heading", { name: "Come funziona" })).toBeVisible();

  await page.getByTestId("locale-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "How it works" })).toBeVisible();

  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Full name")).toBeVisible();

  await page.getByTestId("locale-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByRole("heading", { name: "Registrati" })).toBeVisible();
});

test("the pages work with the keyboard alone: skip link and form submission", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Vai al contenuto principale" })).toBeFocused();
  await page.getByLabel("E-mail").focus();
  await page.keyboard.type("nobody@example.org");
  await page.keyboard.press("Tab");
  await page.keyboard.type("wrong-password-123");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("form-error")).toBeVisible();
});
