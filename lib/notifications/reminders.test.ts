import { and, asc, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls, emailOutbox, grants, incentiveApplications, incentiveProgrammes, notificationPreferences, notifications, onceRuns, proposals, users } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { castBallot } from "@/lib/voting/service";
import { testDb } from "@/test/db";
import { startCaptureSmtp, type CaptureSmtp } from "@/test/smtp";
import { addMember, createUser, uniqueSuffix, type TestUser } from "@/test/factories";
import { createScenario, newDraft, type Scenario } from "@/test/proposals";
import { createVotingScenario } from "@/test/voting";
import { notifyUsers } from "./notify";
import { DIGEST_MAX_ITEMS, runReminders } from "./reminders";

/*
 * Every test works in a year of its own far from the other test files' dates (2011–2015):
 * the reminders read the whole (shared) database, and no other file has calls, deadlines or
 * notifications then. Assertions count only this file's people and rows.
 */

let db: Db;

/** An SMTP server in the test process, for the cron route's sending. */
let smtp: CaptureSmtp;

beforeAll(async () => {
  db = await testDb();
  process.env.APP_URL = "http://tavolo.test";
  smtp = await startCaptureSmtp();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.CRON_SECRET;
  await smtp.close();
});

/** The dedupe keys of a person's notifications of a kind. */
async function keysOf(user: TestUser, kind: string): Promise<string[]> {
  const rows = await db
    .select({ key: notifications.dedupeKey })
    .from(notifications)
    .where(and(eq(notifications.userId, user.actor.userId), eq(notifications.kind, kind)))
    .orderBy(asc(notifications.dedupeKey));
  return rows.map((r) => r.key);
}

async function notificationsOf(user: TestUser, kind: string) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.actor.userId), eq(notifications.kind, kind)));
}

async function mailOf(user: TestUser, kind: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, user.actor.email), eq(emailOutbox.kind, kind)))
    .orderBy(asc(emailOutbox.createdAt));
}

async function confirmAddresses(...people: TestUser[]) {
  await db
    .update(users)
    .set({ emailVerifiedAt: new Date("2010-01-01T00:00:00Z") })
    .where(
      inArray(
        users.id,
        people.map((p) => p.actor.userId),
      ),
    );
}

/** Moves a scenario's call into this test's year. */
async function moveCall(callId: string, dates: { submissionOpensAt: string; submissionClosesAt: string; votingOpensAt: string; votingClosesAt: string }) {
  await db
    .update(calls)
    .set({
      submissionOpensAt: new Date(dates.submissionOpensAt),
      submissionClosesAt: new Date(dates.submissionClosesAt),
      votingOpensAt: new Date(dates.votingOpensAt),
      votingClosesAt: new Date(dates.votingClosesAt),
    })
    .where(eq(calls.id, callId));
}

const HOUR = 60 * 60_000;
const MINUTE = 60_000;

