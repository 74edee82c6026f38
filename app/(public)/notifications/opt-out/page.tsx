import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { optOutAction } from "@/lib/notifications/inbox-actions";
import { asFormAction, readOptOut } from "@/lib/notifications/inbox";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notificationsUi.optOut"))("title"), robots: { index: false } };
}

type Props = { searchParams: Promise<{ token?: string | string[]; done?: string | string[] }> };

/**
 * An e-mail's one-click opt-out (public: no sign-in). A valid link says which kind stops and
 * has one button that sets only that kind to in-app for only that person; an invalid or
 * expired one says so and leads to signing in to the preferences.
 */
export default async function OptOutPage({ searchParams }: Props) {
  const query = await searchParams;
  const token = typeof query.token === "string" ? query.token : "";
  const t = await getTranslations("notificationsUi.optOut");
  const tk = await getTranslations("notificationsUi.preferences.kinds");
  const found = token ? await readOptOut(await getDb(), token) : null;
  const preferencesSignIn = `/sign-in?callbackUrl=${encodeURIComponent("/account/notifications")}`;

  if (!found) {
    return (
      <div className="row">
        <div className="col-lg-8">
          <h1 className="mb-3">{t("invalidTitle")}</h1>
          <p className="alert alert-warning" data-testid="opt-out-invalid">
            {t("invalid")}
          </p>
          <Link className="btn btn-primary" href={preferencesSignIn}>
            {t("signIn")}
          </Link>
        </div>
      </div>
    );
  }

  const kind = tk(`${found.kind}.label`);
  const stopped = found.channel === "in_app";
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">{t("title")}</h1>
        <div role="status" data-testid="opt-out-status">
          {query.done === "1" && stopped && <p className="alert alert-success">{t("done", { kind })}</p>}
        </div>
        {stopped ? (
          query.done !== "1" && (
            <p className="alert alert-info" data-testid="opt-out-already">
              {t("already", { kind })}
            </p>
          )
        ) : (
          <form action={asFormAction(optOutAction)} className="mb-4">
            <input type="hidden" name="token" value={token} />
            <p data-testid="opt-out-kind">{t("willStop", { kind })}</p>
            <button type="submit" className="btn btn-primary" data-testid="opt-out-button">
              {t("button")}
            </button>
          </form>
        )}
        <p className="mt-4">
          <Link href="/account/notifications">{t("allPreferences")}</Link>
        </p>
      </div>
    </div>
  );
}
