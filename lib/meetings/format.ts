import { ROME } from "@/lib/time";

const intl = (locale: string) => (locale === "en" ? "en-GB" : "it-IT");

/** A meeting's day and times in Rome: { date: "martedì 20 gennaio 2026", start: "17:30", end: "19:00" }. */
export function meetingTimes(startsAt: Date, endsAt: Date, locale: string) {
  const day = new Intl.DateTimeFormat(intl(locale), { timeZone: ROME, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const time = new Intl.DateTimeFormat(intl(locale), { timeZone: ROME, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  let date = day.format(startsAt);
  if (locale === "it") date = date.replace(/(^|\s)1(\s)/, "$11°$2");
  return { date, start: time.format(startsAt), end: time.format(endsAt) };
}

/** The day only, for "the meeting of 20 gennaio 2026". */
export function meetingDay(at: Date, locale: string): string {
  const text = new Intl.DateTimeFormat(intl(locale), { timeZone: ROME, day: "numeric", month: "long", year: "numeric" }).format(at);
  return locale === "it" ? text.replace(/^1 /, "1° ") : text;
}
