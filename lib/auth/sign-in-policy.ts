/**
 * When a sign-in attempt may be checked at all. Three counters, each over its own window,
 * chosen so that guessing is slow and an attacker elsewhere cannot lock a person out:
 * - the pair (e-mail, address) locks quickly: whoever mistypes from one place waits;
 * - one address across e-mails locks too (password spraying from one machine);
 * - the e-mail alone, whose failures may come from anyone anywhere, never locks: past a
 *   free allowance each further attempt must wait a delay that doubles up to a cap, so
 *   guessing gets slow while the real person is held back a few minutes at most.
 * Unknown e-mails are counted exactly like known ones, so no answer tells them apart.
 */
export const SIGN_IN_LIMITS = {
  pairWindowMs: 15 * 60 * 1000,
  pairMaxFailures: 5,
  addressWindowMs: 15 * 60 * 1000,
  addressMaxFailures: 30,
  // Long enough that a patient attacker stays at the cap instead of sliding back below it.
  emailWindowMs: 24 * 60 * 60 * 1000,
  emailFreeFailures: 10,
  emailBaseDelayMs: 1000,
  emailMaxDelayMs: 5 * 60 * 1000,
} as const;

/** Failures within each counter's window; the address counters are 0 when the address is unknown. */
export type SignInCounts = {
  pairFailures: number;
  addressFailures: number;
  emailFailures: number;
  lastEmailFailureAt: Date | null;
};

export type SignInDecision = { allowed: true } | { allowed: false; reason: "locked" } | { allowed: false; reason: "wait"; retryAfterMs: number };

/** The wait the e-mail's failures impose after the last one: 0, then 1 s, 2 s, 4 s… up to the cap. */
export function emailDelayMs(emailFailures: number): number {
  const beyond = emailFailures - SIGN_IN_LIMITS.emailFreeFailures;
  if (beyond < 0) return 0;
  // 2^beyond overflows to Infinity long before it matters; the cap takes over.
  return Math.min(SIGN_IN_LIMITS.emailBaseDelayMs * 2 ** beyond, SIGN_IN_LIMITS.emailMaxDelayMs);
}

export function decideSignIn(counts: SignInCounts, at: Date): SignInDecision {
  if (counts.pairFailures >= SIGN_IN_LIMITS.pairMaxFailures) return { allowed: false, reason: "locked" };
  if (counts.addressFailures >= SIGN_IN_LIMITS.addressMaxFailures) return { allowed: false, reason: "locked" };
  const delay = emailDelayMs(counts.emailFailures);
  if (delay > 0 && counts.lastEmailFailureAt) {
    const waited = at.getTime() - counts.lastEmailFailureAt.getTime();
    if (waited < delay) return { allowed: false, reason: "wait", retryAfterMs: delay - waited };
  }
  return { allowed: true };
}

/** Sign-ups per address: enough for an office behind one router, not for a script. */
export const SIGN_UP_LIMITS = { windowMs: 60 * 60 * 1000, maxPerAddress: 20 } as const;

/** Wrong current passwords on the account page, per person, before the form waits. */
export const PASSWORD_CHANGE_LIMITS = { windowMs: 15 * 60 * 1000, maxFailures: 5 } as const;
