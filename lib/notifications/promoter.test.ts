import { and, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, notifications, onceRuns } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { castBallot } from "@/lib/voting/service";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { addMember, createOrganisation, createUser, randomUUID } from "@/test/factories";
import { AFTER_VOTING, BEFORE_VOTING, createVotingScenario, VOTING } from "@/test/voting";
import { COALITION_MESSAGES_PER_DAY, getVoteReminderStatus, nextRomeMidnight, romeDay, sendCoalitionMessage, sendVoteReminder } from "./promoter";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** The reminder notifications of one call: who got which, for which organisation. */
async function reminders(callId: string) {
  return db
    .select({ userId: notifications.userId, params: notifications.params, href: notifications.href, dedupeKey: notifications.dedupeKey, kind: notifications.kind })
    .from(notifications)
    .where(like(notifications.dedupeKey, `vote_reminder:${callId}:%`));
}

async function auditOf(entityId: string, action: string) {
  return db
    .select({ data: auditEntries.data, actorUserId: auditEntries.actorUserId, organisationId: auditEntries.organisationId })
    .from(auditEntries)
    .where(and(eq(auditEntries.entityId, entityId), eq(auditEntries.action, action)))
    .orderBy(auditEntries.seq);
}

async function onceRunKeys(callId: string) {
  const rows = await db.select({ key: onceRuns.key }).from(onceRuns).where(like(onceRuns.key, `vote_reminder:${callId}:%`));
  return rows.map((r) => r.key).sort();
}

