import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_COALITION } from "../../db/seed/data";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../../db/seed/calls";
import { BASE_URL } from "./helpers";

/**
 * Issue 8, item 7: every published decision shows the audit chain's head as it was then
 * (an anchor), readable and marked for machines, and the published list agrees with it.
 * With PostgreSQL (CI), `npm run audit:verify` is pointed at the pages themselves.
 */

type ListedAnchor = { seq: number; hash: string; action: string; entityType: string; entityId: string; version: number | null; page: string | null };

async function callPath(page: Page, title: string): Promise<string> {
  await page.goto(`/coalitions/${DEMO_COALITION.slug}`);
  const href = await page.getByTestId("call-item").filter({ hasText: title }).getByRole("link", { name: title }).getAttribute("href");
  return href!;
}

async function listedAnchors(page: Page): Promise<ListedAnchor[]> {
  const response = await page.request.get("/api/audit/anchors");
  expect(response.ok()).toBe(true);
  expect(response.headers()["content-type"]).toContain("application/json");
  return ((await response.json()) as { anchors: ListedAnchor[] }).anchors;
}

/** The anchor shown on the page: its marks, and the same values in the text people read. */
async function shownAnchor(page: Page) {
  const box = page.getByTestId("audit-anchor");
  await expect(box).toHaveCount(1);
  const seq = Number(await box.getAttribute("data-audit-seq"));
  const hash = (await box.getAttribute("data-audit-hash"))!;
  expect(seq).toBeGreaterThan(0);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await expect(box).toContainText(`voce n. ${seq}, hash ${hash.slice(0, 12)}…`);
  await box.getByText("Che cos'è l'ancoraggio?").click();
  await expect(box.getByTestId("audit-anchor-hash")).toHaveText(hash);
  return { seq, hash };
}

test("the seeded results page shows the anchor published with the results, as the public list has it", async ({ page }) => {
  const callId = (await callPath(page, PAST_CALL_TITLE)).split("/").pop()!;
  await page.goto(`/calls/${callId}/results`);
  await expect(page.getByRole("heading", { level: 1, name: "Risultati del voto" })).toBeVisible();
  const shown = await shownAnchor(page);
  await expect(page.getByTestId("audit-anchor")).toContainText("Pubblicazione dei risultati — ancoraggio del registro");

  const listed = (await listedAnchors(page)).filter((a) => a.entityId === callId);
  expect(listed).toEqual([expect.objectContaining({ seq: shown.seq, hash: shown.hash, action: "call.results_published", entityType: "call", version: 1, page: `/calls/${callId}/results` })]);
});

test("the public page of the call published through Tavolo shows its publication's anchor; in English too", async ({ page, context }) => {
  const href = await callPath(page, OPEN_CALL_TITLE);
  const callId = href.split("/").pop()!;
  await page.goto(href);
  const shown = await shownAnchor(page);
  await expect(page.getByTestId("audit-anchor")).toContainText("Pubblicazione del bando — ancoraggio del registro");
  const listed = (await listedAnchors(page)).filter((a) => a.entityId === callId);
  expect(listed).toEqual([expect.objectContaining({ seq: shown.seq, hash: shown.hash, action: "call.published", page: href })]);

  // The full hash is one click away.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await page.getByRole("button", { name: "Copia l'hash completo" }).click();
  await expect(page.getByTestId("audit-anchor").getByText("Copiato.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown.hash);

  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: BASE_URL }]);
  await page.reload();
  await expect(page.getByTestId("audit-anchor")).toContainText(`Call published — audit log anchor: entry no. ${shown.seq}, hash ${shown.hash.slice(0, 12)}…`);
});

test("npm run audit:verify reads the anchors off the public pages and finds the chain agrees", async ({ page }) => {
  test.skip(!process.env.DATABASE_URL, "audit:verify reads the database, which only PostgreSQL shares with the running server");
  const results = `${BASE_URL}/calls/${(await callPath(page, PAST_CALL_TITLE)).split("/").pop()}/results`;
  const callPage = `${BASE_URL}${await callPath(page, OPEN_CALL_TITLE)}`;
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const run = spawnSync(tsx, ["scripts/audit-verify.ts", results, callPage, `${BASE_URL}/api/audit/anchors`], { env: process.env, encoding: "utf8", timeout: 60_000 });
  const out = `${run.stdout}${run.stderr}`;
  expect(out).toContain(`1 anchor from ${results}`);
  expect(out).toContain(`1 anchor from ${callPage}`);
  expect(out).toMatch(/audit entries link up/);
  expect(out).toMatch(/none contradicts the chain/);
  expect(run.status, out).toBe(0);

  // A copy that disagrees with the chain is reported, with a failing exit code.
  const forged = spawnSync(tsx, ["scripts/audit-verify.ts", "-"], { env: process.env, encoding: "utf8", input: `1 ${"ab".repeat(32)}\n`, timeout: 60_000 });
  expect(`${forged.stdout}${forged.stderr}`).toMatch(/Anchor #1 .*re-hashed/);
  expect(forged.status).toBe(1);
});
