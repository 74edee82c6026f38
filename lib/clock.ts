/**
 * The application's clock. Tests move time with setClock() instead of sleeping;
 * everything that depends on "now" (deadlines, expiry, rate limits) reads it here.
 */
let offsetMs = 0;
let fixed: Date | null = null;

export function now(): Date {
  if (fixed) return new Date(fixed.getTime());
  return new Date(Date.now() + offsetMs);
}

export function setClock(at: Date | null): void {
  fixed = at;
}

export function advanceClock(ms: number): void {
  if (fixed) fixed = new Date(fixed.getTime() + ms);
  else offsetMs += ms;
}

export function resetClock(): void {
  fixed = null;
  offsetMs = 0;
}