describe("voting reminders", () => {
  const window = {
    submissionOpensAt: "2011-01-05T08:00:00Z",
    submissionClosesAt: "2011-02-15T17:00:00Z",
    votingOpensAt: "2011-03-01T08:00:00Z",
    votingClosesAt: "2011-03-10T17:00:00Z",
  };
  const opens = new Date(window.votingOpensAt);
  const closes = new Date(window.votingClosesAt);

  it("tells the voter organisations' representatives when the vote opens, once, and nobody else", async () => {
    const s = await createVotingScenario(db);
    const other = await createScenario(db);
    const plainMember = await addMember(db, s.lead, "member");
    const namedRepresentative = await addMember(db, s.firm, "member", { representative: true });
    await moveCall(s.callId, window);
    await moveCall(other.callId, window);
    const voters = [s.coalition.promoter.admin, s.lead.admin, s.firm.admin, namedRepresentative, s.university.admin];
    await confirmAddresses(...voters, plainMember, s.observer.admin, other.lead.admin);
    const key = `voting_opened:${s.callId}`;

    setClock(new Date(opens.getTime() - MINUTE));
    await runReminders(db);
    for (const person of voters) expect(await keysOf(person, "voting_opened")).toEqual([]);

    setClock(opens);
    // Two runs at once, then another in the same hour: each person is told once.
    await Promise.all([runReminders(db), runReminders(db)]);
    setClock(new Date(opens.getTime() + 20 * MINUTE));
    await runReminders(db);
    for (const person of voters) {
      expect(await keysOf(person, "voting_opened")).toEqual([key]);
      // Immediate by default: one e-mail each, in the person's language.
      const mail = await mailOf(person, "notification:voting_opened");
      expect(mail).toHaveLength(1);
      expect(mail[0].subject).toContain("Votazione aperta");
    }
    const [note] = await notificationsOf(s.lead.admin, "voting_opened");
    expect(note).toMatchObject({ href: `/calls/${s.callId}/vote`, params: { closesAt: closes.toISOString() }, emailState: "queued" });
    // A plain member acts for nobody; an observer does not vote; another coalition's people hear of their own call only.
    expect(await keysOf(plainMember, "voting_opened")).toEqual([]);
    expect(await keysOf(s.observer.admin, "voting_opened")).toEqual([]);
    expect(await keysOf(other.lead.admin, "voting_opened")).toEqual([`voting_opened:${other.callId}`]);
    expect(await mailOf(plainMember, "notification:voting_opened")).toEqual([]);
  });

  it("48 hours before the close tells only the organisations that have not voted, once, without saying how anyone voted", async () => {
    const s = await createVotingScenario(db);
    const proposalId = await s.proposal();
    await moveCall(s.callId, { ...window, votingOpensAt: "2011-04-01T08:00:00Z", votingClosesAt: "2011-04-10T16:00:00Z" });
    const closing = new Date("2011-04-10T16:00:00Z");
    const key = `voting_closing:${s.callId}`;

    // The firm votes (this takes the voters' snapshot); the others do not.
    setClock(new Date("2011-04-02T10:00:00Z"));
    await castBallot(db, s.firm.admin.actor, { callId: s.callId, proposalId, organisationId: s.firm.organisationId, value: -1 });

    setClock(new Date(closing.getTime() - 48 * HOUR - MINUTE));
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "voting_closing")).toEqual([]);

    setClock(new Date(closing.getTime() - 48 * HOUR));
    await runReminders(db);
    await runReminders(db);
    setClock(new Date(closing.getTime() - 47 * HOUR));
    await runReminders(db);
    for (const org of [s.lead, s.university, s.coalition.promoter]) {
      expect(await keysOf(org.admin, "voting_closing")).toEqual([key]);
      const [note] = await notificationsOf(org.admin, "voting_closing");
      // Exactly these values: the organisation's own name, nothing of any ballot.
      expect(note.params).toEqual({ call: expect.any(String), organisation: org.input.legalName, closesAt: closing.toISOString() });
    }
    expect(await keysOf(s.firm.admin, "voting_closing")).toEqual([]);
    expect(await keysOf(s.observer.admin, "voting_closing")).toEqual([]);

    // After the close: nothing more, and a vote whose results are out is left alone.
    setClock(new Date(closing.getTime() + HOUR));
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "voting_closing")).toEqual([key]);
  });

  it("says nothing of a call whose results are published, even inside its window", async () => {
    const s = await createVotingScenario(db);
    await moveCall(s.callId, { ...window, votingOpensAt: "2011-05-01T08:00:00Z", votingClosesAt: "2011-05-10T16:00:00Z" });
    await db.update(calls).set({ status: "results", resultsPublishedAt: new Date("2011-05-09T10:00:00Z") }).where(eq(calls.id, s.callId));
    setClock(new Date("2011-05-09T12:00:00Z"));
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "voting_opened")).toEqual([]);
    expect(await keysOf(s.lead.admin, "voting_closing")).toEqual([]);
  });
});

describe("a run's time budget", () => {
  it("starts no new work once the budget is spent, and the next run does it", async () => {
    const s = await createVotingScenario(db);
    await moveCall(s.callId, {
      submissionOpensAt: "2011-05-05T08:00:00Z",
      submissionClosesAt: "2011-05-15T17:00:00Z",
      votingOpensAt: "2011-06-01T08:00:00Z",
      votingClosesAt: "2011-06-20T17:00:00Z",
    });
    setClock(new Date("2011-06-01T09:00:00Z"));
    const spent = await runReminders(db, undefined, { budgetMs: 0 });
    expect(spent.unfinished).toBe(true);
    expect(await keysOf(s.lead.admin, "voting_opened")).toEqual([]);
    const next = await runReminders(db);
    expect(next.unfinished).toBe(false);
    expect(await keysOf(s.lead.admin, "voting_opened")).toEqual([`voting_opened:${s.callId}`]);
  });
});

