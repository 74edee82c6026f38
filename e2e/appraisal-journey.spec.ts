import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_COALITION, DEMO_SIGN_INS } from "../db/seed/data";
import { newReceiptToken, receiptHash } from "../lib/voting/receipt";
import { utcToRomeLocal } from "../lib/time";
import { checkPageAtBothWidths } from "./journeys/checks";
import { signInSession, signOut } from "./helpers";
import { databaseUrl, NEEDS_DATABASE, readDb } from "./security/helpers";

/**
 * Issue 14's appraisal journey, through the pages wherever a person acts: the promoter writes a
 * call with four criteria and the weighted rule (w 40 %, minimum 55) and publishes it; three
 * admissible proposals exist once submission has closed; the promoter appoints two evaluators and
 * a chair; each declares and scores (the chamber of commerce's evaluator is shown the proposal its
 * organisation joins as excluded); the chair sees the spread, consolidates, approves, and the
 * report downloads; the coalition votes; the promoter publishes the results, which combine the
 * appraisal with the vote; a visitor reads both on the public page; the lead applicant sees its
 * criterion scores and justifications, another firm does not.
 *
 * Written in SQL (what is not the subject here): the proposals of the firms, the calls' windows
 * moved in time (submission closed, voting open, voting closed) and the ballots of four
 * organisations besides the promoter's, with their receipts' hashes (as db/seed/voting.ts does).
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ viewport: { width: 1366, height: 900 } });

const DAY = 24 * 60 * 60 * 1000;
const romeDay = (days: number, time: string) => `${utcToRomeLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;

const CRITERIA = [
  { name: "Innovazione", max: 30 },
  { name: "Partenariato", max: 20 },
  { name: "Fattibilità", max: 25 },
  { name: "Impatto territoriale", max: 25 },
];

/**
 * Two evaluators and a chair, of member organisations; the chamber of commerce partners proposal B.
 * The chair's organisation joins none: an excluded chair cannot consolidate (lib/evaluation/consolidation.ts).
 */
const EVALUATOR_A = { email: "franco.musso@cciaa.demo", name: "Franco Musso" };
const EVALUATOR_B = { email: "elena.peila@industriali-canavese.demo", name: "Elena Peila" };
const CHAIR = { email: "davide.martinetto@fondazione-ict.demo", name: "Davide Martinetto" };

const LEAD_A = DEMO_SIGN_INS.leadFirmAdmin; // Meccanica Dora
const LEAD_B = DEMO_SIGN_INS.softwareFirmAdmin; // Software Eporedia

/**
 * The proposals, each with its lead, one partner, what it asks and the committee's consolidated
 * scores per criterion (Innovazione, Partenariato, Fattibilità, Impatto).
 */
const PROPOSALS = [
  { key: "A", title: "Gemello digitale delle officine", lead: LEAD_A, partner: "chiara.bosio@universita.demo", euro: 100_000, committee: [18, 12, 15, 15] },
  { key: "B", title: "Fatturazione condivisa in cloud", lead: LEAD_B, partner: EVALUATOR_A.email, euro: 120_000, committee: [27, 18, 23, 22] },
  { key: "C", title: "Sensori per la filiera corta", lead: "maria.giachino@elettronicacanavesana.demo", partner: "giorgio.bertot@logisticaaltocanavese.demo", euro: 100_000, committee: [22, 15, 19, 19] },
] as const;
type Key = (typeof PROPOSALS)[number]["key"];

/** Each member's points per proposal and criterion (the chamber's evaluator is excluded from B, which its organisation partners). */
const SCORES: Record<string, Partial<Record<Key, number[]>>> = {
  [EVALUATOR_A.email]: { A: [17, 12, 15, 14], C: [22, 14, 19, 20] },
  [EVALUATOR_B.email]: { A: [19, 12, 16, 15], B: [27, 18, 22, 22], C: [21, 15, 19, 18] },
  [CHAIR.email]: { A: [18, 11, 14, 16], B: [26, 18, 24, 21], C: [23, 16, 18, 19] },
};

