import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { PAST_CALL_TITLE } from "../db/seed/calls";
import { DEMO_SIGN_INS } from "../db/seed/data";
import { checkPageAtBothWidths } from "./journeys/checks";
import { signInSession, signOut } from "./helpers";
import { databaseUrl, NEEDS_DATABASE, readDb } from "./security/helpers";

/**
 * The evaluation committee (issue 14, items 6–7) through its pages, on a call prepared here: a
 * copy of the past call with the weighted rule, two criteria and two admissible proposals whose
 * organisations none of the committee belongs to. The promoter appoints two members and a chair
 * by searching the member organisations' people (and invites an outside expert, then removes
 * them); each declares and scores through the form; the chair sees the spread, consolidates,
 * approves after confirming, and the report downloads with the SHA-256 kept at approval.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ viewport: { width: 1366, height: 900 } });

const SHOTS = process.env.COMMITTEE_SHOTS;
const MEMBERS = [
  { email: "laura.actis@comune-ivrea.demo", name: "Laura Actis", organisation: "Comune di Ivrea" },
  { email: "paola.chiono@albergocastello.demo", name: "Paola Chiono", organisation: "Albergo" },
];
const CHAIR = { email: "luisa.vercellino@caseificiovallesacra.demo", name: "Luisa Vercellino" };
const CRITERIA = [
  { name: "Innovazione", max: 30 },
  { name: "Fattibilità", max: 20 },
];

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}

/** The call of this run, written as the tables' owner: the past call copied, published, submission closed. */
async function prepareCall(): Promise<{ callId: string; title: string; proposals: { id: string; title: string }[] }> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const title = `Valutazione e2e ${Date.now()}`;
  try {
    await client.query("begin");
    const { rows: calls } = await client.query<{ id: string }>(
      `insert into calls select * from jsonb_populate_record(null::calls, (
         select to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'title', $1::text, 'description', 'Bando di prova della commissione di valutazione (e2e).', 'status', 'published', 'evaluation_mode', 'weighted')
         from calls c where c.title = $2)) returning id`,
      [title, PAST_CALL_TITLE],
    );
    const callId = calls[0].id;
    await client.query("insert into call_criteria (call_id, position, name, description, max_points) values ($1, 1, $2, 'Quanto è nuova la soluzione', $3), ($1, 2, $4, '', $5)", [
      callId,
      CRITERIA[0].name,
      CRITERIA[0].max,
      CRITERIA[1].name,
      CRITERIA[1].max,
    ]);
    // Two proposals of the past call that no organisation of the committee leads or joins.
    const { rows: sources } = await client.query<{ id: string }>(
      `select p.id from proposals p join calls c on c.id = p.call_id
        where c.title = $1 and p.status in ('admissible', 'selected', 'not_selected')
          and not exists (select 1 from proposal_partners pp join organisation_members om on om.organisation_id = pp.organisation_id
                           join users u on u.id = om.user_id where pp.proposal_id = p.id and lower(u.email) = any($2))
          and not exists (select 1 from organisation_members om join users u on u.id = om.user_id where om.organisation_id = p.lead_organisation_id and lower(u.email) = any($2))
        order by p.reference limit 2`,
      [PAST_CALL_TITLE, [...MEMBERS.map((m) => m.email), CHAIR.email]],
    );
    if (sources.length < 2) throw new Error("The past call has fewer than two proposals outside the committee's organisations");
    const proposals: { id: string; title: string }[] = [];
    for (const [i, source] of sources.entries()) {
      const { rows } = await client.query<{ id: string; title: string }>(
        `insert into proposals select * from jsonb_populate_record(null::proposals, (
           select to_jsonb(p) || jsonb_build_object('id', gen_random_uuid(), 'call_id', $2::uuid, 'status', 'admissible', 'reference', $3::text, 'title', p.title || ' (e2e)')
           from proposals p where p.id = $1)) returning id, title`,
        [source.id, callId, `E2E-${Date.now()}-${i + 1}`],
      );
      await client.query(
        `insert into proposal_partners select (jsonb_populate_record(null::proposal_partners, x)).* from (
           select to_jsonb(pp) || jsonb_build_object('id', gen_random_uuid(), 'proposal_id', $2::uuid) as x from proposal_partners pp where pp.proposal_id = $1) s`,
        [source.id, rows[0].id],
      );
      proposals.push(rows[0]);
    }
    await client.query("commit");
    return { callId, title, proposals };
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    await client.end();
  }
}

async function appoint(page: Page, name: string, role: "Componente" | "Presidente") {
  await page.getByLabel("Nome della persona o dell'organizzazione").fill(name);
  await page.getByRole("search", { name: "Nomina una persona delle organizzazioni membri" }).getByRole("button", { name: "Cerca" }).click();
  await expect(page.getByTestId("candidates-count")).toContainText(/trovat/);
  const candidate = page.getByTestId("candidate").filter({ hasText: name }).first();
  await candidate.getByLabel("Ruolo").selectOption({ label: role });
  await candidate.getByRole("button", { name: new RegExp(`^Nomina ${name}`) }).click();
  await expect(page.getByTestId("committee-member").filter({ hasText: name })).toBeVisible();
}

