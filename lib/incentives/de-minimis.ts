import type { Problem } from "@/lib/errors";

/**
 * The de minimis ceiling (Reg. EU 2023/2831, art. 3(2)): the de minimis aid granted to a
 * single undertaking may not exceed €300,000 "over any period of three years". The period
 * is rolling (recital 10: for each new grant, the aid granted in the previous three years
 * counts), not fiscal years.
 *
 * The window chosen here: the three years that end on the planned grant date, i.e. aid
 * granted on a date d counts when  grantDate − 3 years < d ≤ grantDate.  Aid granted exactly
 * three years before (same calendar day) is outside: it falls in the previous period, and a
 * three-year period that included both that day and the grant day would be three years and
 * one day long. When the grant date is 29 February, "three years before" is 28 February.
 * Aid dated after the grant date does not count for that grant.
 *
 * Landing exactly on the ceiling is allowed; one cent over is refused, and the aid cannot
 * be split to fit (the whole request is refused with the figures).
 */

export const DE_MINIMIS_CEILING_CENTS = 30_000_000;
export const DE_MINIMIS_YEARS = 3;

/** A row of the ledger as the window needs it; withdrawn rows never count. */
export type LedgerAid = { grantedOn: string; amountCents: number; withdrawnAt?: Date | null };

/** The same calendar day `years` earlier ("2026-03-14" → "2023-03-14"); 29 February falls back to the 28th. */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The excluded start of the window: aid counts when strictly after this date. */
export function windowStartExclusive(grantDate: string): string {
  return yearsBefore(grantDate, DE_MINIMIS_YEARS);
}

/** Whether aid granted on `aidDate` counts for a grant on `grantDate`. */
export function countsInWindow(aidDate: string, grantDate: string): boolean {
  return aidDate > windowStartExclusive(grantDate) && aidDate <= grantDate;
}

/** De minimis aid already granted in the window ending on `grantDate`, in cents. */
export function usedInWindowCents(aids: readonly LedgerAid[], grantDate: string): number {
  let sum = 0;
  for (const a of aids) if (!a.withdrawnAt && countsInWindow(a.grantedOn, grantDate)) sum += a.amountCents;
  return sum;
}

/** What may still be granted on `grantDate`: the ceiling minus the aid in the window, never below 0. */
export function headroomCents(aids: readonly LedgerAid[], grantDate: string): number {
  return Math.max(0, DE_MINIMIS_CEILING_CENTS - usedInWindowCents(aids, grantDate));
}

export type DeMinimisCheck = {
  grantDate: string;
  windowStartExclusive: string;
  usedCents: number;
  headroomCents: number;
  requestedCents: number;
  fits: boolean;
};

/**
 * The figures shown before submission and in the refusal. It fits when used + requested stays
 * within the ceiling: not "requested ≤ headroom", which let a request of 0 through a ledger
 * already above the ceiling (headroom 0).
 */
export function checkDeMinimis(aids: readonly LedgerAid[], grantDate: string, requestedCents: number): DeMinimisCheck {
  const usedCents = usedInWindowCents(aids, grantDate);
  const headroom = Math.max(0, DE_MINIMIS_CEILING_CENTS - usedCents);
  return { grantDate, windowStartExclusive: windowStartExclusive(grantDate), usedCents, headroomCents: headroom, requestedCents, fits: usedCents + requestedCents <= DE_MINIMIS_CEILING_CENTS };
}

/** The refusal with its figures, or null when the request fits under the ceiling. */
export function deMinimisProblem(check: DeMinimisCheck): Problem | null {
  if (check.fits) return null;
  return {
    field: "requested",
    key: "incentiveDeMinimisExceeded",
    values: {
      requestedCents: check.requestedCents,
      headroomCents: check.headroomCents,
      usedCents: check.usedCents,
      ceilingCents: DE_MINIMIS_CEILING_CENTS,
      // As instants at UTC midnight, so that messages format them as dates (the same day in Rome).
      grantDate: `${check.grantDate}T00:00:00Z`,
      windowFrom: `${nextDay(check.windowStartExclusive)}T00:00:00Z`,
    },
  };
}

/** The day after a calendar date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
