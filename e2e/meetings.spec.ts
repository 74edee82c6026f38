import pg from "pg";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS, demoOrganisation } from "../db/seed/data";
import { signInSession } from "./helpers";
import { checkPageAtBothWidths } from "./journeys/checks";
import { databaseUrl, NEEDS_DATABASE } from "./security/helpers";

/**
 * Meetings of the table (issue 14, items 3–4): the promoter convenes a meeting in the UI, a
 * member's representative says it will attend and downloads the .ics, the meeting is moved
 * into the past (SQL), the promoter records attendance, drafts the minutes and circulates them,
 * the member comments, the period is closed (SQL), the promoter answers and approves, and a
 * visitor reads the approved minutes (no comment, no link) and downloads their PDF.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ viewport: { width: 1366, height: 900 } });

const SLUG = DEMO_COALITION.slug;
const MEMBER = demoOrganisation("software-eporedia");
const SHOTS = process.env.MEETINGS_SHOTS;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}

/** Moves time for the meeting the way the clock would (as the tables' owner). */
async function sql(text: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

async function as(browser: Browser, email: string | null): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  if (email) await signInSession(page, email);
  return page;
}

/** Tomorrow's Rome date, "YYYY-MM-DD". */
function tomorrow(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + 24 * 60 * 60 * 1000));
}

