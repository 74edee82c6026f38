import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { saveNotificationPreferencesAction } from "@/lib/notifications/inbox-actions";
import { asFormAction, notificationPreferencesOf } from "@/lib/notifications/inbox";
import { CHANNELS, type NotificationKind } from "@/lib/notifications/kinds";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notificationsUi.preferences"))("title") };
}

/** The kinds as a person thinks of them: every kind in exactly one group. */
const GROUPS: { key: "coalitions" | "partnerships" | "calls" | "money" | "promoters"; kinds: NotificationKind[] }[] = [
  { key: "coalitions", kinds: ["coalition_invitation", "coalition_join_request", "coalition_request_answered", "meeting_convened", "meeting_cancelled", "minutes_circulated", "protocol_published"] },
  { key: "partnerships", kinds: ["partner_invitation", "partner_join_request", "partner_request_answered"] },
  { key: "calls", kinds: ["call_opened", "voting_opened", "voting_closing", "draft_deadline", "admissibility_decided", "results_published", "evaluator_appointed"] },
  { key: "money", kinds: ["expense_report_reviewed", "tranche_released", "incentive_deadline"] },
  { key: "promoters", kinds: ["vote_reminder", "coalition_message"] },
];

type Props = { searchParams: Promise<{ done?: string | string[] }> };

/**
 * Per kind, how the person hears of it: on Tavolo only, an e-mail at once, or the daily
 * digest. One radio group (fieldset + legend) per kind, a plain form that works without
 * JavaScript; saving redirects here with ?done=saved.
 */
export default async function NotificationPreferencesPage({ searchParams }: Props) {
  const actor = await requirePageActor("/account/notifications");
  const query = await searchParams;
  const t = await getTranslations("notificationsUi.preferences");
  const preferences = await notificationPreferencesOf(await getDb(), actor);
  return (
    <div className="row">
      <div className="col-lg-9">
        <h1 className="mb-2">{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <p>{t("emailNote")}</p>
        <p className="d-flex flex-wrap gap-3 mb-4">
          <Link href="/notifications">{t("backToNotifications")}</Link>
          <Link href="/account">{t("backToAccount")}</Link>
        </p>
        <div role="status" data-testid="preferences-status">
          {query.done === "saved" && <p className="alert alert-success">{t("saved")}</p>}
        </div>
        <form action={asFormAction(saveNotificationPreferencesAction)} data-testid="preferences-form">
          {GROUPS.map((group) => (
            <section key={group.key} aria-labelledby={`group-${group.key}`} className="mb-4">
              <h2 id={`group-${group.key}`} className="h4 mb-3">
                {t(`groups.${group.key}`)}
              </h2>
              {group.kinds.map((kind) => (
                <fieldset key={kind} className="border rounded p-3 mb-3" data-testid={`preference-${kind}`} aria-describedby={`help-${kind}`}>
                  <legend className="h6 float-none w-auto px-1 mb-1 fw-semibold">{t(`kinds.${kind}.label`)}</legend>
                  <p id={`help-${kind}`} className="small mb-2">
                    {t(`kinds.${kind}.help`)}
                  </p>
                  <div className="d-flex flex-wrap gap-3">
                    {CHANNELS.map((channel) => (
                      <div key={channel} className="form-check my-0">
                        <input
                          type="radio"
                          name={kind}
                          id={`${kind}-${channel}`}
                          value={channel}
                          defaultChecked={preferences[kind] === channel}
                        />
                        <label htmlFor={`${kind}-${channel}`}>
                          {t(`channels.${channel}`)}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              ))}
            </section>
          ))}
          <button type="submit" className="btn btn-primary" data-testid="save-preferences">
            {t("save")}
          </button>
        </form>
      </div>
    </div>
  );
}
