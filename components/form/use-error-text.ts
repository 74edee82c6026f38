"use client";

import { useTranslations } from "next-intl";

/** Turns a message key from zod or an AppError into text in the user's language. */
export function useErrorText() {
  const t = useTranslations("errors");
  return (key: string | undefined): string | undefined => {
    if (!key) return undefined;
    return t.has(key) ? t(key) : t("invalidInput");
  };
}