describe("draft deadline reminder", () => {
  it("72 hours before the submission deadline tells the people of each draft's lead, once; submitted proposals are left alone", async () => {
    const s: Scenario = await createScenario(db);
    const draftId = await newDraft(db, s);
    const colleague = await addMember(db, s.lead, "member");
    const [submitted] = await db
      .insert(proposals)
      .values({
        callId: s.callId,
        leadOrganisationId: s.firm.organisationId,
        reference: `T-${uniqueSuffix()}`,
        title: "Già presentata",
        status: "submitted",
        submittedAt: new Date("2012-05-01T09:00:00Z"),
        createdBy: s.firm.admin.actor.userId,
      })
      .returning({ id: proposals.id });
    const deadline = new Date("2012-05-15T16:00:00Z");
    await moveCall(s.callId, {
      submissionOpensAt: "2012-04-01T08:00:00Z",
      submissionClosesAt: deadline.toISOString(),
      votingOpensAt: "2012-05-20T08:00:00Z",
      votingClosesAt: "2012-05-30T16:00:00Z",
    });

    setClock(new Date(deadline.getTime() - 72 * HOUR - MINUTE));
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "draft_deadline")).toEqual([]);

    setClock(new Date(deadline.getTime() - 72 * HOUR));
    await Promise.all([runReminders(db), runReminders(db)]);
    setClock(new Date(deadline.getTime() - 71 * HOUR));
    await runReminders(db);
    for (const person of [s.lead.admin, colleague]) {
      expect(await keysOf(person, "draft_deadline")).toEqual([`draft_deadline:${draftId}`]);
    }
    const [note] = await notificationsOf(s.lead.admin, "draft_deadline");
    expect(note).toMatchObject({ href: `/proposals/${draftId}/edit`, params: { proposal: "Bozza", deadlineAt: deadline.toISOString() } });
    // The submitted proposal's lead and the partners of nothing hear nothing.
    expect(await keysOf(s.firm.admin, "draft_deadline")).toEqual([]);
    expect(await keysOf(s.university.admin, "draft_deadline")).toEqual([]);
    expect(submitted.id).toBeTruthy();

    // After the deadline a new draft (written by hand) is not reminded.
    const [late] = await db
      .insert(proposals)
      .values({ callId: s.callId, leadOrganisationId: s.university.organisationId, title: "Tardiva", createdBy: s.university.admin.actor.userId })
      .returning({ id: proposals.id });
    setClock(new Date(deadline.getTime() + MINUTE));
    await runReminders(db);
    expect(await keysOf(s.university.admin, "draft_deadline")).toEqual([]);
    expect(late.id).toBeTruthy();
  });
});

