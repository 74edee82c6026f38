import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideSignIn, emailDelayMs, SIGN_IN_LIMITS } from "./sign-in-policy";

const at = new Date("2026-03-01T10:00:00Z");
const ago = (ms: number) => new Date(at.getTime() - ms);
const none = { pairFailures: 0, addressFailures: 0, emailFailures: 0, lastEmailFailureAt: null };

describe("decideSignIn", () => {
  it("allows a first attempt", () => {
    expect(decideSignIn(none, at)).toEqual({ allowed: true });
  });

  it(`locks the pair at ${SIGN_IN_LIMITS.pairMaxFailures} failures, not before`, () => {
    const n = SIGN_IN_LIMITS.pairMaxFailures;
    expect(decideSignIn({ ...none, pairFailures: n - 1, emailFailures: n - 1, lastEmailFailureAt: at }, at).allowed).toBe(true);
    expect(decideSignIn({ ...none, pairFailures: n, emailFailures: n, lastEmailFailureAt: at }, at)).toEqual({ allowed: false, reason: "locked" });
  });

  it(`locks an address at ${SIGN_IN_LIMITS.addressMaxFailures} failures across e-mails`, () => {
    const n = SIGN_IN_LIMITS.addressMaxFailures;
    expect(decideSignIn({ ...none, addressFailures: n - 1 }, at).allowed).toBe(true);
    expect(decideSignIn({ ...none, addressFailures: n }, at)).toEqual({ allowed: false, reason: "locked" });
  });

  it("never locks on the e-mail's failures alone: it only makes the next attempt wait", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 24 * 3600 * 1000 }), (failures, sinceLast) => {
        const decision = decideSignIn({ ...none, emailFailures: failures, lastEmailFailureAt: ago(sinceLast) }, at);
        if (decision.allowed) return;
        expect(decision.reason).toBe("wait");
        if (decision.reason === "wait") {
          expect(decision.retryAfterMs).toBeGreaterThan(0);
          expect(decision.retryAfterMs).toBeLessThanOrEqual(SIGN_IN_LIMITS.emailMaxDelayMs);
          // Waiting as told is always enough.
          expect(decideSignIn({ ...none, emailFailures: failures, lastEmailFailureAt: ago(sinceLast) }, new Date(at.getTime() + decision.retryAfterMs)).allowed).toBe(true);
        }
      }),
    );
  });

  it("after the free allowance the wait since the last failure doubles, up to the cap", () => {
    const free = SIGN_IN_LIMITS.emailFreeFailures;
    expect(emailDelayMs(free - 1)).toBe(0);
    expect([free, free + 1, free + 2, free + 3].map(emailDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(emailDelayMs(free + 50)).toBe(SIGN_IN_LIMITS.emailMaxDelayMs);
    expect(emailDelayMs(Number.MAX_SAFE_INTEGER)).toBe(SIGN_IN_LIMITS.emailMaxDelayMs);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
        expect(emailDelayMs(n + 1)).toBeGreaterThanOrEqual(emailDelayMs(n));
      }),
    );
    const decision = decideSignIn({ ...none, emailFailures: free + 2, lastEmailFailureAt: ago(1500) }, at);
    expect(decision).toEqual({ allowed: false, reason: "wait", retryAfterMs: 2500 });
    expect(decideSignIn({ ...none, emailFailures: free + 2, lastEmailFailureAt: ago(4000) }, at).allowed).toBe(true);
  });
});