describe("Rome days", () => {
  it("a day is Rome's calendar day, and the next begins at Rome's midnight (winter and summer)", () => {
    expect(romeDay(new Date("2026-02-23T22:59:00Z"))).toBe("2026-02-23");
    expect(romeDay(new Date("2026-02-23T23:00:00Z"))).toBe("2026-02-24");
    expect(nextRomeMidnight(new Date("2026-02-23T09:00:00Z")).toISOString()).toBe("2026-02-23T23:00:00.000Z");
    expect(nextRomeMidnight(new Date("2026-07-10T21:59:00Z")).toISOString()).toBe("2026-07-10T22:00:00.000Z");
    // The night clocks go forward: 29 March 2026 begins at 00:00 CET.
    expect(nextRomeMidnight(new Date("2026-03-28T12:00:00Z")).toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });
});

describe("sendVoteReminder", () => {
  it("only a promoter of the call's coalition may send it: members, another coalition's promoter, strangers and visitors are refused, and nothing is written", async () => {
    const s = await createVotingScenario(db);
    await s.proposal();
    const other = await createTestCoalition(db);
    const stranger = await createUser(db);
    const promoterPlainMember = await addMember(db, s.coalition.promoter, "member");
    setClock(VOTING);
    const input = { callId: s.callId };
    await expectAppError(sendVoteReminder(db, s.firm.admin.actor, input), "FORBIDDEN");
    await expectAppError(sendVoteReminder(db, s.observer.admin.actor, input), "FORBIDDEN");
    await expectAppError(sendVoteReminder(db, promoterPlainMember.actor, input), "FORBIDDEN");
    await expectAppError(sendVoteReminder(db, other.promoter.admin.actor, input), "FORBIDDEN");
    await expectAppError(sendVoteReminder(db, stranger.actor, input), "FORBIDDEN");
    await expectAppError(sendVoteReminder(db, null, input), "UNAUTHENTICATED");
    await expectAppError(sendVoteReminder(db, s.coalition.promoter.admin.actor, { callId: randomUUID() }), "NOT_FOUND", "callNotFound");
    await expectAppError(sendVoteReminder(db, s.coalition.promoter.admin.actor, { callId: "nope" }), "VALIDATION");
    expect(await reminders(s.callId)).toEqual([]);
    expect(await onceRunKeys(s.callId)).toEqual([]);
    expect(await auditOf(s.callId, "call.vote_reminder_sent")).toEqual([]);
  });

  it("reaches only the representatives of voting organisations that have not voted, each about their own organisation", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    const leadRepresentative = await addMember(db, s.lead, "member", { representative: true });
    const leadPlain = await addMember(db, s.lead, "member");
    const universityPlain = await addMember(db, s.university, "member");
    const promoterColleague = await addMember(db, s.coalition.promoter, "admin");
    const firmColleague = await addMember(db, s.firm, "admin");
    setClock(VOTING);
    await castBallot(db, s.firm.admin.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: 1 });

    const sender = s.coalition.promoter.admin.actor;
    const result = await sendVoteReminder(db, sender, { callId: s.callId });
    // The promoter, the lead and the university have not voted; the firm has, the observer has no vote.
    expect(result.organisations).toBe(3);
    const rows = await reminders(s.callId);
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    const expected = [s.lead.admin, leadRepresentative, s.university.admin, promoterColleague].map((u) => u.actor.userId);
    expect([...byUser.keys()].sort()).toEqual([...expected].sort());
    expect(result.recipients).toBe(expected.length);
    for (const nobody of [sender, leadPlain.actor, universityPlain.actor, s.firm.admin.actor, firmColleague.actor, s.observer.admin.actor]) {
      expect(byUser.has(nobody.userId)).toBe(false);
    }
    const leadRow = byUser.get(s.lead.admin.actor.userId)!;
    expect(leadRow.kind).toBe("vote_reminder");
    expect(leadRow.href).toBe(`/calls/${s.callId}/vote`);
    expect(leadRow.params).toMatchObject({ organisation: s.lead.input.legalName, closesAt: "2026-03-08T17:00:00.000Z" });
    expect(byUser.get(s.university.admin.actor.userId)!.params).toMatchObject({ organisation: s.university.input.legalName });
    // Nobody's reminder names another organisation (who voted stays the promoters' to know).
    for (const row of rows) expect(JSON.stringify(row.params)).not.toContain(s.firm.input.legalName);

    const [audit] = await auditOf(s.callId, "call.vote_reminder_sent");
    expect(audit).toMatchObject({ actorUserId: sender.userId, organisationId: s.coalition.promoter.organisationId, data: { organisations: 3, recipients: 4, day: "2026-02-23" } });

    const status = await getVoteReminderStatus(db, sender, s.callId);
    expect(status).toMatchObject({ sentToday: true, nextAt: new Date("2026-02-23T23:00:00Z"), last: { organisations: 3 } });
    expect(await getVoteReminderStatus(db, s.firm.admin.actor, s.callId)).toBeNull();
  });

  it("once per call and Rome day: a second one that day is refused with the time of the next and writes nothing; after Rome's midnight it works", async () => {
    const s = await createVotingScenario(db);
    await s.proposal();
    const sender = s.coalition.promoter.admin.actor;
    // 23:30 in Rome on 23 February (22:30 UTC).
    setClock(new Date("2026-02-23T22:30:00Z"));
    const first = await sendVoteReminder(db, sender, { callId: s.callId });
    expect(first.organisations).toBe(4);
    const afterFirst = { rows: (await reminders(s.callId)).length, keys: await onceRunKeys(s.callId), audit: (await auditOf(s.callId, "call.vote_reminder_sent")).length };
    // The promoter's organisation has not voted either, but its only representative is the sender.
    expect(afterFirst).toEqual({ rows: 3, keys: [`vote_reminder:${s.callId}:2026-02-23`], audit: 1 });

    setClock(new Date("2026-02-23T22:55:00Z"));
    const again = await expectAppError(sendVoteReminder(db, sender, { callId: s.callId }), "INVALID_STATE", "voteReminderAlreadySent");
    expect(again.values).toEqual({ at: "2026-02-23T23:00:00.000Z" });
    // Another promoter of the same coalition is refused too: the limit is the call's.
    const colleague = await addMember(db, s.coalition.promoter, "admin");
    await expectAppError(sendVoteReminder(db, colleague.actor, { callId: s.callId }), "INVALID_STATE", "voteReminderAlreadySent");
    expect({ rows: (await reminders(s.callId)).length, keys: await onceRunKeys(s.callId), audit: (await auditOf(s.callId, "call.vote_reminder_sent")).length }).toEqual(afterFirst);

    // 00:10 in Rome on the 24th, still the 23rd in UTC.
    setClock(new Date("2026-02-23T23:10:00Z"));
    expect(await getVoteReminderStatus(db, sender, s.callId)).toMatchObject({ sentToday: false, last: { organisations: 4 } });
    const next = await sendVoteReminder(db, sender, { callId: s.callId });
    expect(next.organisations).toBe(4);
    expect(await onceRunKeys(s.callId)).toEqual([`vote_reminder:${s.callId}:2026-02-23`, `vote_reminder:${s.callId}:2026-02-24`]);
    const rows = await reminders(s.callId);
    // The colleague, added in between, is told the second time.
    expect(rows.filter((r) => r.dedupeKey.includes(":2026-02-24:")).map((r) => r.userId)).toContain(colleague.actor.userId);
    expect(rows.filter((r) => r.dedupeKey.includes(":2026-02-24:"))).toHaveLength(4);
    expect(await auditOf(s.callId, "call.vote_reminder_sent")).toHaveLength(2);
  });

  it("is refused before and after the voting window, and when everybody has voted", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal({ lead: s.university });
    const sender = s.coalition.promoter.admin.actor;
    setClock(BEFORE_VOTING);
    await expectAppError(sendVoteReminder(db, sender, { callId: s.callId }), "INVALID_STATE", "voteReminderVotingNotOpen");
    setClock(AFTER_VOTING);
    await expectAppError(sendVoteReminder(db, sender, { callId: s.callId }), "INVALID_STATE", "voteReminderVotingNotOpen");
    expect(await onceRunKeys(s.callId)).toEqual([]);

    setClock(VOTING);
    for (const org of [s.coalition.promoter, s.lead, s.firm]) {
      await castBallot(db, org.admin.actor, { callId: s.callId, proposalId: p, organisationId: org.organisationId, value: 1 });
    }
    // The university leads the only proposal: it has no ballot to cast but still counts as not voted.
    const result = await sendVoteReminder(db, sender, { callId: s.callId });
    expect(result.organisations).toBe(1);
    const other = await createVotingScenario(db);
    const q1 = await other.proposal({ lead: other.lead });
    const q2 = await other.proposal({ lead: other.firm });
    setClock(VOTING);
    for (const [org, q] of [[other.coalition.promoter, q1], [other.firm, q1], [other.university, q1], [other.lead, q2]] as const) {
      await castBallot(db, org.admin.actor, { callId: other.callId, proposalId: q, organisationId: org.organisationId, value: 1 });
    }
    await expectAppError(sendVoteReminder(db, other.coalition.promoter.admin.actor, { callId: other.callId }), "INVALID_STATE", "voteReminderNobodyLeft");
    expect(await onceRunKeys(other.callId)).toEqual([]);
  });
});

