import { and, eq, inArray, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { emailOutbox, notifications, users } from "@/db/schema";
import { auditActionsFor, testDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { optOut, readOptOut, saveNotificationPreferences } from "./inbox";
import { renderNotificationMail } from "./mail";
import { notifyUsers } from "./notify";
import { optOutToken, readOptOutToken } from "./opt-out";

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

describe("a message to a large coalition", () => {
  it("queues each confirmed person's own e-mail (address, name, opt-out link) for 1,500 people, a batch per insert", async () => {
    const tag = `attack-${crypto.randomUUID()}`;
    const people = await db
      .insert(users)
      .values(Array.from({ length: 1_500 }, (_, j) => ({ email: `${tag}-${j}@example.test`, name: `Persona ${j}`, passwordHash: "x", emailVerifiedAt: j % 3 === 0 ? null : new Date() })))
      .returning({ id: users.id, email: users.email, name: users.name });
    const started = Date.now();
    const told = await db.transaction((tx) =>
      notifyUsers(
        tx,
        people.map((p) => p.id),
        { kind: "coalition_message", params: { coalition: "Patto", subject: "Assemblea", message: "Testo" }, href: "/coalitions/patto", dedupeKey: tag },
      ),
    );
    const elapsed = Date.now() - started;
    expect(told.created).toBe(1_500);
    expect(told.mailIds).toHaveLength(1_000);
    const mail = await db
      .select({ id: emailOutbox.id, to: emailOutbox.toAddress, userId: emailOutbox.userId, text: emailOutbox.textBody, kind: emailOutbox.kind })
      .from(emailOutbox)
      .where(inArray(emailOutbox.id, told.mailIds));
    expect(mail).toHaveLength(1_000);
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const row of mail) {
      const person = byId.get(row.userId!)!;
      expect(row.to).toBe(person.email);
      expect(row.kind).toBe("notification:coalition_message");
      expect(row.text).toContain(person.name);
      const token = decodeURIComponent(/token=([^\s]+)/.exec(row.text)![1]);
      expect(readOptOutToken(token)).toEqual({ userId: person.id, kind: "coalition_message" });
    }
    const queued = await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.dedupeKey, tag), eq(notifications.emailState, "queued")));
    expect(queued[0].n).toBe(1_000);
    // Measured on a busy 2-core machine, 2,000 confirmed people: 6.3 s with an insert per mail, 3.1 s with one per batch (half of it rendering).
    expect(elapsed).toBeLessThan(30_000);
    // Not left for other test files' outbox runs to send (they drain the shared outbox oldest first).
    await db.delete(emailOutbox).where(inArray(emailOutbox.id, told.mailIds));
  }, 120_000);
});

describe("the one-click opt-out route", () => {
  /** A request whose body streams `total` bytes without a Content-Length (chunked), counting what the server pulled. */
  function streamed(token: string, total: number, type = "application/x-www-form-urlencoded") {
    let pulled = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const request = new NextRequest(`http://localhost/api/notifications/opt-out?token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "content-type": type },
      body,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    return { request, pulled: () => pulled };
  }

  it("stops reading a body past its bound even without a Content-Length (no unbounded read by anyone, no session needed)", async () => {
    const { POST } = await import("@/app/api/notifications/opt-out/route");
    const me = await createUser(db);
    const token = optOutToken(me.actor.userId, "tranche_released");
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]) {
      const big = streamed(token, 20 * 1024 * 1024, type);
      const response = await POST(big.request);
      expect(response.status).toBe(400);
      expect(big.pulled()).toBeLessThan(1024 * 1024);
    }
    expect((await readOptOut(db, token))?.channel).not.toBe("in_app");

    // The real one-click body still works, form-encoded and multipart.
    const ok = await POST(
      new NextRequest(`http://localhost/api/notifications/opt-out?token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    );
    expect(ok.status).toBe(200);
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const other = optOutToken(me.actor.userId, "call_opened");
    const multipart = await POST(new NextRequest(`http://localhost/api/notifications/opt-out?token=${encodeURIComponent(other)}`, { method: "POST", body: form }));
    expect(multipart.status).toBe(200);
    expect((await readOptOut(db, token))?.channel).toBe("in_app");
    expect((await readOptOut(db, other))?.channel).toBe("in_app");
  }, 60_000);
});

describe("saving the same preferences again", () => {
  it("writes nothing and adds no audit entry (the form is open before the address is confirmed, so anyone who signs up could post it in a loop)", async () => {
    const me = await createUser(db);
    expect(await saveNotificationPreferences(db, me.actor, { call_opened: "in_app" })).toEqual({ changed: 1 });
    for (let i = 0; i < 5; i++) expect(await saveNotificationPreferences(db, me.actor, { call_opened: "in_app", voting_opened: "immediate" })).toEqual({ changed: 0 });
    const actions = await auditActionsFor(db, me.actor.userId);
    expect(actions.filter((a) => a === "notification_preferences.updated")).toHaveLength(1);
  });
});
