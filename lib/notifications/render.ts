import { createTranslator } from "next-intl";
import en from "@/messages/en/notifications.json" with { type: "json" };
import it from "@/messages/it/notifications.json" with { type: "json" };
import type { Locale } from "@/lib/i18n/config";
import { formatCents } from "@/lib/money";
import { formatRome, formatRomeIn, type ItalianDatePreposition } from "@/lib/time";
import { isNotificationKind, type NotificationKind } from "./kinds";

const messages = { en, it } as const;

export type NotificationParams = Record<string, string | number>;

const PREPOSITIONS: ItalianDatePreposition[] = ["il", "al", "dal", "del"];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar day ("2026-12-01", a deadline kept as a date) as the reader writes it:
 * "1° dicembre 2026" / "1 December 2026". No time and no time zone: the day is the day.
 */
function formatDay(value: string, locale: Locale): string {
  const formatter = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "it-IT", { timeZone: "UTC", dateStyle: "long" });
  const at = new Date(`${value}T00:00:00Z`);
  if (locale !== "it") return formatter.format(at);
  return formatter
    .formatToParts(at)
    .map((p) => (p.type === "day" && Number(p.value) === 1 ? "1°" : p.value))
    .join("");
}

/**
 * The values a message gets: a param named …Cents becomes an amount in the reader's
 * format (1.234,56 € / €1,234.56), one named …At a date and time in Rome (or just the
 * day, when it is a date without a time: "2026-12-01"); the rest as given.
 */
export function formatParams(params: NotificationParams, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key.endsWith("Cents") && typeof value === "number") out[key] = formatCents(value, locale);
    else if (key.endsWith("At") && typeof value === "string" && DAY.test(value) && !Number.isNaN(Date.parse(value))) out[key] = formatDay(value, locale);
    else if (key.endsWith("At") && typeof value === "string" && !Number.isNaN(Date.parse(value))) {
      out[key] = formatRome(new Date(value), locale);
      // Italian sentences take the article or preposition with the day ("chiude l'8 dicembre",
      // "fino all'11"): {closesAt_il}, {closesAt_al}…; in English these are the date alone.
      for (const preposition of PREPOSITIONS) out[`${key}_${preposition}`] = formatRomeIn(new Date(value), locale, preposition);
    } else out[key] = value;
  }
  return out;
}

/** A notification's title and body in the reader's language (plain text: callers escape). */
export function renderNotification(kind: NotificationKind | string, params: NotificationParams, locale: Locale): { title: string; body: string } {
  const t = createTranslator({ locale, messages: messages[locale], namespace: "notifications.kinds" });
  const values = formatParams(params, locale);
  // A kind this version no longer knows still shows something.
  if (!isNotificationKind(kind)) return { title: kind, body: "" };
  const key = kind;
  try {
    return { title: t(`${key}.title`, values), body: t(`${key}.body`, values) };
  } catch {
    // A kind this version no longer knows (or a value missing) still shows something.
    return { title: kind, body: "" };
  }
}