/*
 * The ballots (approval: yes +weight, no −weight, abstention 0), with the seed's weights:
 *   Città metropolitana (promoter, 3) — through the booth: A yes, C yes;
 *   Comune di Ivrea (2): A yes, B yes;  Comune di Cuorgnè (1): A yes;
 *   Unione Industriali (2): B no;  Fondazione ICT (1): A abstains.
 * Net weighted yes: A = 3 + 2 + 1 = +6, B = 2 − 2 = 0, C = +3. Turnout 3+2+1+2+1 = 9 of 18 (quorum 50 %: reached).
 * The vote alone ranks A (+6), C (+3), B (0).
 *
 * Combined (weighted, w = 40 %), E = 18 the eligible weight:
 *   vote_A = (6 + 18) / 36 = 2/3, vote_B = (0 + 18) / 36 = 1/2, vote_C = (3 + 18) / 36 = 7/12;
 *   technical = consolidated total / 100: A 60/100, B 90/100, C 75/100 (all ≥ 55: fundable);
 *   final_A = 0.4 × 0.60 + 0.6 × 2/3  = 0.24 + 0.40 = 0.64
 *   final_B = 0.4 × 0.90 + 0.6 × 1/2  = 0.36 + 0.30 = 0.66
 *   final_C = 0.4 × 0.75 + 0.6 × 7/12 = 0.30 + 0.35 = 0.65
 * So the combined ranking is B, C, A: the reverse of the vote alone.
 */
const BALLOTS: { voter: string; key: Key; value: -1 | 0 | 1 }[] = [
  { voter: "laura.actis@comune-ivrea.demo", key: "A", value: 1 },
  { voter: "laura.actis@comune-ivrea.demo", key: "B", value: 1 },
  { voter: "anna.rolando@comune-cuorgne.demo", key: "A", value: 1 },
  { voter: EVALUATOR_B.email, key: "B", value: -1 },
  { voter: CHAIR.email, key: "A", value: 0 },
];
const EXPECTED = [
  { key: "B", technical: "90/100", value: "0", vote: "0,500", final: "0,660" },
  { key: "C", technical: "75/100", value: "+3", vote: "0,583", final: "0,650" },
  { key: "A", technical: "60/100", value: "+6", vote: "0,667", final: "0,640" },
] as const;

/** Writes as the tables' owner, in one transaction. */
async function writeDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    await client.end();
  }
}

const ORG_OF = `select om.organisation_id as org, u.id as uid from organisation_members om join users u on u.id = om.user_id where lower(u.email) = lower($1) limit 1`;

/** The firms' proposals, admissible; the submission window closed two days ago, the vote opens in five days. */
async function submitProposalsAndCloseSubmission(callId: string): Promise<Record<Key, string>> {
  return writeDb(async (client) => {
    const ids = {} as Record<Key, string>;
    const base = 9000 + Math.floor(Math.random() * 900);
    for (const [i, p] of PROPOSALS.entries()) {
      const lead = (await client.query<{ org: string; uid: string }>(ORG_OF, [p.lead])).rows[0];
      const partner = (await client.query<{ org: string; uid: string }>(ORG_OF, [p.partner])).rows[0];
      const at = new Date(Date.now() - (5 - i) * DAY);
      const { rows } = await client.query<{ id: string }>(
        `insert into proposals (call_id, lead_organisation_id, reference, title, summary, requested_cents, status, submitted_at, created_by, updated_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, 'admissible', $7, $8, $8, $7, $7) returning id`,
        [callId, lead.org, `CAN-2026-${base + i}`, p.title, `${p.title}: proposta della prova.`, p.euro * 100, at, lead.uid],
      );
      await client.query(
        `insert into proposal_partners (proposal_id, organisation_id, is_lead, status, created_by, decided_by, decided_at)
         values ($1, $2, true, 'accepted', $3, $3, $5), ($1, $4, false, 'accepted', $3, $3, $5)`,
        [rows[0].id, lead.org, lead.uid, partner.org, at],
      );
      ids[p.key] = rows[0].id;
    }
    await client.query(
      `update calls set submission_opens_at = now() - interval '20 days', submission_closes_at = now() - interval '2 days',
              questions_close_at = null, voting_opens_at = now() + interval '5 days', voting_closes_at = now() + interval '10 days' where id = $1`,
      [callId],
    );
    return ids;
  });
}

