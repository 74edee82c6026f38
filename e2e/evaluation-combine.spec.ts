import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { COUNTING_CALL_TITLE } from "../db/seed/voting-data";
import { checkPageAtBothWidths } from "./journeys/checks";
import { signInSession } from "./helpers";
import { databaseUrl, NEEDS_DATABASE, readDb } from "./security/helpers";

/**
 * Issue 14, items 5 and 8 through the pages: the promoter writes a draft call's criteria and
 * combination rule; the count page previews a ranking that combines an approved appraisal with
 * the vote; the public results of the demo's past call show the technical score, the vote and the
 * final score with the rule in words; only an applicant sees its own criterion scores. Each page
 * is checked (axe, boundaries, no sideways scroll) at 1366×900 and 390×844, and photographed
 * into SHOTS_DIR when set.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ viewport: { width: 1366, height: 900 } });

const shots = process.env.SHOTS_DIR;

async function shoot(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}-1366.png`, fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}

async function write<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const callIdOf = async (title: string) => (await readDb((q) => q<{ id: string }>("select id from calls where title = $1", [title])))[0].id;

test("the promoter writes a draft call's criteria and combination rule", async ({ page }) => {
  const openId = await callIdOf(OPEN_CALL_TITLE);
  const callId = await write(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      "insert into calls (coalition_id, title, description, created_by) select coalition_id, 'Bando con valutazione tecnica (e2e)', 'Bozza', created_by from calls where id = $1 returning id",
      [openId],
    );
    return rows[0].id;
  });
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/canavese/calls/${callId}/edit#criteria`);
  const panel = page.getByTestId("criteria-panel");
  await expect(panel.getByTestId("criteria-none")).toBeVisible();
  for (const [name, points] of [
    ["Innovazione", "30"],
    ["Impatto territoriale", "25"],
  ]) {
    await panel.getByLabel("Nome del criterio").fill(name);
    await panel.getByLabel("Punteggio massimo").fill(points);
    await panel.getByRole("button", { name: "Aggiungi il criterio" }).click();
    await expect(panel.getByTestId("criterion-item").filter({ hasText: name })).toBeVisible();
  }
  await panel.getByRole("button", { name: "Sposta su il criterio Impatto territoriale" }).click();
  await expect(panel.getByTestId("criterion-item").first()).toContainText("Impatto territoriale");
  await expect(panel.getByTestId("criteria-sum")).toContainText("55 punti");
  // bootstrap-italia draws the radio under its label: the label takes the click.
  await panel.locator('label[for="evaluation-mode-weighted"]').click();
  await expect(panel.getByLabel("Ponderata: punteggio finale = peso × tecnico + (1 − peso) × voto")).toBeChecked();
  await panel.getByLabel("Punteggio tecnico minimo per essere finanziabile").fill("30");
  await panel.getByLabel("Peso della valutazione tecnica (%)").fill("40");
  await panel.getByRole("button", { name: "Salva la regola" }).click();
  await expect(panel.getByTestId("evaluation-rule-saved")).toBeVisible();
  await expect(panel.getByTestId("criteria-rule")).toContainText("Ponderata");
  const [row] = await readDb((q) => q<{ mode: string; min: number; bp: number }>("select evaluation_mode as mode, evaluation_min_total as min, evaluation_weight_bp as bp from calls where id = $1", [callId]));
  expect(row).toEqual({ mode: "weighted", min: 30, bp: 4000 });
  await checkPageAtBothWidths(page, "criteria");
  await panel.scrollIntoViewIfNeeded();
  await shoot(page, "criteria-panel");
});

test("the count page previews a ranking that combines an approved appraisal with the vote", async ({ page }) => {
  // The closed vote of the demo gets a technical-only rule and an approved appraisal, written in SQL.
  const callId = await callIdOf(COUNTING_CALL_TITLE);
  await write(async (c) => {
    await c.query("update calls set evaluation_mode = 'technical_only', evaluation_min_total = 40 where id = $1", [callId]);
    const { rows: criteria } = await c.query<{ id: string }>(
      "insert into call_criteria (call_id, position, name, max_points) values ($1, 0, 'Qualità tecnica', 60), ($1, 1, 'Impatto', 40) returning id",
      [callId],
    );
    const { rows: proposals } = await c.query<{ id: string }>("select id from proposals where call_id = $1 order by reference", [callId]);
    const { rows: users } = await c.query<{ id: string }>("select id from users where email = $1", [DEMO_SIGN_INS.promoter]);
    const points = [
      [40, 30],
      [50, 35],
      [20, 15],
    ];
    for (const [i, p] of proposals.entries()) {
      for (const [j, cr] of criteria.entries()) {
        await c.query("insert into evaluation_consolidated_scores (proposal_id, criterion_id, call_id, points, justification, recorded_by, recorded_at) values ($1, $2, $3, $4, 'Motivazione', $5, now())", [
          p.id,
          cr.id,
          callId,
          points[i][j],
          users[0].id,
        ]);
      }
    }
    await c.query("insert into call_evaluations (call_id, approved_at, approved_by) values ($1, now(), $2)", [callId, users[0].id]);
  });
  try {
    await signInSession(page, DEMO_SIGN_INS.promoter);
    await page.goto(`/calls/${callId}/count`);
    await expect(page.getByTestId("evaluation-rule")).toHaveAttribute("data-mode", "technical_only");
    const rows = page.getByTestId("ranking-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0).getByTestId("ranking-technical")).toHaveText("85/100");
    await expect(rows.nth(2)).toHaveAttribute("data-outcome", "below_threshold");
    await checkPageAtBothWidths(page, "combined-preview");
    await shoot(page, "count-page");
  } finally {
    // The demo's closed vote is the voting spec's to publish, by the vote alone: put it back as the seed left it.
    await write(async (c) => {
      await c.query("delete from call_evaluations where call_id = $1", [callId]);
      await c.query("delete from evaluation_consolidated_scores where call_id = $1", [callId]);
      await c.query("delete from call_criteria where call_id = $1", [callId]);
      await c.query("update calls set evaluation_mode = 'none', evaluation_min_total = 0 where id = $1", [callId]);
    });
  }
});

test("the public results combine the appraisal with the vote; only applicants see their own criterion scores", async ({ page }) => {
  const callId = await callIdOf(PAST_CALL_TITLE);
  // The call's page states its criteria, the minimum and the rule.
  await page.goto(`/coalitions/canavese/calls/${callId}`);
  const criteria = page.getByTestId("call-criteria");
  await expect(criteria.getByRole("listitem")).toHaveCount(4);
  await expect(criteria).toContainText("Totale 100 punti; minimo per essere finanziabile 60 punti.");
  await expect(criteria.getByTestId("evaluation-rule")).toHaveAttribute("data-mode", "weighted");
  await page.goto(`/calls/${callId}/results`);
  await expect(page.getByTestId("evaluation-rule")).toContainText("per il 40 % il punteggio tecnico e per il 60 % il voto");
  const rows = page.getByTestId("ranking-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).getByTestId("ranking-technical")).toHaveText("82/100");
  await expect(rows.nth(0).getByTestId("ranking-vote")).toHaveText("0,900");
  await expect(rows.nth(0).getByTestId("ranking-final")).toHaveText("0,868");
  await expect(rows.nth(2)).toHaveAttribute("data-outcome", "skipped");
  await checkPageAtBothWidths(page, "combined-results");
  await shoot(page, "results-page");

  const [academy] = await readDb((q) => q<{ id: string }>("select id from proposals where title = 'Accademia digitale del Canavese'"));
  await page.goto(`/proposals/${academy.id}`);
  await expect(page.getByTestId("own-appraisal")).toHaveCount(0);
  await signInSession(page, DEMO_SIGN_INS.softwareFirmAdmin);
  await page.goto(`/proposals/${academy.id}`);
  await expect(page.getByTestId("own-appraisal")).toHaveCount(0);
  await signInSession(page, DEMO_SIGN_INS.university);
  await page.goto(`/proposals/${academy.id}`);
  const own = page.getByTestId("own-appraisal");
  await expect(own.getByTestId("own-appraisal-row")).toHaveCount(4);
  await expect(own.getByTestId("own-appraisal-total")).toHaveText("82 su 100");
  await checkPageAtBothWidths(page, "own-appraisal");
  await own.scrollIntoViewIfNeeded();
  await shoot(page, "own-appraisal");
});
