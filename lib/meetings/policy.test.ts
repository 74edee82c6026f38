import { describe, expect, it } from "vitest";
import { approveProblem, buildIcs, commentProblem, icsDate, icsEscape, icsFold, minutesCanonicalText, minutesSha256, type MinutesSource } from "./policy";

const source: MinutesSource = {
  meetingId: "00000000-0000-4000-8000-000000000001",
  coalitionId: "00000000-0000-4000-8000-000000000002",
  title: "Seduta",
  startsAt: new Date("2026-01-20T16:30:00Z"),
  endsAt: new Date("2026-01-20T18:00:00Z"),
  location: "Ivrea",
  attended: ["b", "a"],
  summary: "Resoconto",
  items: [{ position: 1, title: "Punto", description: "", decision: "Approvato", decisionKind: null, decisionCallId: null }],
};

describe("minutes canonical text", () => {
  it("is sorted JSON whose hash does not depend on the order of attendance or items", () => {
    expect(minutesCanonicalText(source)).toBe(
      '{"attended":["a","b"],"coalition":"00000000-0000-4000-8000-000000000002","endsAt":"2026-01-20T18:00:00.000Z","items":[{"decision":"Approvato","decisionCallId":null,"decisionKind":null,"description":"","position":1,"title":"Punto"}],"location":"Ivrea","meeting":"00000000-0000-4000-8000-000000000001","startsAt":"2026-01-20T16:30:00.000Z","summary":"Resoconto","title":"Seduta","v":1}',
    );
    expect(minutesSha256({ ...source, attended: ["a", "b"] })).toBe(minutesSha256(source));
    expect(minutesSha256({ ...source, summary: "Resoconto." })).not.toBe(minutesSha256(source));
  });
});

describe("comment period rules", () => {
  const close = new Date("2026-02-01T00:00:00Z");
  it("comments before the close only; approval after it with every comment answered", () => {
    expect(commentProblem({ status: "circulated", commentsCloseAt: close }, new Date(close.getTime() - 1))).toBeNull();
    expect(commentProblem({ status: "circulated", commentsCloseAt: close }, close)).toBe("minutesCommentsClosed");
    expect(commentProblem({ status: "draft", commentsCloseAt: null }, close)).toBe("minutesNotCirculated");
    expect(approveProblem({ status: "circulated", commentsCloseAt: close }, 0, new Date(close.getTime() - 1))).toBe("minutesCommentsOpen");
    expect(approveProblem({ status: "circulated", commentsCloseAt: close }, 1, close)).toBe("minutesCommentsUnanswered");
    expect(approveProblem({ status: "circulated", commentsCloseAt: close }, 0, close)).toBeNull();
    expect(approveProblem({ status: "approved", commentsCloseAt: close }, 0, close)).toBe("minutesFrozen");
  });
});

describe("iCalendar", () => {
  it("escapes text values per RFC 5545", () => {
    expect(icsEscape("a,b;c\\d\r\ne\nf\u0007")).toBe("a\\,b\\;c\\\\d\\ne\\nf");
  });
  it("writes UTC date-times", () => {
    expect(icsDate(new Date("2026-07-01T08:05:09.123Z"))).toBe("20260701T080509Z");
  });
  it("folds at 75 octets without splitting a UTF-8 character", () => {
    const line = `DESCRIPTION:${"è".repeat(100)}`;
    const folded = icsFold(line);
    const parts = folded.split("\r\n");
    for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });
  it("a calendar with CRLF endings, one event, its sequence and status", () => {
    const text = buildIcs({ uid: "meeting-x@tavolo", sequence: 2, stamp: new Date(0), startsAt: source.startsAt, endsAt: source.endsAt, summary: "S", description: "D", location: null, url: "https://t.example/x", cancelled: false });
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.split("\r\n").filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
    expect(text).toContain("SEQUENCE:2\r\n");
    expect(text).toContain("STATUS:CONFIRMED\r\n");
    expect(text).not.toContain("LOCATION");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});
