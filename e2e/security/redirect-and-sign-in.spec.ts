import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_SIGN_INS } from "../../db/seed/data";
import { uniqueEmail } from "../helpers";
import { BASE_URL } from "./helpers";

/**
 * Issue 8, items 1 and 2: after a genuine sign-in nobody is sent to another site, and
 * the sign-in limit cannot be reset by sending a forged X-Forwarded-For.
 */

const SITE = new URL(BASE_URL);

// Every form a browser (or next-auth) might read as "another host".
const OPEN_REDIRECTS = [
  "//evil.example/",
  "///evil.example/",
  "/\\evil.example/",
  "\\\\evil.example/",
  "/\t/evil.example/",
  "/\n/evil.example/",
  "/.//evil.example/",
  "/x/..//evil.example/",
  "https:evil.example",
  "http:evil.example",
  "https://evil.example/",
  `http://${SITE.host}@evil.example/`,
  "//%65vil.example/",
  "javascript:alert(document.domain)",
  "data:text/html,<script>alert(1)</script>",
];

test.describe("open redirect after sign-in", () => {
  for (const callbackUrl of OPEN_REDIRECTS) {
    test(`stays on the site with callbackUrl=${JSON.stringify(callbackUrl)}`, async ({ page }) => {
      const offSite: string[] = [];
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (url.protocol.startsWith("http") && url.host !== SITE.host) offSite.push(request.url());
      });
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.getByLabel("E-mail").fill(DEMO_SIGN_INS.leadFirmAdmin);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.locator("form").getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
      // The person's home, on this site.
      await expect(page.getByRole("heading", { name: "La mia scrivania" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(SITE.origin);
      expect(offSite).toEqual([]);
    });
  }

  test("a same-site callbackUrl is honoured", async ({ page }) => {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/proposals?tab=mine")}`);
    await page.getByLabel("E-mail").fill(DEMO_SIGN_INS.leadFirmAdmin);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.locator("form").getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
    await expect(page).toHaveURL(`${SITE.origin}/proposals?tab=mine`);
  });

  test("next-auth's own redirects stay on the site too", async () => {
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    for (const callbackUrl of OPEN_REDIRECTS.filter((u) => !/[\t\n]/.test(u))) {
      const result = await credentialsPost(api, { email: DEMO_SIGN_INS.leadFirmAdmin, password: DEMO_PASSWORD, callbackUrl });
      expect(result.error, callbackUrl).toBeNull();
      expect(new URL(result.url).origin, callbackUrl).toBe(SITE.origin);
      const signOut = await api.post("/api/auth/signout", {
        form: { csrfToken: await csrfToken(api), callbackUrl, json: "true" },
        headers: { Origin: BASE_URL },
      });
      expect(new URL(((await signOut.json()) as { url: string }).url).origin, callbackUrl).toBe(SITE.origin);
    }
    await api.dispose();
  });
});

async function csrfToken(api: APIRequestContext): Promise<string> {
  return ((await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

/** The POST the sign-in form makes; next-auth answers with where it would send the browser. */
async function credentialsPost(
  api: APIRequestContext,
  body: { email: string; password: string; callbackUrl?: string },
  headers: Record<string, string> = {},
): Promise<{ url: string; error: string | null }> {
  const response = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken: await csrfToken(api), email: body.email, password: body.password, callbackUrl: body.callbackUrl ?? `${BASE_URL}/`, json: "true" },
    headers: { Origin: BASE_URL, ...headers },
    failOnStatusCode: false,
  });
  const { url } = (await response.json()) as { url: string };
  return { url, error: new URL(url, BASE_URL).searchParams.get("error") };
}

function randomAddress(): string {
  return `203.0.113.${Math.floor(Math.random() * 254) + 1}`;
}

test.describe("sign-in limits and forged forwarding headers", () => {
  test("forging X-Forwarded-For does not reset the limit of the (e-mail, address) pair", async () => {
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    // An address nobody has: every failure here is counted against the pair, none hides behind a header.
    const email = uniqueEmail("xff-target");
    for (let i = 0; i < 5; i++) {
      const forged = { "X-Forwarded-For": `${randomAddress()}, ${randomAddress()}`, "X-Real-IP": randomAddress(), "X-Tavolo-Peer-Address": randomAddress() };
      expect((await credentialsPost(api, { email, password: `guess-${i}` }, forged)).error).toBe("CredentialsSignin");
    }
    const forged = { "X-Forwarded-For": randomAddress(), "X-Real-IP": randomAddress(), "X-Tavolo-Peer-Address": randomAddress(), "X-Tavolo-Peer-Signature": "00" };
    expect((await credentialsPost(api, { email, password: "guess-6" }, forged)).error).toBe("locked");
    expect((await credentialsPost(api, { email, password: "guess-7" })).error).toBe("locked");
    await api.dispose();
  });

  test("the lock is the pair's: the same address still signs other people in", async () => {
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const result = await credentialsPost(api, { email: DEMO_SIGN_INS.university, password: DEMO_PASSWORD }, { "X-Forwarded-For": randomAddress() });
    expect(result.error).toBeNull();
    await api.dispose();
  });
});