async function appoint(page: Page, name: string, role: "Componente" | "Presidente") {
  await page.getByLabel("Nome della persona o dell'organizzazione").fill(name);
  await page.getByRole("search", { name: "Nomina una persona delle organizzazioni membri" }).getByRole("button", { name: "Cerca" }).click();
  const candidate = page.getByTestId("candidate").filter({ hasText: name }).first();
  await candidate.getByLabel("Ruolo").selectOption({ label: role });
  await candidate.getByRole("button", { name: new RegExp(`^Nomina ${name}`) }).click();
  await expect(page.getByTestId("committee-member").filter({ hasText: name })).toBeVisible();
}

/** Declares no conflict and submits points and a justification per criterion on each proposal it may score. */
async function scoreAll(page: Page, callId: string, email: string, ids: Record<Key, string>) {
  for (const [key, points] of Object.entries(SCORES[email]) as [Key, number[]][]) {
    // Straight to each review (the list's links are followed once, by the first evaluator).
    await page.goto(`/calls/${callId}/evaluation/reviews/${ids[key]}`);
    await page.getByRole("button", { name: "Dichiaro di non avere conflitti di interesse" }).click();
    await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "to_score");
    for (const [c, criterion] of CRITERIA.entries()) {
      const box = page.getByTestId("criterion").filter({ hasText: criterion.name });
      await box.getByLabel(`Punteggio (da 0 a ${criterion.max})`).fill(String(points[c]));
      await box.getByLabel("Motivazione").fill(`${criterion.name}: ${points[c]} punti, secondo ${email.split("@")[0]}.`);
    }
    await page.getByRole("button", { name: "Invia la valutazione" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Invia" }).click();
    await expect(page.getByTestId("review-submitted")).toBeVisible();
  }
}

test("criteria, committee, consolidation and vote: the public results combine the appraisal with the vote", async ({ page }) => {
  test.setTimeout(300_000);
  const title = `Servizi digitali per le filiere ${Date.now()}`;

  // 1. The promoter drafts the call through the form.
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/coalitions/${DEMO_COALITION.slug}/calls/new`);
  await page.getByLabel("Titolo", { exact: true }).fill(title);
  await page.getByLabel("Descrizione", { exact: true }).fill("Servizi digitali condivisi per le **filiere** del Canavese, valutati da una commissione.");
  for (const [group, label] of [
    ["Temi", "Cloud"],
    ["Settori", "Servizi"],
  ]) {
    await page.getByRole("group", { name: group }).getByText(label, { exact: true }).click();
  }
  await page.getByLabel("Dotazione complessiva (€)").fill("300.000");
  await page.getByLabel("Importo massimo richiedibile per proposta (€)").fill("150.000");
  await page.getByLabel("Cofinanziamento minimo (%)").fill("20");
  await page.getByLabel("Apertura della presentazione (ora di Roma)").fill(romeDay(-1, "09:00"));
  await page.getByLabel("Scadenza della presentazione (ora di Roma)").fill(romeDay(10, "18:00"));
  await page.getByLabel("Apertura del voto (ora di Roma)").fill(romeDay(17, "09:00"));
  await page.getByLabel("Chiusura del voto (ora di Roma)").fill(romeDay(24, "18:00"));
  await page.getByLabel("Quorum (% del peso degli aventi diritto)").fill("50");
  await page.getByRole("button", { name: "Salva bozza" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const callId = page.url().split("?")[0].split("/").pop()!;
  expect(callId).toMatch(/^[0-9a-f-]{36}$/);

  // 2. Its criteria and rule, on the draft's edit page.
  await page.goto(`/coalitions/${DEMO_COALITION.slug}/calls/${callId}/edit`);
  const panel = page.getByTestId("criteria-panel");
  await expect(panel.getByTestId("criteria-none")).toBeVisible();
  for (const [i, criterion] of CRITERIA.entries()) {
    const form = panel.getByTestId("criterion-form");
    await form.getByLabel("Nome del criterio").fill(criterion.name);
    await form.getByLabel("Descrizione").fill(`Come la proposta soddisfa il criterio «${criterion.name}».`);
    await form.getByLabel("Punteggio massimo").fill(String(criterion.max));
    await form.getByRole("button", { name: "Aggiungi il criterio" }).click();
    await expect(panel.getByTestId("criterion-item")).toHaveCount(i + 1);
  }
  await expect(panel.getByTestId("criteria-sum")).toContainText("100 punti");
  const rule = panel.getByTestId("evaluation-rule-form");
  await rule.getByText(/^Ponderata/).click();
  await rule.getByLabel("Punteggio tecnico minimo per essere finanziabile").fill("55");
  await rule.getByLabel("Peso della valutazione tecnica (%)").fill("40");
  await rule.getByRole("button", { name: "Salva la regola" }).click();
  await expect(rule.getByTestId("evaluation-rule-saved")).toBeVisible();
  await expect(panel.getByTestId("criteria-rule")).toContainText("Ponderata");
  await checkPageAtBothWidths(page, "criteria");

  // Published: the rules, criteria included, are frozen.
  await page.getByRole("button", { name: "Pubblica", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, pubblica il bando" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByTestId("call-phase")).toHaveText("Aperto");
  await expect(page.getByTestId("call-criteria")).toContainText("Impatto territoriale");
  await expect(page.getByTestId("evaluation-rule")).toHaveAttribute("data-mode", "weighted");
  const [stored] = await readDb((query) =>
    query<{ mode: string; min: number; bp: number; criteria: string }>(
      "select evaluation_mode as mode, evaluation_min_total as min, evaluation_weight_bp as bp, (select count(*) from call_criteria where call_id = c.id)::text as criteria from calls c where id = $1",
      [callId],
    ),
  );
  expect(stored).toEqual({ mode: "weighted", min: 55, bp: 4000, criteria: "4" });

  // 3. Three firms' proposals, admissible, after the submission window.
  const ids = await submitProposalsAndCloseSubmission(callId);
  const titles = Object.fromEntries(PROPOSALS.map((p) => [p.key, p.title])) as Record<Key, string>;

  // 4. The committee: two members and a chair.
  await page.goto(`/calls/${callId}/evaluation`);
  await expect(page.getByRole("heading", { name: "Commissione di valutazione", level: 1 })).toBeVisible();
  await appoint(page, EVALUATOR_A.name, "Componente");
  await appoint(page, EVALUATOR_B.name, "Componente");
  await appoint(page, CHAIR.name, "Presidente");
  await expect(page.getByTestId("committee-member")).toHaveCount(3);
  await expect(page.getByTestId("committee-member").filter({ hasText: CHAIR.name })).toHaveAttribute("data-role", "chair");
  await signOut(page);

  // 5. The chamber of commerce's evaluator: proposal B, which it partners, is excluded.
  await signInSession(page, EVALUATOR_A.email);
  await page.goto(`/calls/${callId}/evaluation/reviews`);
  const excluded = page.getByTestId("review-item").filter({ hasText: titles.B });
  await expect(excluded).toHaveAttribute("data-state", "excluded");
  await expect(excluded).toContainText("la tua organizzazione è partner");
  await expect(page.getByTestId("review-item").filter({ hasText: titles.A })).toHaveAttribute("data-state", "to_declare");
  await expect(page.getByRole("link", { name: `Apri la valutazione di ${titles.A}` })).toHaveAttribute("href", `/calls/${callId}/evaluation/reviews/${ids.A}`);
  await scoreAll(page, callId, EVALUATOR_A.email, ids);
  await page.goto(`/calls/${callId}/evaluation/reviews/${ids.B}`);
  await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "excluded");
  await expect(page.getByRole("button", { name: "Dichiaro di non avere conflitti di interesse" })).toHaveCount(0);
  await signOut(page);

  await signInSession(page, EVALUATOR_B.email);
  await scoreAll(page, callId, EVALUATOR_B.email, ids);
  await signOut(page);

  // 6. The chair scores too, then sees the spread, records the committee's scores and approves.
  await signInSession(page, CHAIR.email);
  await page.goto(`/calls/${callId}/evaluation/reviews`);
  // The committee's 3 × 3 reviews less the exclusion; the two members have sent theirs.
  await expect(page.getByTestId("reviews-progress")).toHaveText("Valutazioni della commissione inviate: 5 di 8.");
  await scoreAll(page, callId, CHAIR.email, ids);
  await page.goto(`/calls/${callId}/evaluation/consolidation`);
  const sectionOf = (key: Key) => page.getByTestId("consolidation-proposal").filter({ hasText: titles[key] });
  // Innovazione on A: 17, 19, 18; on B only the two who may score it: 27, 26.
  await expect(sectionOf("A").getByTestId("spread").first()).toHaveText("Minimo 17 · Massimo 19 · Media 18");
  await expect(sectionOf("B").getByTestId("spread").first()).toHaveText("Minimo 26 · Massimo 27 · Media 53/2 ≈ 26,50");
  for (const p of PROPOSALS) {
    const section = sectionOf(p.key);
    for (const [c, criterion] of CRITERIA.entries()) {
      await section.getByLabel(`Punteggio della commissione per ${criterion.name} (da 0 a ${criterion.max})`).fill(String(p.committee[c]));
      await section.getByLabel(`Motivazione della commissione per ${criterion.name}`).fill(`La commissione assegna ${p.committee[c]} punti per ${criterion.name} a «${p.title}».`);
    }
    await section.getByRole("button", { name: "Registra i punteggi della commissione" }).click();
    await expect(section.getByTestId("consolidation-saved")).toBeVisible();
  }
  await expect(page.getByTestId("consolidation-complete")).toContainText("3 di 3");
  await page.getByRole("button", { name: "Approva la valutazione" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Approva" }).click();
  await expect(page.getByTestId("consolidation-approved")).toBeVisible();
  const report = await page.request.get(`/api/calls/${callId}/evaluation-report?lang=it`);
  expect(report.status()).toBe(200);
  expect((await report.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await signOut(page);

  // 7. The vote opens: the promoter's organisation votes in the booth, four others by SQL with their receipts.
  await writeDb((client) => client.query("update calls set voting_opens_at = now() - interval '1 minute' where id = $1", [callId]));
  await signInSession(page, DEMO_SIGN_INS.promoter);
  await page.goto(`/calls/${callId}/vote`);
  for (const key of ["A", "C"] as const) {
    await page.getByTestId("booth-proposal").filter({ hasText: titles[key] }).locator("label", { hasText: /^Sì$/ }).click();
  }
  await page.getByRole("button", { name: "Registra i voti" }).click();
  await expect(page.getByTestId("receipt-line")).toHaveCount(2);
  await writeDb(async (client) => {
    for (const b of BALLOTS) {
      const voter = (await client.query<{ org: string; uid: string }>(ORG_OF, [b.voter])).rows[0];
      const proposalId = ids[b.key];
      await client.query("insert into ballots (call_id, proposal_id, organisation_id, cast_by, value, receipt_hash) values ($1, $2, $3, $4, $5, $6)", [
        callId,
        proposalId,
        voter.org,
        voter.uid,
        b.value,
        receiptHash(newReceiptToken(), proposalId, b.value),
      ]);
    }
    await client.query("update calls set voting_closes_at = now() - interval '1 second' where id = $1", [callId]);
  });
  const [voters] = await readDb((query) => query<{ eligible: string }>("select sum(weight)::text as eligible from call_voters where call_id = $1 and removed_at is null", [callId]));
  expect(voters.eligible, "the arithmetic above assumes the seed's eligible weight").toBe("18");

  // 8. The vote closed, the promoter publishes the results from the count page.
  await page.goto(`/calls/${callId}/count`);
  await expect(page.getByTestId("evaluation-rule")).toHaveAttribute("data-mode", "weighted");
  await expect(page.getByTestId("ranking-row")).toHaveCount(3);
  await page.getByRole("button", { name: "Pubblica i risultati" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sì, pubblica i risultati" }).click();
  await expect(page).toHaveURL(new RegExp(`/calls/${callId}/results\\?done=published$`));
  await signOut(page);

  // 9. A visitor: technical score, vote and final score per proposal, the rule in words, the order worked out above.
  await page.goto(`/calls/${callId}/results`);
  await expect(page.getByRole("heading", { level: 1, name: "Risultati del voto" })).toBeVisible();
  await expect(page.getByTestId("evaluation-rule")).toContainText("per il 40 % il punteggio tecnico e per il 60 % il voto");
  await expect(page.getByTestId("evaluation-rule")).toContainText("sotto 55 punti");
  const rows = page.getByTestId("ranking-row");
  await expect(rows).toHaveCount(3);
  for (const [i, e] of EXPECTED.entries()) {
    const row = rows.nth(i);
    await expect(row).toContainText(titles[e.key]);
    await expect(row.getByTestId("ranking-technical")).toHaveText(e.technical);
    await expect(row.getByTestId("ranking-value")).toHaveText(e.value);
    await expect(row.getByTestId("ranking-vote")).toHaveText(e.vote);
    await expect(row.getByTestId("ranking-final")).toHaveText(e.final);
  }
  // The vote alone would have ranked them the other way round (+6, +3, 0).
  const byVote = [...EXPECTED].sort((a, b) => Number(b.value.replace("+", "")) - Number(a.value.replace("+", ""))).map((e) => e.key);
  expect(byVote).toEqual(["A", "C", "B"]);
  expect(EXPECTED.map((e) => e.key)).not.toEqual(byVote);
  await expect(page.getByTestId("quorum")).toHaveText("Quorum raggiunto: i risultati sono validi.");
  await checkPageAtBothWidths(page, "public results");

  // 10. The lead applicant reads its committee scores and their justifications; another firm does not.
  await signInSession(page, LEAD_A);
  await page.goto(`/proposals/${ids.A}`);
  const own = page.getByTestId("own-appraisal");
  await expect(own.getByTestId("own-appraisal-row")).toHaveCount(4);
  await expect(own.getByTestId("own-appraisal-row").first()).toContainText("Innovazione");
  await expect(own.getByTestId("own-appraisal-row").first()).toContainText("18 su 30");
  await expect(own).toContainText(`La commissione assegna 15 punti per Impatto territoriale a «${titles.A}».`);
  await expect(own.getByTestId("own-appraisal-total")).toHaveText("60 su 100");
  await checkPageAtBothWidths(page, "own appraisal");
  // No evaluator's individual score reaches the applicant.
  await expect(page.locator("main")).not.toContainText("secondo franco.musso");
  await signOut(page);

  await signInSession(page, LEAD_B);
  await page.goto(`/proposals/${ids.A}`);
  await expect(page.getByRole("heading", { level: 1, name: titles.A })).toBeVisible();
  await expect(page.getByTestId("own-appraisal")).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("La commissione assegna");
  await page.goto(`/proposals/${ids.B}`);
  await expect(page.getByTestId("own-appraisal-total")).toHaveText("90 su 100");
});
