import { createHash } from "node:crypto";

/**
 * The pure rules of the meetings of the table: when answers, attendance, minutes, comments
 * and approval are allowed; the canonical text of approved minutes and its SHA-256; the
 * .ics file (RFC 5545). Tested in policy.test.ts.
 */

export type MeetingTimes = { startsAt: Date; endsAt: Date; cancelledAt: Date | null };
export type MinutesState = { status: "draft" | "circulated" | "approved"; commentsCloseAt: Date | null };

/** Organisations may comment at most this many times on one meeting's minutes. */
export const COMMENTS_PER_ORGANISATION = 20;

/** Why an invited organisation may not answer now (null: it may): answers change until the start. */
export function answerWindowProblem(meeting: MeetingTimes, at: Date): string | null {
  if (meeting.cancelledAt) return "meetingCancelled";
  if (at.getTime() >= meeting.startsAt.getTime()) return "meetingStarted";
  return null;
}

/** Why attendance may not be recorded now: after the start, not for a cancelled meeting, not once minutes are approved. */
export function attendanceProblem(meeting: MeetingTimes, minutes: MinutesState | null, at: Date): string | null {
  if (meeting.cancelledAt) return "meetingCancelled";
  if (at.getTime() < meeting.startsAt.getTime()) return "meetingNotStarted";
  if (minutes?.status === "approved") return "minutesFrozen";
  return null;
}

/** Why the minutes may not be edited now: after the start, while not approved (approved minutes are frozen). */
export function minutesEditProblem(meeting: MeetingTimes, minutes: MinutesState | null, at: Date): string | null {
  if (meeting.cancelledAt) return "meetingCancelled";
  if (at.getTime() < meeting.startsAt.getTime()) return "meetingNotStarted";
  if (minutes?.status === "approved") return "minutesFrozen";
  return null;
}

/** Why draft minutes may not be circulated: they must exist as a draft, with a summary and the attendance recorded. */
export function circulateProblem(minutes: (MinutesState & { summary: string }) | null, attendanceRecorded: boolean): string | null {
  if (!minutes) return "minutesMissing";
  if (minutes.status === "approved") return "minutesFrozen";
  if (minutes.status === "circulated") return "minutesAlreadyCirculated";
  if (!attendanceRecorded) return "minutesAttendanceFirst";
  if (minutes.summary.trim() === "") return "minutesSummaryRequired";
  return null;
}

/** Why a comment may not be made now: only on circulated minutes, before the period closes. */
export function commentProblem(minutes: MinutesState | null, at: Date): string | null {
  if (!minutes || minutes.status === "draft") return "minutesNotCirculated";
  if (minutes.status === "approved") return "minutesFrozen";
  if (!minutes.commentsCloseAt || at.getTime() >= minutes.commentsCloseAt.getTime()) return "minutesCommentsClosed";
  return null;
}

/** Why the minutes may not be approved: circulated, the period over, every comment answered. */
export function approveProblem(minutes: MinutesState | null, unanswered: number, at: Date): string | null {
  if (!minutes || minutes.status === "draft") return "minutesNotCirculated";
  if (minutes.status === "approved") return "minutesFrozen";
  if (!minutes.commentsCloseAt || at.getTime() < minutes.commentsCloseAt.getTime()) return "minutesCommentsOpen";
  if (unanswered > 0) return "minutesCommentsUnanswered";
  return null;
}

/** The meeting is over (or at least started): "past" in the lists once it ends. */
export function isPast(meeting: { endsAt: Date }, at: Date): boolean {
  return meeting.endsAt.getTime() <= at.getTime();
}

export type MinutesSource = {
  meetingId: string;
  coalitionId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  /** The organisations recorded as present (ids). */
  attended: string[];
  summary: string;
  items: { position: number; title: string; description: string; decision: string; decisionKind: string | null; decisionCallId: string | null }[];
};

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/**
 * The canonical text of approved minutes, whose SHA-256 is meeting_minutes.text_sha256:
 * JSON with keys sorted, no spaces, UTF-8, of
 * { v: 1, meeting, coalition, title, startsAt, endsAt (ISO 8601 UTC), location (or null),
 *   attended: [organisation ids, sorted], summary,
 *   items: [{ position, title, description, decision, decisionKind, decisionCallId }, by position] }.
 * Anyone holding the same data computes the same hash; the online link is not part of it.
 */
export function minutesCanonicalText(s: MinutesSource): string {
  return canonical({
    v: 1,
    meeting: s.meetingId,
    coalition: s.coalitionId,
    title: s.title,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    location: s.location ?? null,
    attended: [...s.attended].sort(),
    summary: s.summary,
    items: [...s.items]
      .sort((a, b) => a.position - b.position)
      .map((i) => ({ position: i.position, title: i.title, description: i.description, decision: i.decision, decisionKind: i.decisionKind ?? null, decisionCallId: i.decisionCallId ?? null })),
  });
}

export function minutesSha256(s: MinutesSource): string {
  return createHash("sha256").update(minutesCanonicalText(s), "utf8").digest("hex");
}

// --- iCalendar (RFC 5545) ---

/** TEXT values: backslash, semicolon, comma escaped, newlines as \n (RFC 5545 §3.3.11); CR and other controls dropped. */
export function icsEscape(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** A date-time in UTC form: 20261215T170000Z. */
export function icsDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character; continuation lines begin with a space. */
export function icsFold(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

export type IcsEvent = {
  uid: string;
  sequence: number;
  stamp: Date;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  cancelled: boolean;
};

/** One VEVENT in a VCALENDAR, CRLF line endings, long lines folded. */
export function buildIcs(e: IcsEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Tavolo//Sedute del tavolo//IT",
    "CALSCALE:GREGORIAN",
    `METHOD:${e.cancelled ? "CANCEL" : "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${icsDate(e.stamp)}`,
    `DTSTART:${icsDate(e.startsAt)}`,
    `DTEND:${icsDate(e.endsAt)}`,
    `SUMMARY:${icsEscape(e.summary)}`,
    `DESCRIPTION:${icsEscape(e.description)}`,
    ...(e.location ? [`LOCATION:${icsEscape(e.location)}`] : []),
    ...(e.url ? [`URL:${e.url}`] : []),
    `STATUS:${e.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(icsFold).join("\r\n") + "\r\n";
}
