import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import type { CallDetail } from "@/lib/calls/queries";
import { countWaitingQuestions, listAskingOrganisations, listPublicFaq, questionWindow } from "@/lib/faq/queries";
import { QUESTION_MAX } from "@/lib/faq/schemas";
import { formatRomeIn } from "@/lib/time";
import { AskQuestionForm } from "./ask-question-form";

/**
 * The call's published FAQ with its dates, and for those who may ask, the form until the
 * question deadline (after it, a note). What it reads is public: the entries carry no trace
 * of who asked (lib/faq/queries.ts listPublicFaq).
 */
export async function CallFaq({ call }: { call: CallDetail }) {
  if (call.phase === "draft") return null;
  const db = await getDb();
  const viewer = await getCurrentActor();
  const [entries, organisations, waiting] = await Promise.all([
    listPublicFaq(db, call.id),
    viewer ? listAskingOrganisations(db, viewer, call.coalitionId) : [],
    call.isPromoter ? countWaitingQuestions(db, call.id) : 0,
  ]);
  const t = await getTranslations("faq");
  const locale = await getLocale();
  const { problem, deadline } = questionWindow(call);
  const on = (d: Date) => formatRomeIn(d, locale, "il");

  return (
    <section aria-labelledby="call-faq-title" className="mt-5" data-testid="call-faq">
      <h2 id="call-faq-title" className="h4">
        {t("title")}
      </h2>
      <p>{t("intro")}</p>
      {entries.length === 0 ? (
        <p data-testid="faq-none">{t("none")}</p>
      ) : (
        <ol className="list-unstyled" data-testid="faq-entries">
          {entries.map((e) => (
            <li key={e.number} className="border rounded p-3 mb-3" data-testid="faq-entry">
              <h3 className="h5 mb-2">
                {t("entry", { number: e.number })}
                <span className="visually-hidden">: </span>
                <span className="d-block fw-normal mt-1 text-break" style={{ whiteSpace: "pre-line" }}>
                  {e.question}
                </span>
              </h3>
              <p className="mb-2 text-break" style={{ whiteSpace: "pre-line" }}>
                <strong>{t("answer")}: </strong>
                {e.answer}
              </p>
              <p className="small mb-0">
                {t("publishedAt", { date: on(e.publishedAt) })}
                {e.correctedAt && (
                  <>
                    {" · "}
                    <span data-testid="faq-corrected">{t("correctedAt", { date: on(e.correctedAt) })}</span>
                  </>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}

      {call.isPromoter && (
        <p className="d-flex flex-wrap gap-3 align-items-center">
          <Link className="btn btn-outline-primary" href={`/calls/${call.id}/questions`}>
            {t("promoterLink")}
          </Link>
          <span data-testid="faq-waiting">{t("promoterWaiting", { count: waiting })}</span>
        </p>
      )}

      {!call.isPromoter && problem === "faqQuestionsClosed" && deadline && (call.phase === "open" || call.phase === "review") && (
        <p className="alert alert-info" data-testid="faq-closed">
          {t("closed", { date: on(deadline) })}
        </p>
      )}
      {!call.isPromoter && problem === "faqCallNotOpen" && <p data-testid="faq-not-yet">{t("notYetOpen")}</p>}
      {!call.isPromoter && problem === null && (
        <div className="border rounded p-3 p-md-4" data-testid="faq-ask">
          <h3 id="faq-ask-title" className="h5">
            {t("askTitle")}
          </h3>
          {deadline && <p data-testid="faq-deadline">{t("deadline", { date: formatRomeIn(deadline, locale, "al") })}</p>}
          {!viewer ? (
            <>
              <p>{t("whoMayAsk")}</p>
              <Link className="btn btn-outline-primary" href={`/sign-in?callbackUrl=${encodeURIComponent(`/coalitions/${call.coalitionSlug}/calls/${call.id}#call-faq-title`)}`}>
                {t("signInToAsk")}
              </Link>
            </>
          ) : organisations.length === 0 ? (
            <p className="mb-0">{t("whoMayAsk")}</p>
          ) : (
            <AskQuestionForm callId={call.id} organisations={organisations} max={QUESTION_MAX} />
          )}
        </div>
      )}
    </section>
  );
}
