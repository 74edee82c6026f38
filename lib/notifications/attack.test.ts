import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditActionsFor, testDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { optOut, readOptOut } from "./inbox";
import { renderNotificationMail } from "./mail";
import { optOutToken } from "./opt-out";

/**
 * Attacks on the notifications (issue 12) that found something: each test is what an
 * attacker tried, and what now happens.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("a replayed opt-out link", () => {
  it("writes nothing once the kind is already in-app: no audit entry per request (the POST route has no session, no Origin and no rate limit)", async () => {
    const me = await createUser(db);
    const token = optOutToken(me.actor.userId, "call_opened");
    await optOut(db, { token });
    // An attacker holding one of their own links (valid 60 days) posts it again and again.
    for (let i = 0; i < 10; i++) expect(await optOut(db, { token })).toEqual({ kind: "call_opened" });
    const actions = await auditActionsFor(db, me.actor.userId);
    expect(actions.filter((a) => a === "notification_preferences.opted_out")).toHaveLength(1);
    expect(await readOptOut(db, token)).toEqual({ kind: "call_opened", channel: "in_app" });
  });
});

describe("a notification e-mail's headers", () => {
  it("carry no line break or control character from names, titles or a promoter's subject (no header injection)", () => {
    const mail = renderNotificationMail({
      kind: "coalition_message",
      params: { coalition: "Patto\r\nBcc: victim@example.com", subject: "Assemblea\nX-Injected: 1\u0000\u2028fine", message: "Testo\r\nsu due righe" },
      href: "/coalitions/patto",
      userId: "00000000-0000-4000-8000-000000000001",
      name: "Anna",
      locale: "it",
    });
    expect(mail.subject).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
    expect(mail.subject).toContain("Patto Bcc: victim@example.com");
    expect(mail.subject).toContain("Assemblea X-Injected: 1");
    for (const value of Object.values(mail.headers)) expect(value).not.toMatch(/[\u0000-\u001f\u007f]/);
    // The body keeps the promoter's lines (plain text, escaped in HTML).
    expect(mail.text).toContain("Testo\r\nsu due righe");
  });
});