describe("incentive deadline reminders", () => {
  it("14 days ahead (by Rome's calendar) tells the beneficiary's people of a grant's final report and end and of an application's end, once per deadline and date", async () => {
    const s = await createScenario(db);
    const colleague = await addMember(db, s.lead, "member");
    const [proposal] = await db
      .insert(proposals)
      .values({ callId: s.callId, leadOrganisationId: s.lead.organisationId, title: "ERP condiviso", status: "selected", createdBy: s.lead.admin.actor.userId })
      .returning({ id: proposals.id });
    const grantRow = (organisationId: string, status: "in_progress" | "closed") => ({
      callId: s.callId,
      proposalId: proposal.id,
      organisationId,
      resultsVersion: 1,
      status,
      eligibleCostCents: 100_00,
      grantedCents: 100_00,
      finalReportDueOn: "2013-06-20",
      endsOn: "2013-06-30",
      createdBy: s.coalition.promoter.admin.actor.userId,
    });
    const [grant] = await db.insert(grants).values(grantRow(s.lead.organisationId, "in_progress")).returning({ id: grants.id });
    // A closed grant has nothing left to do.
    await db.insert(grants).values(grantRow(s.firm.organisationId, "closed"));
    const [programme] = await db
      .insert(incentiveProgrammes)
      .values({ name: `Voucher ${uniqueSuffix()}`, authority: "Regione", level: "regional", aidRegime: "de_minimis", procedure: "first_come", createdBy: s.lead.admin.actor.userId })
      .returning({ id: incentiveProgrammes.id });
    const application = (organisationId: string, status: "granted" | "rejected", title: string) => ({
      programmeId: programme.id,
      organisationId,
      title,
      status,
      projectEndsOn: "2013-06-25",
      createdBy: s.lead.admin.actor.userId,
    });
    const [granted] = await db.insert(incentiveApplications).values(application(s.lead.organisationId, "granted", "Voucher digitale")).returning({ id: incentiveApplications.id });
    await db.insert(incentiveApplications).values(application(s.university.organisationId, "rejected", "Respinta"));

    const grantReport = `incentive_deadline:grant:${grant.id}:final_report:2013-06-20`;
    const applicationEnd = `incentive_deadline:application:${granted.id}:project_end:2013-06-25`;
    const grantEnd = `incentive_deadline:grant:${grant.id}:project_end:2013-06-30`;

    // 23:59 on 5 June in Rome: 20 June is 15 days away.
    setClock(new Date("2013-06-05T21:59:00Z"));
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "incentive_deadline")).toEqual([]);

    // Midnight in Rome (22:00 UTC, summer time): 6 June, 20 June is 14 days away.
    setClock(new Date("2013-06-05T22:00:00Z"));
    await Promise.all([runReminders(db), runReminders(db)]);
    await runReminders(db);
    for (const person of [s.lead.admin, colleague]) expect(await keysOf(person, "incentive_deadline")).toEqual([grantReport]);
    const [note] = await notificationsOf(s.lead.admin, "incentive_deadline");
    expect(note).toMatchObject({ href: `/grants/${grant.id}`, params: { title: "ERP condiviso", what: "final_report", dueAt: "2013-06-20" } });

    setClock(new Date("2013-06-11T10:00:00Z"));
    await runReminders(db);
    setClock(new Date("2013-06-16T10:00:00Z"));
    await runReminders(db);
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "incentive_deadline")).toEqual([applicationEnd, grantEnd, grantReport].sort());
    const byKey = new Map((await notificationsOf(colleague, "incentive_deadline")).map((n) => [n.dedupeKey, n]));
    expect(byKey.get(applicationEnd)).toMatchObject({ href: `/funding/applications/${granted.id}`, params: { title: "Voucher digitale", what: "project_end" } });

    // The closed grant's and the rejected application's organisations hear nothing.
    expect(await keysOf(s.firm.admin, "incentive_deadline")).toEqual([]);
    expect(await keysOf(s.university.admin, "incentive_deadline")).toEqual([]);

    // The final report's date moves: the new date is reminded too (once).
    await db.update(grants).set({ finalReportDueOn: "2013-06-28" }).where(eq(grants.id, grant.id));
    await runReminders(db);
    await runReminders(db);
    expect(await keysOf(s.lead.admin, "incentive_deadline")).toContain(`incentive_deadline:grant:${grant.id}:final_report:2013-06-28`);
    expect(await keysOf(s.lead.admin, "incentive_deadline")).toHaveLength(4);
  });
});

