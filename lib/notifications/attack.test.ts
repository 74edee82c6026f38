import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditActionsFor, testDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { optOut, readOptOut } from "./inbox";
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