/** An evaluator declares no conflict and submits points and justifications for every proposal. */
async function scoreAll(page: Page, callId: string, proposals: { id: string; title: string }[], points: number[][], check: boolean) {
  for (const [i, proposal] of proposals.entries()) {
    await page.goto(`/calls/${callId}/evaluation/reviews`);
    if (check && i === 0) await checkPageAtBothWidths(page);
    await page.getByRole("link", { name: `Apri la valutazione di ${proposal.title}` }).click();
    await page.getByRole("button", { name: "Dichiaro di non avere conflitti di interesse" }).click();
    await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "to_score");
    if (check && i === 0) {
      // Submitting empty: the summary lists every field and takes the focus.
      await page.getByRole("button", { name: "Invia la valutazione" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Invia" }).click();
      await expect(page.getByTestId("error-summary")).toBeFocused();
      await checkPageAtBothWidths(page, "errors");
      if (SHOTS) await shot(page, "review-errors");
    }
    for (const [c, criterion] of CRITERIA.entries()) {
      const box = page.getByTestId("criterion").filter({ hasText: criterion.name });
      await box.getByLabel(`Punteggio (da 0 a ${criterion.max})`).fill(String(points[i][c]));
      await box.getByLabel("Motivazione").fill(`Motivazione di ${criterion.name}: ${points[i][c]} punti.`);
    }
    await page.getByRole("button", { name: "Salva la bozza" }).click();
    await expect(page.getByTestId("review-saved")).toBeVisible();
    await page.getByRole("button", { name: "Invia la valutazione" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Invia" }).click();
    await expect(page.getByTestId("review-submitted")).toBeVisible();
  }
}

test("the promoter appoints a committee, the members and the chair score, the chair consolidates and approves, the report downloads", async ({ page }) => {
  test.setTimeout(600_000);
  const { callId, proposals } = await prepareCall();

  // The promoter: the committee page, appointments by search, an outside expert invited then removed.
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/calls/${callId}/evaluation`);
  await expect(page.getByRole("heading", { name: "Commissione di valutazione", level: 1 })).toBeVisible();
  await checkPageAtBothWidths(page);
  await appoint(page, MEMBERS[0].name, "Componente");
  await appoint(page, MEMBERS[1].name, "Componente");
  await appoint(page, CHAIR.name, "Presidente");
  await expect(page.getByTestId("committee-member").filter({ hasText: CHAIR.name })).toHaveAttribute("data-role", "chair");
  // No e-mail address of the people found reaches the page.
  await page.getByLabel("Nome della persona o dell'organizzazione").fill("Marco");
  await page.getByRole("search", { name: "Nomina una persona delle organizzazioni membri" }).getByRole("button", { name: "Cerca" }).click();
  await expect(page.getByTestId("candidates-count")).toBeVisible();
  expect(await page.locator("main").innerHTML()).not.toMatch(/@[a-z-]+\.demo/);

  await page.getByRole("button", { name: "Invia l'invito" }).click();
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await checkPageAtBothWidths(page, "invite errors");
  await page.getByLabel("Nome e cognome").fill("Giorgio Esperto");
  // The link seats only the invited address (lib/evaluation/committee.ts acceptInvitation).
  await page.getByLabel("Indirizzo e-mail").fill("walter.bono@stampichiusella.demo");
  await page.getByRole("button", { name: "Invia l'invito" }).click();
  await expect(page.getByTestId("invitation-link-value")).toHaveText(/\/evaluation-invitations\?token=[A-Za-z0-9_-]{43}$/);
  await checkPageAtBothWidths(page, "invited");
  await shot(page, "committee-promoter");
  // The expert opens the link signed in (here a person outside the coalition) and accepts it, once.
  const link = (await page.getByTestId("invitation-link-value").textContent())!.trim();
  const expertContext = await page.context().browser()!.newContext({ viewport: { width: 1366, height: 900 } });
  const expert = await expertContext.newPage();
  await signInSession(expert, "walter.bono@stampichiusella.demo");
  await expert.goto(new URL(link).pathname + new URL(link).search);
  await expect(expert.getByRole("heading", { name: "Invito nella commissione di valutazione", level: 1 })).toBeVisible();
  await checkPageAtBothWidths(expert);
  await shot(expert, "invitation");
  await expert.getByRole("button", { name: "Accetto l'incarico" }).click();
  await expect(expert.getByTestId("invitation-accepted")).toBeVisible();
  await expert.reload();
  await expect(expert.getByTestId("invitation-accepted")).toBeVisible();
  // Used once: the same link signed in as someone else is refused.
  const other = await expertContext.browser()!.newContext();
  const otherPage = await other.newPage();
  await signInSession(otherPage, DEMO_SIGN_INS.softwareFirmAdmin);
  await otherPage.goto(new URL(link).pathname + new URL(link).search);
  await expect(otherPage.getByTestId("invitation-problem")).toContainText("già stato usato");
  await other.close();
  await expertContext.close();
  await page.reload();
  // Accepted, the appointment shows the account's name.
  await expect(page.getByTestId("committee-member").filter({ hasText: "Walter Bono" })).toContainText("Esperto esterno");
  await expect(page.getByTestId("committee-member").filter({ hasText: "Walter Bono" })).toContainText("In carica");
  await page.getByRole("button", { name: "Rimuovi dalla commissione: Walter Bono" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rimuovi" }).click();
  await expect(page.getByTestId("committee-member").filter({ hasText: "Walter Bono" })).toHaveCount(0);
  await expect(page.getByTestId("committee-member")).toHaveCount(3);

  // The two members score; the chair sees no spread until the last review is in.
  const scores = [
    [
      [20, 12],
      [10, 15],
    ],
    [
      [22, 14],
      [12, 9],
    ],
    [
      [25, 13],
      [11, 10],
    ],
  ];
  await signOut(page);
  await signInSession(page, MEMBERS[0].email);
  await page.goto("/desk");
  await expect(page.getByTestId("desk-evaluation").filter({ hasText: "Valutazione e2e" })).toBeVisible();
  await scoreAll(page, callId, proposals, scores[0], true);
  await checkPageAtBothWidths(page, "submitted");
  await shot(page, "review-submitted");
  await signOut(page);
  await signInSession(page, MEMBERS[1].email);
  await scoreAll(page, callId, proposals, scores[1], false);
  await signOut(page);
  await signInSession(page, CHAIR.email);
  await page.goto(`/calls/${callId}/evaluation/consolidation`);
  await expect(page.getByTestId("consolidation-waiting")).toContainText("4 di 6");
  await checkPageAtBothWidths(page, "waiting");
  await scoreAll(page, callId, proposals, scores[2], false);
  await page.goto(`/calls/${callId}/evaluation/reviews`);
  await shot(page, "reviews");

  // The chair: the spread with the exact mean, the committee's scores, the approval.
  await page.goto(`/calls/${callId}/evaluation/consolidation`);
  const first = page.getByTestId("consolidation-proposal").filter({ hasText: proposals[0].title });
  await expect(first.getByTestId("spread").first()).toHaveText("Minimo 20 · Massimo 25 · Media 67/3 ≈ 22,33");
  await checkPageAtBothWidths(page);
  for (const [i, proposal] of proposals.entries()) {
    const section = page.getByTestId("consolidation-proposal").filter({ hasText: proposal.title });
    for (const [c, criterion] of CRITERIA.entries()) {
      await section.getByLabel(`Punteggio della commissione per ${criterion.name} (da 0 a ${criterion.max})`).fill(String(scores[2][i][c] - 1));
      await section.getByLabel(`Motivazione della commissione per ${criterion.name}`).fill(`Sintesi della commissione su ${criterion.name}.`);
    }
    await section.getByRole("button", { name: "Registra i punteggi della commissione" }).click();
    await expect(section.getByTestId("consolidation-saved")).toBeVisible();
  }
  await expect(page.getByTestId("consolidation-complete")).toContainText("2 di 2");
  await shot(page, "consolidation");
  await page.getByRole("button", { name: "Approva la valutazione" }).click();
  await checkPageAtBothWidths(page, "approve dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Approva" }).click();
  await expect(page.getByTestId("consolidation-approved")).toBeVisible();
  await checkPageAtBothWidths(page, "approved");

  // The report: a PDF whose Italian bytes are those approved.
  const [row] = await readDb((query) => query<{ sha: string }>("select report_sha256 as sha from call_evaluations where call_id = $1", [callId]));
  const response = await page.request.get(`/api/calls/${callId}/evaluation-report?lang=it`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const bytes = await response.body();
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(row.sha);
  await expect(page.getByText(`SHA-256 del verbale: ${row.sha}`)).toBeVisible();

  // Nobody else reads it before the results; the promoter does.
  await signOut(page);
  expect((await page.request.get(`/api/calls/${callId}/evaluation-report`)).status()).toBe(404);
  await signInSession(page, DEMO_SIGN_INS.promoter);
  expect((await page.request.get(`/api/calls/${callId}/evaluation-report`)).status()).toBe(200);
  await page.goto(`/calls/${callId}/evaluation`);
  await expect(page.getByTestId("committee-approved")).toBeVisible();
});

test("an invitation link that does not exist is refused on its page", async ({ page }) => {
  await signInSession(page, DEMO_SIGN_INS.softwareFirmAdmin);
  await page.goto("/evaluation-invitations?token=not-a-real-invitation-token-0123456789");
  await expect(page.getByTestId("invitation-problem")).toContainText("Questo invito non esiste");
  await checkPageAtBothWidths(page);
});