describe("daily digest", () => {
  it("once per Rome day from 07:00, one e-mail listing everything waiting, in the person's language, escaped; then marked digested", async () => {
    const person = await createUser(db);
    const other = await createUser(db);
    await confirmAddresses(person, other);
    await db.update(users).set({ locale: "en" }).where(eq(users.id, person.actor.userId));
    const tell = (user: TestUser, kind: "call_opened" | "results_published", call: string, key: string) =>
      notifyUsers(db, [user.actor.userId], { kind, params: { call, coalition: "Patto <Canavese> & co", closesAt: "2014-04-01T16:00:00.000Z", version: 1 }, href: `/calls/${key}`, dedupeKey: `test:${key}` });

    // 06:00 and 06:10 in Rome (UTC+1 in March).
    setClock(new Date("2014-03-10T05:00:00Z"));
    await tell(person, "call_opened", "Bando <script>alert(1)</script>", `a-${uniqueSuffix()}`);
    setClock(new Date("2014-03-10T05:10:00Z"));
    await tell(person, "call_opened", "Secondo bando", `b-${uniqueSuffix()}`);
    await tell(other, "call_opened", "Altro bando", `c-${uniqueSuffix()}`);
    // results_published goes to the digest by default; then the person moves it to in-app only.
    await tell(person, "results_published", "Risultati", `d-${uniqueSuffix()}`);
    await db.insert(notificationPreferences).values({ userId: person.actor.userId, kind: "results_published", channel: "in_app", updatedAt: new Date("2014-01-01T00:00:00Z") });
    const waiting = await notificationsOf(person, "call_opened");
    expect(waiting.map((n) => n.emailState)).toEqual(["digest", "digest"]);
    expect((await notificationsOf(person, "results_published"))[0].emailState).toBe("digest");

    // Before 07:00 in Rome: nothing yet.
    setClock(new Date("2014-03-10T05:59:00Z"));
    await runReminders(db);
    expect(await mailOf(person, "notification:digest")).toEqual([]);

    setClock(new Date("2014-03-10T06:00:00Z"));
    await Promise.all([runReminders(db), runReminders(db)]);
    setClock(new Date("2014-03-10T07:00:00Z"));
    await runReminders(db);
    const mail = await mailOf(person, "notification:digest");
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ locale: "en", subject: "2 updates on Tavolo" });
    expect(mail[0].textBody).toContain("Here is what happened in the last 24 hours:");
    expect(mail[0].textBody).toContain("New call: Bando <script>alert(1)</script>");
    expect(mail[0].textBody).toContain("New call: Secondo bando");
    expect(mail[0].textBody).toContain("http://tavolo.test/account/notifications");
    expect(mail[0].textBody).toContain(`http://tavolo.test${waiting[0].href}`);
    expect(mail[0].textBody).not.toContain("Risultati");
    expect(mail[0].htmlBody).not.toContain("<script>");
    expect(mail[0].htmlBody).toContain("Bando &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail[0].htmlBody).toContain("Patto &lt;Canavese&gt; &amp; co");
    expect(mail[0].htmlBody).not.toMatch(/<img|utm_|pixel/i);
    expect(mail[0].htmlBody).toContain('<html lang="en">');
    expect((await notificationsOf(person, "call_opened")).map((n) => n.emailState)).toEqual(["digested", "digested"]);
    expect((await notificationsOf(person, "results_published"))[0].emailState).toBe("none");
    // The other person's digest is their own, in Italian (the default).
    const otherMail = await mailOf(other, "notification:digest");
    expect(otherMail).toHaveLength(1);
    expect(otherMail[0].subject).toBe("1 novità su Tavolo");
    expect(otherMail[0].textBody).toContain("Altro bando");
    expect(otherMail[0].textBody).not.toContain("Secondo bando");

    // Later the same day: a new item waits for tomorrow.
    setClock(new Date("2014-03-10T15:00:00Z"));
    await tell(person, "call_opened", "Terzo bando", `e-${uniqueSuffix()}`);
    setClock(new Date("2014-03-10T22:59:00Z"));
    await runReminders(db);
    expect(await mailOf(person, "notification:digest")).toHaveLength(1);

    // The next Rome day, from 07:00: just the new one.
    setClock(new Date("2014-03-11T06:30:00Z"));
    await runReminders(db);
    await runReminders(db);
    const both = await mailOf(person, "notification:digest");
    expect(both).toHaveLength(2);
    expect(both[1].subject).toBe("1 update on Tavolo");
    expect(both[1].textBody).toContain("Terzo bando");
    expect(both[1].textBody).not.toContain("Secondo bando");

    // Days later the day's claims are forgotten (once_runs does not grow a row per person per day for ever).
    const claims = () => db.select({ key: onceRuns.key }).from(onceRuns).where(like(onceRuns.key, `digest:${person.actor.userId}:%`));
    expect((await claims()).map((c) => c.key).sort()).toEqual([`digest:${person.actor.userId}:2014-03-10`, `digest:${person.actor.userId}:2014-03-11`]);
    setClock(new Date("2014-03-14T06:00:00Z"));
    await runReminders(db);
    expect((await claims()).map((c) => c.key)).toEqual([`digest:${person.actor.userId}:2014-03-11`]);
    expect(await mailOf(person, "notification:digest")).toHaveLength(2);
  });

  it("lists at most DIGEST_MAX_ITEMS a day and leaves the rest for the next", async () => {
    const person = await createUser(db);
    await confirmAddresses(person);
    setClock(new Date("2014-06-01T04:00:00Z"));
    const suffix = uniqueSuffix();
    for (let i = 0; i < DIGEST_MAX_ITEMS + 3; i++) {
      await notifyUsers(db, [person.actor.userId], { kind: "call_opened", params: { call: `Bando ${i}`, coalition: "Patto", closesAt: "2014-07-01T16:00:00.000Z" }, href: "/calls", dedupeKey: `test:${suffix}:${i}` });
    }
    setClock(new Date("2014-06-01T06:00:00Z"));
    await runReminders(db);
    const states = async () => (await notificationsOf(person, "call_opened")).filter((n) => n.emailState === "digest").length;
    expect(await states()).toBe(3);
    setClock(new Date("2014-06-02T06:00:00Z"));
    await runReminders(db);
    expect(await states()).toBe(0);
    expect((await mailOf(person, "notification:digest")).map((m) => m.subject)).toEqual([`${DIGEST_MAX_ITEMS} novità su Tavolo`, "3 novità su Tavolo"]);
  }, 60_000);
});

