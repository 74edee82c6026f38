import { beforeAll, describe, expect, it } from "vitest";
import { currentDriver, type Db } from "@/db/client";
import { advanceClock, now, setClock } from "@/lib/clock";
import { testDb } from "@/test/db";
import { createUser, randomEmail, randomIp } from "@/test/factories";
import { clientAddress, clientAddressConfig, PEER_ADDRESS_HEADER, PEER_SIGNATURE_HEADER, signPeerAddress } from "./client-address";
import { verifyCredentials } from "./credentials";
import { SIGN_IN_LIMITS } from "./sign-in-policy";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const { pairMaxFailures, addressMaxFailures, emailFreeFailures, pairWindowMs } = SIGN_IN_LIMITS;

async function fail(times: number, email: string, ip: () => string | null) {
  for (let i = 0; i < times; i++) {
    const result = await verifyCredentials(db, { email, password: "wrong password", ipAddress: ip() });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  }
}

const attempt = (email: string, password: string, ipAddress: string | null) => verifyCredentials(db, { email, password, ipAddress });

/** A request as server.mjs hands it to the app: its own signed socket address, plus whatever the client sent. */
function directRequest(socketAddress: string, clientHeaders: Record<string, string>) {
  const secret = "per-process-secret-for-this-test";
  const headers = { ...clientHeaders, [PEER_ADDRESS_HEADER]: socketAddress, [PEER_SIGNATURE_HEADER]: signPeerAddress(socketAddress, secret) };
  return clientAddress(headers, clientAddressConfig({ TAVOLO_PEER_SECRET: secret }));
}

