import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { canReadOutbox, outboxOpenToEveryone } from "@/lib/mail/config";
import { latestOutbox, linksIn, OUTBOX_PAGE_SIZE } from "@/lib/mail/outbox";
import { formatRome } from "@/lib/time";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("mail"))("outboxTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

const STATE_KEY = { pending: "statePending", sent: "stateSent", failed: "stateFailed" } as const;

/**
 * The local outbox: the e-mail Tavolo wrote, so the demo works with no mail server. It shows
 * one-time links, so only who lib/mail/config.ts canReadOutbox allows sees it (platform
 * admins; everybody only without SMTP outside production, or with MAIL_OUTBOX_PUBLIC=1);
 * anyone else gets "not found".
 */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  const actor = await getCurrentActor();
  if (!canReadOutbox(actor)) notFound();
  const t = await getTranslations("mail");
  const locale = await getLocale();
  const { to } = await searchParams;
  const recipient = typeof to === "string" ? to.slice(0, 254) : "";
  // Platform admins see every mail; anyone else (the demo's open outbox) only the mail of an
  // address typed in full, so the page never lists the people who have an account.
  const mayList = actor?.isPlatformAdmin === true;
  const mails = mayList || recipient.trim() ? await latestOutbox(await getDb(), { to: recipient }) : [];
  return (
    <div className="row">
      <div className="col-lg-10">
        <h1 className="mb-3">{t("outboxTitle")}</h1>
        <p>{outboxOpenToEveryone() ? t("outboxIntro") : t("outboxAdminIntro")}</p>
        <form method="get" className="d-flex flex-wrap align-items-end gap-3 mb-4" role="search" aria-label={t("outboxFilter")}>
          <div className="form-group mb-0 flex-grow-1" style={{ minWidth: "14rem" }}>
            <label htmlFor="outbox-to" className="active">
              {t("outboxFilter")}
            </label>
            <input id="outbox-to" name="to" type="email" className="form-control" defaultValue={recipient} autoComplete="off" />
          </div>
          <button type="submit" className="btn btn-outline-primary mb-1">
            {t("outboxFilterButton")}
          </button>
        </form>
        {mails.length === 0 ? (
          <p>{mayList || recipient.trim() ? t("outboxEmpty") : t("outboxAskAddress")}</p>
        ) : (
          <>
            {mails.length === OUTBOX_PAGE_SIZE && <p>{t("outboxShowing", { count: OUTBOX_PAGE_SIZE })}</p>}
            <ul className="list-unstyled">
              {mails.map((mail) => {
                const status = (mail.status in STATE_KEY ? mail.status : "pending") as keyof typeof STATE_KEY;
                return (
                  <li key={mail.id} className="card border mb-4" data-testid="outbox-mail">
                    <article className="card-body" aria-labelledby={`mail-${mail.id}`}>
                      <h2 id={`mail-${mail.id}`} className="h5 card-title">
                        {mail.subject}
                      </h2>
                      <p className="mb-1 text-break">{t("outboxTo", { to: mail.toAddress })}</p>
                      <p className="mb-1">{t("outboxAt", { at: formatRome(mail.createdAt, locale) })}</p>
                      <p className="mb-3">
                        {t("outboxState", { state: t(STATE_KEY[status]) })} · {t("outboxAttempts", { count: mail.attempts })}
                        {mail.lastError ? ` · ${t("outboxLastError", { error: mail.lastError })}` : ""}
                      </p>
                      <pre className="border rounded p-3 bg-light mb-3" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                        {mail.textBody}
                      </pre>
                      <h3 className="h6">{t("outboxLinks")}</h3>
                      <ul>
                        {linksIn(mail.textBody).map((link) => (
                          <li key={link} className="text-break">
                            <a href={link} rel="noreferrer">
                              {link}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </article>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
