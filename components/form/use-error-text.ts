"use client";

import { useTranslations } from "next-intl";

/** Turns a message key from zod or an AppError into text in the user's language. */
export function useErrorText() {
  const t = useTranslations("errors");
  return (key: string | undefined, values?: Record<string, string | number | Date>): string | undefined => {
    if (!key) return undefined;
    return t.has(key) ? t(key, values && withDates(values)) : t("invalidInput");
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Instants arrive from the server as ISO text; messages format them as dates in Rome time. */
function withDates(values: Record<string, string | number | Date>): Record<string, string | number | Date> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" && ISO_INSTANT.test(v) ? new Date(v) : v]));
}
