import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls, meetingAgendaItems, meetingMinutes, meetings } from "@/db/schema";
import { createCall, deleteDraftCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { meetingIcs } from "./queries";
import { auditActionsFor, testDb } from "@/test/db";
import { createScenario, openCallInput } from "@/test/proposals";
import { approveMinutes, circulateMinutes, conveneMeeting, minutesHashOf, recordAttendance, saveMinutes } from "./service";

/** Attacks on the meetings (issue 14 review): changing approved, hashed minutes through another action. */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const AFTER = new Date("2026-01-20T18:30:00Z");
const DAY = 24 * 60 * 60 * 1000;

describe("approved minutes naming a draft call", () => {
  it("keep their decision: the draft cannot be deleted from under them (the frozen text and its SHA-256 would change)", async () => {
    const s = await createScenario(db);
    const promoter = s.coalition.promoter.admin.actor;
    // The table decides to publish a call still being drafted.
    const { callId: draftId } = await createCall(db, promoter, { coalitionId: s.coalition.coalitionId, ...openCallInput() });
    const { meetingId } = await conveneMeeting(db, promoter, {
      coalitionId: s.coalition.coalitionId,
      title: "Seduta",
      date: "2026-01-20",
      startTime: "17:30",
      endTime: "19:00",
      location: "Ivrea",
      onlineUrl: "",
      agenda: [{ title: "Bando", description: "" }],
    });
    const [item] = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId));
    setClock(AFTER);
    await recordAttendance(db, promoter, { meetingId, attended: [s.coalition.promoter.organisationId] });
    await saveMinutes(db, promoter, { meetingId, summary: "Resoconto", items: [{ itemId: item.id, decision: "Si pubblichi il bando.", decisionKind: "call_published", decisionCallId: draftId }] });
    await circulateMinutes(db, promoter, { meetingId, days: 1 });
    setClock(new Date(AFTER.getTime() + 2 * DAY));
    const { textSha256 } = await approveMinutes(db, promoter, { meetingId });

    await expectAppError(deleteDraftCall(db, promoter, { callId: draftId }), "INVALID_STATE", "callNamedInApprovedMinutes");
    const [after] = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.id, item.id));
    expect(after.decisionCallId).toBe(draftId);
    const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
    const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
    expect(await minutesHashOf(db, meeting, minutes.summary)).toBe(textSha256);
    expect((await db.select({ id: calls.id }).from(calls).where(eq(calls.id, draftId))).length).toBe(1);
  });
});

describe("two approvals of the same minutes at once", () => {
  it("one approves, the other is refused as frozen; one audit entry", async () => {
    const s = await createScenario(db);
    const promoter = s.coalition.promoter.admin.actor;
    const { meetingId } = await conveneMeeting(db, promoter, {
      coalitionId: s.coalition.coalitionId,
      title: "Seduta",
      date: "2026-01-20",
      startTime: "17:30",
      endTime: "19:00",
      location: "Ivrea",
      onlineUrl: "",
      agenda: [{ title: "Varie", description: "" }],
    });
    setClock(AFTER);
    await recordAttendance(db, promoter, { meetingId, attended: [] });
    await saveMinutes(db, promoter, { meetingId, summary: "Resoconto", items: [] });
    await circulateMinutes(db, promoter, { meetingId, days: 1 });
    setClock(new Date(AFTER.getTime() + 2 * DAY));
    const results = await Promise.allSettled([approveMinutes(db, promoter, { meetingId }), approveMinutes(db, s.coalition.promoter.admin.actor, { meetingId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "INVALID_STATE", messageKey: "minutesFrozen" } });
    expect((await auditActionsFor(db, meetingId)).filter((a) => a === "meeting.minutes_approved")).toHaveLength(1);
  });
});

describe("an online link carrying line breaks", () => {
  it("is refused at convening (new URL() would silently drop them and the raw text be stored)", async () => {
    const s = await createScenario(db);
    const input = {
      coalitionId: s.coalition.coalitionId,
      title: "Seduta",
      date: "2026-01-20",
      startTime: "17:30",
      endTime: "19:00",
      location: "",
      onlineUrl: "https://meet.example.org/x\r\nATTENDEE:mailto:evil@example.org",
      agenda: [{ title: "Varie", description: "" }],
    };
    await expectAppError(conveneMeeting(db, s.coalition.promoter.admin.actor, input), "VALIDATION");
    await expectAppError(conveneMeeting(db, s.coalition.promoter.admin.actor, { ...input, onlineUrl: "https://meet.example.org/a b" }), "VALIDATION");
    const { meetingId } = await conveneMeeting(db, s.coalition.promoter.admin.actor, { ...input, onlineUrl: "https://meet.example.org/x?a=1" });
    const ics = await meetingIcs(db, s.coalition.promoter.admin.actor, meetingId, "https://tavolo.example");
    expect(ics?.text).toContain("https://meet.example.org/x?a=1");
    expect(ics?.text.split("\r\n").some((l) => l.startsWith("ATTENDEE"))).toBe(false);
  });
});
