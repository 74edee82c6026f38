/**
 * Dates are stored in UTC and shown in Europe/Rome (DESIGN rule 8). People type
 * local Rome wall-clock time (<input type="datetime-local">: "2026-12-15T18:00");
 * the offset comes from Intl's time-zone data, so no date library is needed.
 */

export const ROME = "Europe/Rome";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const partsFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: ROME,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function romeWallClock(at: Date): WallClock {
  const parts = Object.fromEntries(partsFormatter.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Rome's offset from UTC at this instant, in ms (+1 h in winter, +2 h in summer). */
export function romeOffsetMs(at: Date): number {
  const w = romeWallClock(at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether the text is a real date-time in the datetime-local format (no 30 February, no 25:00). */
export function isRomeLocal(text: string): boolean {
  const m = LOCAL_RE.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0));
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    probe.getUTCFullYear() === y &&
    probe.getUTCMonth() === mo - 1 &&
    probe.getUTCDate() === d &&
    probe.getUTCHours() === h &&
    probe.getUTCMinutes() === mi
  );
}

/**
 * The UTC instant of a Rome wall-clock time. Around the DST switches:
 * a time that happens twice (last Sunday of October, 02:00–02:59) is the first one
 * (still summer time); a time that never happens (last Sunday of March, 02:00–02:59)
 * moves forward by the gap, as clocks do (02:30 → 03:30 CEST). Throws on bad input.
 */
export function romeLocalToUtc(text: string): Date {
  if (!isRomeLocal(text)) throw new RangeError(`Not a local date-time: ${text}`);
  const [y, mo, d, h, mi, s] = LOCAL_RE.exec(text)!.slice(1).map((v) => Number(v ?? 0));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // The offset is one of those in force a day before or after; try each.
  const offsets = [...new Set([romeOffsetMs(new Date(wall - 24 * HOUR)), romeOffsetMs(new Date(wall + 24 * HOUR))])];
  const matches = offsets.map((o) => wall - o).filter((utc) => romeOffsetMs(new Date(utc)) === wall - utc);
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In the spring gap: read the wall time with the offset in force before the switch.
  return new Date(wall - romeOffsetMs(new Date(wall - 24 * HOUR)));
}

/** The Rome wall-clock time of an instant, for a datetime-local input: "2026-12-15T18:00". */
export function utcToRomeLocal(at: Date): string {
  const w = romeWallClock(at);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

const intlLocale = (locale: string) => (locale === "en" ? "en-GB" : locale === "it" ? "it-IT" : locale);

/**
 * "15 dicembre 2026 alle ore 18:00" / "15 December 2026 at 18:00", always in Rome time.
 * Italian writes the first of the month as an ordinal: "1° dicembre 2026".
 */
export function formatRome(at: Date, locale = "it"): string {
  const formatter = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: ROME, dateStyle: "long", timeStyle: "short" });
  if (locale !== "it") return formatter.format(at);
  return formatter
    .formatToParts(at)
    .map((p) => (p.type === "day" && Number(p.value) === 1 ? "1°" : p.value))
    .join("");
}

/** The Italian article or preposition a date takes in a sentence: "il", "dal", "al", "del". */
export type ItalianDatePreposition = "il" | "dal" | "al" | "del";

const ELIDED: Record<ItalianDatePreposition, string> = { il: "l'", dal: "dall'", al: "all'", del: "dell'" };

/**
 * The article or articulated preposition before the day of the month, as Italian writes it:
 * elided before the days read with a vowel ("l'8", "dall'11": otto, undici), whole before
 * the others ("il 1°", "al 18", "del 31").
 */
export function italianDayPreposition(day: number, preposition: ItalianDatePreposition): string {
  return day === 8 || day === 11 ? ELIDED[preposition] : `${preposition} `;
}

/** The Rome calendar day of an instant (1–31). */
export function romeDayOfMonth(at: Date): number {
  return romeWallClock(at).day;
}

/**
 * A Rome date-time as it sits in a sentence. Italian messages leave the article or
 * preposition before a date to this function ("Chiude {date}" → "Chiude l'8 dicembre 2026
 * alle ore 18:00", "fino {date}" with "al" → "fino all'11 dicembre…"), because it changes
 * with the day; English messages keep their own ("Closes on {date}"), so in English this is
 * formatRome.
 */
export function formatRomeIn(at: Date, locale: string, preposition: ItalianDatePreposition): string {
  if (locale !== "it") return formatRome(at, locale);
  return `${italianDayPreposition(romeDayOfMonth(at), preposition)}${formatRome(at, "it")}`;
}

/** A positive span of time as whole days, hours and minutes (rounded down), for countdowns. */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const totalMinutes = Math.max(0, Math.floor(ms / MINUTE));
  return { days: Math.floor(totalMinutes / (24 * 60)), hours: Math.floor(totalMinutes / 60) % 24, minutes: totalMinutes % 60 };
}
