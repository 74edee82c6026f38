import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, LOCALE_COOKIE, type Locale } from "./config";

/** Each domain keeps its texts in messages/<locale>/<domain>.json; messages/<locale>.json holds the shared ones. */
export const messageFiles = ["coalitions", "calls", "proposals", "partnerships", "voting", "confirm", "find", "faq", "attachments", "documents", "pdf", "funding", "incentives-catalogue", "funding-dashboards", "expenses", "grants", "mail", "audittrail", "opendata", "notifications", "notifications-ui", "dashboard", "promoter-messages", "reminders", "protocol", "committee", "evaluation", "meetings"] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const parts = await Promise.all([
    import(`../../messages/${locale}.json`),
    ...messageFiles.map((name) => import(`../../messages/${locale}/${name}.json`)),
  ]);
  return Object.assign({}, ...parts.map((p: { default: Record<string, unknown> }) => p.default));
}

// The language lives in a cookie rather than the URL: one click switches it and it sticks.
export default getRequestConfig(async () => {
  const store = await cookies();
  const value = store.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(value) ? value : defaultLocale;
  return { locale, timeZone: "Europe/Rome", messages: await loadMessages(locale) };
});