test("a meeting convened, answered, attended, minuted, commented and approved; public minutes and PDF", async ({ browser }) => {
  test.setTimeout(240_000);
  const token = `${Date.now()}`;
  const title = `Seduta straordinaria e2e ${token}`;
  const comment = `Al punto 1 va citata la delibera di approvazione. [${token}]`;

  // The promoter convenes it from the list of meetings.
  const promoter = await as(browser, DEMO_SIGN_INS.promoter);
  await promoter.goto(`/coalitions/${SLUG}/meetings`);
  await expect(promoter.getByRole("heading", { level: 1, name: "Sedute del tavolo" })).toBeVisible();
  await checkPageAtBothWidths(promoter, "meetings list");
  await shot(promoter, "meetings-list");
  await promoter.getByTestId("meeting-convene-link").click();
  await expect(promoter.getByRole("heading", { level: 1, name: "Convoca una seduta" })).toBeVisible();
  const form = promoter.getByTestId("convene-form");
  await form.getByRole("button", { name: "Convoca la seduta" }).click();
  await expect(promoter.getByTestId("error-summary")).toBeFocused();
  await expect(form.locator("#meeting-title")).toHaveAttribute("aria-invalid", "true");
  await checkPageAtBothWidths(promoter, "convene errors");
  await form.locator("#meeting-title").fill(title);
  await form.locator("#meeting-date").fill(tomorrow());
  await form.locator("#meeting-startTime").fill("10:00");
  await form.locator("#meeting-endTime").fill("12:00");
  await form.locator("#meeting-location").fill("Sala consiliare, Piazza Vittorio Emanuele 1, Ivrea");
  await form.locator("#meeting-onlineUrl").fill("http://meet.example.org/tavolo");
  await form.getByRole("button", { name: "Convoca la seduta" }).click();
  await expect(form.getByTestId("meeting-onlineUrl-error")).toContainText("https://");
  await form.locator("#meeting-onlineUrl").fill(`https://meet.example.org/tavolo-${token}`);
  await form.locator("#meeting-agenda-0-title").fill("Bando «Piattaforme digitali condivise per il distretto»");
  await form.getByLabel("Punto 1: descrizione (facoltativa)").fill("Proroga della scadenza, costi ammissibili; calendario");
  await form.getByTestId("agenda-add").click();
  await form.locator("#meeting-agenda-1-title").fill("Varie ed eventuali");
  await shot(promoter, "meeting-new");
  await form.getByRole("button", { name: "Convoca la seduta" }).click();
  await expect(promoter.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const meetingUrl = new URL(promoter.url()).pathname;
  const meetingId = meetingUrl.split("/").at(-1)!;
  await expect(promoter.getByTestId("meeting-when")).toContainText("dalle 10:00 alle 12:00 (ora di Roma)");
  await expect(promoter.getByTestId("meeting-agenda").getByRole("listitem")).toHaveCount(2);
  await checkPageAtBothWidths(promoter, "meeting convened");

  // A member's representative: told, answers, sees the link, downloads the .ics.
  const member = await as(browser, MEMBER.people[0].email);
  await member.goto("/notifications");
  await expect(member.getByText(`Seduta convocata: ${title}`)).toBeVisible();
  await member.goto(meetingUrl);
  await expect(member.getByTestId("meeting-online-link")).toHaveAttribute("href", `https://meet.example.org/tavolo-${token}`);
  const answer = member.getByTestId("meeting-answer-form");
  // bootstrap-italia draws the radio on its label.
  await answer.getByText("Sì, parteciperà", { exact: true }).click();
  await expect(answer.getByLabel("Sì, parteciperà")).toBeChecked();
  await answer.getByRole("button", { name: "Salva la risposta" }).click();
  await expect(member.getByTestId("meeting-answer-saved")).toBeVisible();
  await expect(member.getByTestId("meeting-counts")).toContainText(/: (1 parteciperà|2 parteciperanno)/);
  await checkPageAtBothWidths(member, "member answered");
  await shot(member, "meeting-member");
  const [download] = await Promise.all([member.waitForEvent("download"), member.getByTestId("meeting-ics-link").click()]);
  const ics = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  expect(ics).toContain(`UID:meeting-${meetingId}@tavolo\r\n`);
  expect(ics).toContain("SEQUENCE:0\r\n");
  expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z\r\n/);
  expect(ics.replace(/\r\n /g, "")).toContain("Proroga della scadenza\\, costi ammissibili\\; calendario");
  expect(ics.replace(/\r\n /g, "")).toContain(`https://meet.example.org/tavolo-${token}`);
  // Without a session the calendar has no link.
  const anonymousIcs = await (await browser.newContext()).request.get(`http://127.0.0.1:${process.env.E2E_PORT ?? 3100}/api/meetings/${meetingId}/ics`);
  expect(await anonymousIcs.text()).not.toContain("meet.example.org");

  // The meeting took place.
  await sql("update meetings set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where id = $1", [meetingId]);

  // The promoter records the attendance, drafts the minutes, circulates them.
  await promoter.reload();
  const record = promoter.getByTestId("meeting-record-form");
  await expect(record.getByLabel(new RegExp(MEMBER.legalName))).toBeChecked();
  await record.getByRole("button", { name: "Salva le presenze" }).click();
  await expect(promoter.getByTestId("meeting-attendance-saved")).toBeVisible();
  const editor = promoter.getByTestId("minutes-editor");
  await editor.getByLabel("Resoconto della seduta").fill(`La seduta si apre alle 10:05. Il tavolo discute il bando. [${token}]`);
  await editor.getByLabel("Decisione sul punto 1").fill("Il tavolo approva la pubblicazione del bando.");
  await editor.getByLabel("Che cosa decide (punto 1)").selectOption("call_published");
  await editor.getByLabel("Bando (punto 1)").selectOption({ label: OPEN_CALL_TITLE });
  await editor.getByRole("button", { name: "Salva la bozza" }).click();
  await expect(promoter.getByTestId("minutes-saved")).toBeVisible();
  await checkPageAtBothWidths(promoter, "minutes draft");
  await shot(promoter, "meeting-promoter-draft");
  await editor.getByLabel("Giorni per i commenti").fill("7");
  await editor.getByRole("button", { name: "Invia il verbale ai membri" }).click();
  await promoter.getByRole("dialog").getByRole("button", { name: "Sì, invia" }).click();
  await expect(promoter.getByTestId("minutes-circulated")).toBeVisible();

  // The member comments while the period is open.
  await member.reload();
  await expect(member.getByTestId("minutes-period")).toContainText("I membri possono commentare fino");
  const commentForm = member.getByTestId("minutes-comment-form");
  await commentForm.getByLabel("Commento", { exact: true }).fill(comment);
  await commentForm.getByRole("button", { name: "Invia il commento" }).click();
  await expect(member.getByTestId("minutes-comment-sent")).toBeVisible();
  await expect(member.getByTestId("minutes-comment").filter({ hasText: comment })).toBeVisible();
  await checkPageAtBothWidths(member, "member commented");
  await shot(member, "meeting-member-comment");

  // The period is over: the promoter answers the comment and approves, after confirming.
  await sql("update meeting_minutes set comments_close_at = now() - interval '1 minute' where meeting_id = $1", [meetingId]);
  await promoter.reload();
  const item = promoter.getByTestId("minutes-comment").filter({ hasText: comment });
  await item.getByLabel(`Risposta al commento di ${MEMBER.legalName}`).fill("Accolto: la decisione cita la delibera.");
  await item.getByRole("button", { name: "Salva la risposta" }).click();
  await expect(promoter.getByTestId("minutes-answer-saved")).toBeVisible();
  await promoter.getByTestId("minutes-editor").getByRole("button", { name: "Approva il verbale" }).click();
  await expect(promoter.getByRole("dialog")).toContainText("irreversibile");
  await promoter.getByRole("dialog").getByRole("button", { name: "Sì, approva" }).click();
  await expect(promoter.getByTestId("approved-minutes")).toBeVisible();
  await expect(promoter.getByTestId("minutes-editor")).toHaveCount(0);

  // A visitor reads the approved minutes: organisations, decisions, hash; no comment, no link, no names.
  const visitor = await as(browser, null);
  await visitor.goto(meetingUrl);
  const approved = visitor.getByTestId("approved-minutes");
  await expect(approved.getByTestId("minutes-attended")).toContainText(MEMBER.legalName);
  await expect(approved.getByTestId("minutes-decisions")).toContainText("Il tavolo approva la pubblicazione del bando.");
  await expect(approved.getByTestId("minutes-hash")).toHaveText(/^[0-9a-f]{64}$/);
  const html = await visitor.content();
  for (const secret of [comment, "Accolto: la decisione", "meet.example.org", MEMBER.people[0].name, MEMBER.people[0].email]) expect(html).not.toContain(secret);
  await checkPageAtBothWidths(visitor, "approved minutes");
  await shot(visitor, "meeting-approved");
  const pdf = await visitor.request.get(await approved.getByTestId("minutes-pdf-link").getAttribute("href").then((h) => h!));
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["cache-control"]).toContain("immutable");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // The call links back to the minutes that decided it.
  await visitor.goto(`/coalitions/${SLUG}/meetings`);
  await expect(visitor.getByTestId("meetings-past").getByRole("link", { name: title })).toBeVisible();
  await visitor.goto(`/coalitions/${SLUG}`);
  await visitor.getByRole("link", { name: OPEN_CALL_TITLE }).first().click();
  await expect(visitor.getByTestId("decided-in-meeting").locator(`a[href="${meetingUrl}"]`)).toHaveText("verbale");
});
