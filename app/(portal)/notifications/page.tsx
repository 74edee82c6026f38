import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { asFormAction, decodeInboxCursor, encodeInboxCursor, listNotifications } from "@/lib/notifications/inbox";
import { markAllNotificationsReadAction, openNotificationAction } from "@/lib/notifications/inbox-actions";
import { unreadCount } from "@/lib/notifications/notify";
import { renderNotification } from "@/lib/notifications/render";
import { formatRomeIn } from "@/lib/time";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notificationsUi.inbox"))("title") };
}

type Props = { searchParams: Promise<{ before?: string | string[]; done?: string | string[] }> };

/**
 * The person's notifications, newest first, 30 a page (keyset: ?before=<time>_<id> of the
 * last one shown). Each opens through a small form (works without JavaScript) that marks it
 * read and goes where it leads; unread ones are marked by a badge that says it in words.
 */
export default async function NotificationsPage({ searchParams }: Props) {
  const query = await searchParams;
  const before = decodeInboxCursor(typeof query.before === "string" ? query.before : undefined);
  const actor = await requirePageActor(before ? `/notifications?before=${encodeURIComponent(encodeInboxCursor(before))}` : "/notifications");
  const t = await getTranslations("notificationsUi.inbox");
  const localeValue = await getLocale();
  const locale = isLocale(localeValue) ? localeValue : "it";
  const db = await getDb();
  const [page, unread] = await Promise.all([listNotifications(db, actor, { before }), unreadCount(db, actor.userId)]);
  const done = query.done === "read";

  return (
    <div className="row">
      <div className="col-lg-9">
        <h1 className="mb-2">{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <div role="status" data-testid="notifications-status">
          {done && <p className="alert alert-success">{t("markedAll")}</p>}
        </div>
        <div className="d-flex flex-wrap align-items-center gap-3 mb-4">
          <p className="mb-0 fw-semibold" data-testid="unread-summary">
            {unread > 99 ? t("unreadSummaryCapped") : t("unreadSummary", { count: unread })}
          </p>
          {unread > 0 && (
            <form action={asFormAction(markAllNotificationsReadAction)}>
              <button type="submit" className="btn btn-outline-primary btn-sm" data-testid="mark-all-read">
                {t("markAll")}
              </button>
            </form>
          )}
          <Link href="/account/notifications" data-testid="preferences-link">
            {t("preferencesLink")}
          </Link>
        </div>

        {page.items.length === 0 ? (
          <p className="alert alert-info" data-testid="notifications-empty">
            {t("empty")}
          </p>
        ) : (
          <ul className="list-unstyled mb-0" aria-label={t("listLabel")} data-testid="notifications">
            {page.items.map((item) => {
              const { title, body } = renderNotification(item.kind, item.params, locale);
              const unreadItem = item.readAt === null;
              return (
                <li
                  key={item.id}
                  className={`rounded mb-3 p-3 border ${unreadItem ? "border-primary border-2" : ""}`}
                  data-testid="notification"
                  data-unread={unreadItem ? "true" : "false"}
                >
                  <div className="d-flex flex-wrap align-items-baseline gap-2 mb-1">
                    {unreadItem ? (
                      <span className="badge bg-primary" data-testid="notification-unread">
                        {t("unread")}
                      </span>
                    ) : (
                      <span className="visually-hidden">{t("read")}</span>
                    )}
                    <form action={asFormAction(openNotificationAction)} className="d-inline">
                      <input type="hidden" name="notificationId" value={item.id} />
                      <button
                        type="submit"
                        className={`btn btn-link p-0 text-start text-decoration-underline align-baseline ${unreadItem ? "fw-bold" : "fw-normal"}`}
                        data-testid="notification-open"
                      >
                        {title}
                      </button>
                    </form>
                  </div>
                  {body && <p className="mb-1 text-break">{body}</p>}
                  <p className="mb-0 small text-muted">
                    <time dateTime={item.createdAt.toISOString()}>{t("receivedAt", { at: formatRomeIn(item.createdAt, locale, "il") })}</time>
                  </p>
                </li>
              );
            })}
          </ul>
        )}

        {(page.next || before) && (
          <nav className="pagination-wrapper mt-4" aria-label={t("paginationLabel")} data-testid="pagination">
            <ul className="pagination flex-wrap">
              {before && (
                <li className="page-item">
                  <Link className="page-link" href="/notifications">
                    {t("newest")}
                  </Link>
                </li>
              )}
              {page.next && (
                <li className="page-item">
                  <Link
                    className="page-link"
                    href={`/notifications?before=${encodeURIComponent(encodeInboxCursor(page.next))}`}
                    aria-label={t("olderLabel")}
                    rel="next"
                    data-testid="older"
                  >
                    {t("older")}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        )}
      </div>
    </div>
  );
}