describe("verifyCredentials", () => {
  it("signs in with the right password, whatever the e-mail's case", async () => {
    const user = await createUser(db);
    const result = await attempt(` ${user.actor.email.toUpperCase()} `, user.password, randomIp());
    expect(result).toEqual({ ok: true, actor: user.actor });
  });

  it("gives the same answer for an unknown e-mail and a wrong password", async () => {
    const user = await createUser(db);
    const wrongPassword = await attempt(user.actor.email, "wrong password", randomIp());
    const unknownEmail = await attempt(randomEmail(), user.password, randomIp());
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it(`locks the pair (e-mail, address) after ${pairMaxFailures} failures, then unlocks when they leave the window`, async () => {
    setClock(new Date());
    const user = await createUser(db);
    const ip = randomIp();
    await fail(pairMaxFailures - 1, user.actor.email, () => ip);
    advanceClock(60_000);
    await fail(1, user.actor.email, () => ip);
    // Even the right password is refused from this address…
    expect(await attempt(user.actor.email, user.password, ip)).toEqual({ ok: false, reason: "locked" });
    // …but not from another one.
    expect((await attempt(user.actor.email, user.password, randomIp())).ok).toBe(true);
    // The first failures leave the window; the last is still in it.
    advanceClock(pairWindowMs - 60_000 + 1_000);
    expect((await attempt(user.actor.email, user.password, ip)).ok).toBe(true);
  });

  it("an attacker's failures from other addresses do not lock the victim's own address", async () => {
    setClock(new Date());
    const victim = await createUser(db);
    const home = randomIp();
    // Many more failures than any lock allows, each from an address of the attacker's;
    // the clock moves so the e-mail's delay never refuses a guess outright.
    for (let i = 0; i < emailFreeFailures + 2 * pairMaxFailures; i++) {
      const result = await attempt(victim.actor.email, "guess", randomIp());
      if (!result.ok && result.reason === "wait") {
        advanceClock(result.retryAfterMs);
        i--;
        continue;
      }
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    // Right now the victim is told to wait (at most the cap, never locked)…
    const held = await attempt(victim.actor.email, victim.password, home);
    expect(held.ok).toBe(false);
    if (!held.ok) expect(held.reason).toBe("wait");
    if (!held.ok && held.reason === "wait") {
      expect(held.retryAfterMs).toBeLessThanOrEqual(SIGN_IN_LIMITS.emailMaxDelayMs);
      advanceClock(held.retryAfterMs);
    }
    // …and once the wait is over, the victim signs in from home.
    expect((await attempt(victim.actor.email, victim.password, home)).ok).toBe(true);
  });

  it("the e-mail's delay grows with each failure from anywhere, up to the cap", async () => {
    setClock(new Date());
    const user = await createUser(db);
    await fail(emailFreeFailures, user.actor.email, randomIp);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await attempt(user.actor.email, "guess", randomIp());
      expect(refused.ok).toBe(false);
      if (refused.ok || refused.reason !== "wait") throw new Error(`expected a wait, got ${JSON.stringify(refused)}`);
      waits.push(refused.retryAfterMs);
      // Just short of the wait: still refused, and no failure recorded.
      advanceClock(refused.retryAfterMs - 1);
      expect((await attempt(user.actor.email, user.password, randomIp())).ok).toBe(false);
      advanceClock(1);
      await fail(1, user.actor.email, randomIp);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    // Far beyond: capped.
    for (let i = 0; i < 20; i++) {
      advanceClock(SIGN_IN_LIMITS.emailMaxDelayMs);
      await fail(1, user.actor.email, randomIp);
    }
    const capped = await attempt(user.actor.email, "guess", randomIp());
    expect(capped).toEqual({ ok: false, reason: "wait", retryAfterMs: SIGN_IN_LIMITS.emailMaxDelayMs });
  });

  it("counts failures per address across e-mails", async () => {
    setClock(new Date());
    const ip = randomIp();
    for (let i = 0; i < addressMaxFailures; i++) await fail(1, randomEmail(), () => ip);
    const user = await createUser(db);
    expect(await attempt(user.actor.email, user.password, ip)).toEqual({ ok: false, reason: "locked" });
    // Another address is not affected.
    expect((await attempt(user.actor.email, user.password, randomIp())).ok).toBe(true);
    advanceClock(SIGN_IN_LIMITS.addressWindowMs + 1_000);
    expect((await attempt(user.actor.email, user.password, ip)).ok).toBe(true);
  });

  it("locks an unknown e-mail exactly like a known one", async () => {
    setClock(new Date());
    const user = await createUser(db);
    const unknown = randomEmail();
    const ip = randomIp();
    await fail(pairMaxFailures, user.actor.email, () => ip);
    await fail(pairMaxFailures, unknown, () => ip);
    expect(await attempt(user.actor.email, "wrong password", ip)).toEqual({ ok: false, reason: "locked" });
    expect(await attempt(unknown, "wrong password", ip)).toEqual({ ok: false, reason: "locked" });
    await fail(emailFreeFailures - pairMaxFailures, user.actor.email, randomIp);
    await fail(emailFreeFailures - pairMaxFailures, unknown, randomIp);
    expect(await attempt(user.actor.email, "wrong password", randomIp())).toEqual(await attempt(unknown, "wrong password", randomIp()));
  });

  it("a successful sign-in clears its own pair's failures, not those others caused elsewhere", async () => {
    setClock(new Date());
    const user = await createUser(db);
    const ip = randomIp();
    const elsewhere = emailFreeFailures - pairMaxFailures;
    await fail(elsewhere, user.actor.email, randomIp);
    await fail(pairMaxFailures - 1, user.actor.email, () => ip);
    expect((await attempt(user.actor.email, user.password, ip)).ok).toBe(true);
    // The pair starts afresh: as many mistakes again are allowed from here.
    await fail(pairMaxFailures - 1, user.actor.email, () => ip);
    expect((await attempt(user.actor.email, user.password, ip)).ok).toBe(true);
    // The failures from elsewhere still count: enough more of them reach the delay.
    await fail(pairMaxFailures, user.actor.email, randomIp);
    expect(await attempt(user.actor.email, user.password, ip)).toEqual({ ok: false, reason: "wait", retryAfterMs: 1000 });
  });

  it("without a trusted address only the e-mail's delay applies: nobody is filed under one shared address", async () => {
    setClock(new Date());
    const user = await createUser(db);
    // More failures than the pair and the address limits, from "nowhere".
    for (let i = 0; i < addressMaxFailures + 1; i++) {
      advanceClock(SIGN_IN_LIMITS.emailMaxDelayMs);
      const result = await attempt(randomEmail(), "wrong password", null);
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    expect((await attempt(user.actor.email, user.password, null)).ok).toBe(true);
  });
});

describe("the per-address limit, with the address as a direct request reveals it", () => {
  it("forged X-Forwarded-For values do not reset the count", async () => {
    setClock(new Date());
    const socket = randomIp();
    const email = randomEmail();
    for (let i = 0; i < pairMaxFailures; i++) {
      const address = directRequest(socket, { "x-forwarded-for": randomIp(), "x-real-ip": randomIp() });
      expect(address).toBe(socket);
      expect(await attempt(email, "guess", address)).toEqual({ ok: false, reason: "invalid" });
    }
    const forged = directRequest(socket, { "x-forwarded-for": `${randomIp()}, ${randomIp()}` });
    expect(await attempt(email, "guess", forged)).toEqual({ ok: false, reason: "locked" });
  });

  it("two different real addresses are counted separately", async () => {
    setClock(new Date());
    const email = randomEmail();
    const first = directRequest(randomIp(), {});
    const second = directRequest(randomIp(), {});
    expect(first).not.toBe(second);
    await fail(pairMaxFailures, email, () => first);
    expect(await attempt(email, "guess", first)).toEqual({ ok: false, reason: "locked" });
    expect(await attempt(email, "guess", second)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe.runIf(currentDriver() === "pg")("parallel guesses on PostgreSQL", () => {
  it("stop at exactly the pair limit", async () => {
    setClock(now());
    const user = await createUser(db);
    const ip = randomIp();
    const results = await Promise.all(Array.from({ length: pairMaxFailures + 5 }, () => attempt(user.actor.email, "wrong password", ip)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(pairMaxFailures);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(5);
  });

  it("stop at exactly the address limit across e-mails", async () => {
    setClock(now());
    const ip = randomIp();
    const results = await Promise.all(Array.from({ length: addressMaxFailures + 5 }, () => attempt(randomEmail(), "wrong password", ip)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(addressMaxFailures);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(5);
  });

  it("stop at exactly the e-mail's free allowance when they come from many addresses", async () => {
    setClock(now());
    const user = await createUser(db);
    const results = await Promise.all(Array.from({ length: emailFreeFailures + 5 }, () => attempt(user.actor.email, "wrong password", randomIp())));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(emailFreeFailures);
    expect(results.filter((r) => !r.ok && r.reason === "wait")).toHaveLength(5);
  });
});