describe("sendCoalitionMessage", () => {
  it("reaches every person of every member organisation (promoters, members, observers) and nobody else, with its audit entry", async () => {
    const coalition = await createTestCoalition(db);
    const member = await admitTestMember(db, coalition);
    const memberPlain = await addMember(db, member, "member");
    const observer = await admitTestMember(db, coalition, { role: "observer" });
    const promoterColleague = await addMember(db, coalition.promoter, "member");
    const outsider = await createOrganisation(db, { verified: true });
    const otherCoalition = await createTestCoalition(db);
    const sender = coalition.promoter.admin.actor;

    const result = await sendCoalitionMessage(db, sender, { coalitionId: coalition.coalitionId, subject: "  Assemblea di marzo  ", message: "  Ci vediamo il 3 marzo in Comune.\nOrdine del giorno allegato.  " });
    const [audit] = await auditOf(coalition.coalitionId, "coalition.message_sent");
    expect(audit.actorUserId).toBe(sender.userId);
    expect(audit.organisationId).toBe(coalition.promoter.organisationId);
    expect(audit.data).toMatchObject({ subject: "Assemblea di marzo", message: "Ci vediamo il 3 marzo in Comune.\nOrdine del giorno allegato.", recipients: 4 });
    const rows = await db
      .select({ userId: notifications.userId, kind: notifications.kind, params: notifications.params, href: notifications.href })
      .from(notifications)
      .where(eq(notifications.dedupeKey, `coalition_message:${audit.data.messageId}`));
    const expected = [member.admin, memberPlain, observer.admin, promoterColleague].map((u) => u.actor.userId);
    expect(rows.map((r) => r.userId).sort()).toEqual([...expected].sort());
    expect(result.recipients).toBe(4);
    for (const nobody of [sender, outsider.admin.actor, otherCoalition.promoter.admin.actor]) expect(rows.some((r) => r.userId === nobody.userId)).toBe(false);
    expect(rows[0]).toMatchObject({ kind: "coalition_message", href: `/coalitions/${coalition.slug}`, params: { subject: "Assemblea di marzo", message: "Ci vediamo il 3 marzo in Comune.\nOrdine del giorno allegato." } });
    // Every person with a confirmed address gets it by e-mail at once (the kind's default); these test people have none confirmed.
    expect(result.mailIds).toEqual([]);
  });

  it("only a promoter may write; the text is checked; unknown coalitions are not found", async () => {
    const coalition = await createTestCoalition(db);
    const member = await admitTestMember(db, coalition);
    const other = await createTestCoalition(db);
    const stranger = await createUser(db);
    const input = { coalitionId: coalition.coalitionId, subject: "Oggetto", message: "Testo" };
    await expectAppError(sendCoalitionMessage(db, member.admin.actor, input), "FORBIDDEN");
    await expectAppError(sendCoalitionMessage(db, other.promoter.admin.actor, input), "FORBIDDEN");
    await expectAppError(sendCoalitionMessage(db, stranger.actor, input), "FORBIDDEN");
    await expectAppError(sendCoalitionMessage(db, null, input), "UNAUTHENTICATED");
    await expectAppError(sendCoalitionMessage(db, coalition.promoter.admin.actor, { ...input, coalitionId: randomUUID() }), "NOT_FOUND", "coalitionNotFound");
    const sender = coalition.promoter.admin.actor;
    const empty = await expectAppError(sendCoalitionMessage(db, sender, { ...input, subject: "   ", message: "" }), "VALIDATION");
    expect(empty.fieldErrors).toEqual({ subject: ["messageSubjectRequired"], message: ["messageBodyRequired"] });
    const long = await expectAppError(sendCoalitionMessage(db, sender, { ...input, subject: "x".repeat(121), message: "y".repeat(2001) }), "VALIDATION");
    expect(long.fieldErrors).toEqual({ subject: ["messageSubjectTooLong"], message: ["messageBodyTooLong"] });
    await sendCoalitionMessage(db, sender, { ...input, subject: "x".repeat(120), message: "y".repeat(2000) });
    expect(await auditOf(coalition.coalitionId, "coalition.message_sent")).toHaveLength(1);
  });

  it(`at most ${COALITION_MESSAGES_PER_DAY} messages per coalition in 24 hours`, async () => {
    setClock(new Date("2026-05-04T08:00:00Z"));
    const coalition = await createTestCoalition(db);
    await admitTestMember(db, coalition);
    const sender = coalition.promoter.admin.actor;
    const send = (n: number) => sendCoalitionMessage(db, sender, { coalitionId: coalition.coalitionId, subject: `Messaggio ${n}`, message: "Testo" });
    for (let n = 1; n <= COALITION_MESSAGES_PER_DAY; n++) await send(n);
    const refused = await expectAppError(send(99), "RATE_LIMITED", "coalitionMessageRateLimited");
    expect(refused.values).toEqual({ max: COALITION_MESSAGES_PER_DAY });
    expect(await auditOf(coalition.coalitionId, "coalition.message_sent")).toHaveLength(COALITION_MESSAGES_PER_DAY);
    const counted = (await db.execute(sql`select count(*)::int as n from notifications where params->>'subject' = 'Messaggio 99' and dedupe_key like 'coalition_message:%' and user_id in (select user_id from organisation_members om join coalition_members cm on cm.organisation_id = om.organisation_id where cm.coalition_id = ${coalition.coalitionId})`)) as unknown as { rows: { n: number }[] };
    const [{ n }] = counted.rows;
    expect(n).toBe(0);
    setClock(new Date("2026-05-05T08:00:01Z"));
    await send(11);
    expect(await auditOf(coalition.coalitionId, "coalition.message_sent")).toHaveLength(COALITION_MESSAGES_PER_DAY + 1);
  });
});
