import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls, coalitions, meetingMinutes, meetings, minutesComments } from "@/db/schema";
import { getMeetingView, decisionsForCall, listMeetingsPage } from "@/lib/meetings/queries";
import { minutesHashOf } from "@/lib/meetings/service";
import { testDb } from "@/test/db";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "./calls";
import { DEMO_COALITION } from "./data";
import { seed } from "./index";
import { ensureMeetings, FIRST_MEETING_TITLE, SECOND_MEETING_TITLE, UPCOMING_MEETING_TITLE } from "./meetings";

describe("the demo meetings (issue 14)", () => {
  it("two past meetings with approved minutes linked from the calls they decided, one upcoming; once", async () => {
    const db = await testDb();
    await seed(db);
    const [coalition] = await db.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
    const past = await listMeetingsPage(db, coalition.id, "past");
    expect(past.meetings.map((m) => [m.title, m.approved])).toEqual([
      [SECOND_MEETING_TITLE, true],
      [FIRST_MEETING_TITLE, true],
    ]);
    const upcoming = await listMeetingsPage(db, coalition.id, "upcoming");
    expect(upcoming.meetings.map((m) => [m.title, m.approved])).toEqual([[UPCOMING_MEETING_TITLE, false]]);
    for (const m of past.meetings) {
      const [row] = await db.select().from(meetings).where(eq(meetings.id, m.id));
      const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, m.id));
      // The stored hash is the hash of the canonical text of the rows as they are.
      expect(minutes.textSha256).toBe(await minutesHashOf(db, row, minutes.summary));
      const comments = await db.select().from(minutesComments).where(eq(minutesComments.meetingId, m.id));
      expect(comments).toHaveLength(1);
      expect(comments[0].answer).toBeTruthy();
      const view = await getMeetingView(db, null, coalition.slug, m.id);
      expect(view?.approved?.attended.length).toBeGreaterThanOrEqual(9);
      expect(JSON.stringify(view)).not.toContain(comments[0].body);
    }
    const [pastCall] = await db.select().from(calls).where(and(eq(calls.coalitionId, coalition.id), eq(calls.title, PAST_CALL_TITLE)));
    expect((await decisionsForCall(db, pastCall.id)).map((d) => d.kind)).toEqual(["call_published", "results_approved"]);
    const [openCall] = await db.select().from(calls).where(and(eq(calls.coalitionId, coalition.id), eq(calls.title, OPEN_CALL_TITLE)));
    expect((await decisionsForCall(db, openCall.id)).map((d) => d.kind)).toEqual(["call_published"]);
    const again = { changes: [] as string[], warnings: [] as string[] };
    await ensureMeetings(db, again);
    expect(again).toEqual({ changes: [], warnings: [] });
    expect(await db.select().from(meetings).where(eq(meetings.coalitionId, coalition.id))).toHaveLength(3);
  }, 300_000);
});
