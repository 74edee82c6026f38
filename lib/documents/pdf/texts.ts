import enCalls from "@/messages/en/calls.json" with { type: "json" };
import en from "@/messages/en/pdf.json" with { type: "json" };
import itCalls from "@/messages/it/calls.json" with { type: "json" };
import it from "@/messages/it/pdf.json" with { type: "json" };
import { ROME } from "@/lib/time";
import type { PdfLocale } from "./writer";

/**
 * The PDFs' texts (messages/<locale>/pdf.json, namespace "pdf") and their formats. Numbers,
 * amounts and dates are written here digit by digit rather than through Intl, so that a
 * newer ICU in a newer Node never changes the bytes of a document rendered again.
 */

type Tree = { [key: string]: string | Tree };
const dictionaries: Record<PdfLocale, Tree> = { it: it.pdf, en: en.pdf };

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function translator(locale: PdfLocale): Translate {
  return (key, values = {}) => {
    const text = key.split(".").reduce<string | Tree | undefined>((node, part) => (node && typeof node === "object" ? node[part] : undefined), dictionaries[locale]);
    if (typeof text !== "string") throw new Error(`Missing PDF text ${locale}:${key}`);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in values ? String(values[name]) : `{${name}}`));
  };
}

const callLabels: Record<PdfLocale, Record<"themes" | "sectors", Record<string, string>>> = { it: itCalls.calls, en: enCalls.calls };

/** The label of a call's theme or sector (the key itself when unknown). */
export function label(locale: PdfLocale, list: "themes" | "sectors", key: string): string {
  return callLabels[locale][list][key] ?? key;
}

function grouped(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Integer cents: "1.234,56 €" (it), "€1,234.56" (en); grouped from the thousands on. */
export function formatMoney(cents: number, locale: PdfLocale): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not an integer number of cents: ${cents}`);
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100));
  const fraction = String(abs % 100).padStart(2, "0");
  const sign = cents < 0 ? "-" : "";
  return locale === "it" ? `${sign}${grouped(units, ".")},${fraction} €` : `${sign}€${grouped(units, ",")}.${fraction}`;
}

/** An integer with thousands grouped: 12.345 (it), 12,345 (en). */
export function formatInteger(n: number, locale: PdfLocale): string {
  const s = grouped(String(Math.abs(Math.trunc(n))), locale === "it" ? "." : ",");
  return n < 0 ? `-${s}` : s;
}

/** A fraction as a percentage with one decimal: "62,5%" (it), "62.5%" (en). */
export function formatPercent(num: number, den: number, locale: PdfLocale): string {
  if (den === 0) return "—";
  const tenths = Math.round((num * 1000) / den);
  const text = `${Math.floor(tenths / 10)}${locale === "it" ? "," : "."}${tenths % 10}`;
  return `${text}%`;
}

/** An exact fraction with two decimals (a weighted mean), or the integer when den is 1. */
export function formatFraction(num: number, den: number, locale: PdfLocale): string {
  if (den === 1) return String(num);
  const hundredths = Math.round((num * 100) / den);
  const sign = hundredths < 0 ? "-" : "";
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}${locale === "it" ? "," : "."}${String(abs % 100).padStart(2, "0")}`;
}

const romeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ROME,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Rome wall-clock time of an instant: "10/01/2026 10:00:05" — day first in both languages, 24 hours, with seconds. */
export function formatRomeTime(at: Date): string {
  const p = Object.fromEntries(romeParts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}