describe("the cron route /api/cron/reminders", () => {
  const secret = "a-reminders-secret-of-some-length";
  const call = async (authorization?: string) => {
    const { GET } = await import("@/app/api/cron/reminders/route");
    return GET(new Request("http://localhost/api/cron/reminders", { headers: authorization ? { authorization } : {} }));
  };

  it("refuses a missing or wrong secret, and with the right one runs the reminders and sends their mail", async () => {
    const person = await createUser(db);
    await confirmAddresses(person);
    setClock(new Date("2015-02-03T05:00:00Z"));
    const key = `test:route:${uniqueSuffix()}`;
    await notifyUsers(db, [person.actor.userId], { kind: "call_opened", params: { call: "Bando del cron", coalition: "Patto", closesAt: "2015-03-01T16:00:00.000Z" }, href: "/calls", dedupeKey: key });
    setClock(new Date("2015-02-03T07:00:00Z"));

    delete process.env.CRON_SECRET;
    expect((await call(`Bearer ${secret}`)).status).toBe(401);
    process.env.CRON_SECRET = secret;
    expect((await call()).status).toBe(401);
    expect((await call("Bearer a-reminders-secret-of-some-lengtx")).status).toBe(401);
    expect((await call(secret)).status).toBe(401);
    // Refused runs did nothing.
    expect((await notificationsOf(person, "call_opened"))[0].emailState).toBe("digest");
    expect(await mailOf(person, "notification:digest")).toEqual([]);

    process.env.SMTP_URL = smtp.url;
    try {
      const response = await call(`Bearer ${secret}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = (await response.json()) as { reminders: Record<string, number>; outbox: { sent: number; retried: number; failed: number } };
      expect(body.reminders).toMatchObject({ voting_opened: expect.any(Number), incentive_deadline: expect.any(Number), failed: 0 });
      expect(body.reminders.digest).toBeGreaterThanOrEqual(1);
      expect(body.outbox).toEqual({ sent: expect.any(Number), retried: expect.any(Number), failed: expect.any(Number) });
      expect((await notificationsOf(person, "call_opened"))[0].emailState).toBe("digested");
      // Other test files drain the shared outbox too (oldest first, and this mail is dated 2015):
      // one of them may have sent it; it is sent once, and when it was this route, it came here.
      const [mail] = await mailOf(person, "notification:digest");
      expect(mail).toMatchObject({ status: "sent", attempts: 1 });
      const received = smtp.captured.filter((m) => m.to.includes(person.actor.email));
      expect(received.length).toBeLessThanOrEqual(1);
      if (received.length) expect(received[0].raw).toContain("Bando del cron");

      // Again in the same hour: nothing new for this person.
      expect((await call(`Bearer ${secret}`)).status).toBe(200);
      expect(await mailOf(person, "notification:digest")).toHaveLength(1);
      expect(smtp.captured.filter((m) => m.to.includes(person.actor.email)).length).toBeLessThanOrEqual(1);
    } finally {
      delete process.env.SMTP_URL;
      delete process.env.CRON_SECRET;
    }
  }, 120_000);
});
