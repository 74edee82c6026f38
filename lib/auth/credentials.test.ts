import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { advanceClock, setClock } from "@/lib/clock";
import { testDb } from "@/test/db";
import { createUser, randomEmail, randomIp } from "@/test/factories";
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS, verifyCredentials } from "./credentials";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function fail(times: number, email: string, ip: () => string) {
  for (let i = 0; i < times; i++) {
    const result = await verifyCredentials(db, { email, password: "wrong password", ipAddress: ip() });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  }
}

describe("verifyCredentials", () => {
  it("signs in with the right password, whatever the e-mail's case", async () => {
    const user = await createUser(db);
    const result = await verifyCredentials(db, { email: ` ${user.actor.email.toUpperCase()} `, password: user.password, ipAddress: randomIp() });
    expect(result).toEqual({ ok: true, actor: user.actor });
  });

  it("gives the same answer for an unknown e-mail and a wrong password", async () => {
    const user = await createUser(db);
    const wrongPassword = await verifyCredentials(db, { email: user.actor.email, password: "wrong password", ipAddress: randomIp() });
    const unknownEmail = await verifyCredentials(db, { email: randomEmail(), password: user.password, ipAddress: randomIp() });
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it(`locks an e-mail after ${SIGN_IN_MAX_FAILURES} failures in the window, then unlocks when they leave it`, async () => {
    setClock(new Date());
    const user = await createUser(db);
    await fail(SIGN_IN_MAX_FAILURES - 1, user.actor.email, randomIp);
    // Nine failures: still allowed.
    advanceClock(60_000);
    await fail(1, user.actor.email, randomIp);
    // Ten: even the right password is refused, from any address.
    const locked = await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: randomIp() });
    expect(locked).toEqual({ ok: false, reason: "locked" });

    // The first nine leave the window; the tenth is still in it.
    advanceClock(SIGN_IN_WINDOW_MS - 60_000 + 1_000);
    const unlocked = await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: randomIp() });
    expect(unlocked.ok).toBe(true);
  });

  it("counts failures per address across e-mails", async () => {
    setClock(new Date());
    const ip = randomIp();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await fail(1, randomEmail(), () => ip);
    }
    const user = await createUser(db);
    expect(await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: ip })).toEqual({
      ok: false,
      reason: "locked",
    });
    // Another address is not affected.
    expect((await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: randomIp() })).ok).toBe(true);
    advanceClock(SIGN_IN_WINDOW_MS + 1_000);
    expect((await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: ip })).ok).toBe(true);
  });

  it("locks an unknown e-mail exactly like a known one", async () => {
    setClock(new Date());
    const user = await createUser(db);
    const unknown = randomEmail();
    await fail(SIGN_IN_MAX_FAILURES, user.actor.email, randomIp);
    await fail(SIGN_IN_MAX_FAILURES, unknown, randomIp);
    const known = await verifyCredentials(db, { email: user.actor.email, password: "wrong password", ipAddress: randomIp() });
    const other = await verifyCredentials(db, { email: unknown, password: "wrong password", ipAddress: randomIp() });
    expect(known).toEqual({ ok: false, reason: "locked" });
    expect(other).toEqual(known);
  });

  it("a successful sign-in clears the e-mail's failures", async () => {
    setClock(new Date());
    const user = await createUser(db);
    await fail(SIGN_IN_MAX_FAILURES - 1, user.actor.email, randomIp);
    expect((await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: randomIp() })).ok).toBe(true);
    await fail(SIGN_IN_MAX_FAILURES - 1, user.actor.email, randomIp);
    expect((await verifyCredentials(db, { email: user.actor.email, password: user.password, ipAddress: randomIp() })).ok).toBe(true);
  });

  it("parallel guesses stop at exactly the limit", async () => {
    const user = await createUser(db);
    const results = await Promise.all(
      Array.from({ length: SIGN_IN_MAX_FAILURES + 5 }, () => verifyCredentials(db, { email: user.actor.email, password: "wrong password", ipAddress: randomIp() })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(SIGN_IN_MAX_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(5);
  });
});
