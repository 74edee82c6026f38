import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, LOCALE_COOKIE } from "./config";

// The language lives in a cookie rather than the URL: one click switches it and it sticks.
export default getRequestConfig(async () => {
  const store = await cookies();
  const value = store.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(value) ? value : defaultLocale;
  return {
    locale,
    timeZone: "Europe/Rome",
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});
