import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { listQuestionsForPromoter, questionWindow, type PromoterQuestion } from "@/lib/faq/queries";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { formatRomeIn } from "@/lib/time";
import { QuestionItem } from "./_components/question-item";

type Cursors = { wafter?: string; wbefore?: string; pafter?: string; pbefore?: string };
type Props = { params: Promise<{ callId: string }>; searchParams: Promise<Cursors> };

/** The cursor parameters of the page's two lists. */
const LISTS = { waiting: { after: "wafter", before: "wbefore" }, published: { after: "pafter", before: "pbefore" } } as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("faq.manage"))("title") };
}

/** The promoter's desk for the call's questions: answer, reword, publish, correct. Anyone else: not found. */
export default async function CallQuestionsPage({ params, searchParams }: Props) {
  const { callId } = await params;
  const query = await searchParams;
  const token = (name: keyof Cursors) => (typeof query[name] === "string" ? query[name] : undefined);
  const cursorsOf = (list: keyof typeof LISTS) => ({ after: decodeKeyCursor(token(LISTS[list].after), "number"), before: decodeKeyCursor(token(LISTS[list].before), "number") });
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/questions`);
  const db = await getDb();
  // Each section 50 a page, with its own cursor.
  const [call, waiting, published] = await Promise.all([
    getCall(db, actor, callId),
    listQuestionsForPromoter(db, actor, callId, "waiting", cursorsOf("waiting")),
    listQuestionsForPromoter(db, actor, callId, "published", cursorsOf("published")),
  ]);
  if (!call || !waiting || !published || !call.isPromoter) notFound();
  const t = await getTranslations("faq.manage");
  const tf = await getTranslations("faq");
  const locale = await getLocale();
  const { deadline } = questionWindow(call);
  const on = (d: Date) => formatRomeIn(d, locale, "il");
  const integer = new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT");
  const rangeOf = (l: { questions: unknown[]; total: number; from: number; to: number }) =>
    l.total > l.questions.length ? `, ${integer.format(l.from)}–${integer.format(l.to)}` : "";
  // Each list's links keep the other list's position.
  const pagination = (own: keyof typeof LISTS, l: NonNullable<typeof waiting>) => {
    const other = LISTS[own === "waiting" ? "published" : "waiting"];
    const keep = new URLSearchParams();
    for (const p of [other.after, other.before]) if (token(p)) keep.set(p, token(p)!);
    const c = cursorsOf(own);
    return (
      <KeysetPagination
        path={`/calls/${call.id}/questions`}
        query={keep}
        params={LISTS[own]}
        previous={l.previous}
        next={l.next}
        hasCursor={Boolean(c.after ?? c.before)}
        current={rangeOf(l) ? rangeOf(l).slice(2) : undefined}
      />
    );
  };
  const item = (q: PromoterQuestion) => (
    <QuestionItem
      key={q.id}
      question={{
        id: q.id,
        question: q.question,
        publicQuestion: q.publicQuestion,
        answer: q.answer,
        number: q.number,
        askedAtText: [t("askedAt", { date: on(q.askedAt) }), q.publishedAt && tf("publishedAt", { date: on(q.publishedAt) })].filter(Boolean).join(" · "),
        answeredAtText: q.answeredAt && !q.publishedAt ? t("answeredAt", { date: on(q.answeredAt) }) : null,
        askedAtAria: formatRomeIn(q.askedAt, locale, "il"),
      }}
    />
  );

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p data-testid="questions-deadline">{deadline ? t("deadline", { date: formatRomeIn(deadline, locale, "il") }) : t("noDeadline")}</p>
      <p>
        <Link href={`/coalitions/${call.coalitionSlug}/calls/${call.id}#call-faq-title`}>{t("backToCall")}</Link>
      </p>

      <section aria-labelledby="questions-waiting" className="mt-4" data-testid="questions-waiting">
        <h2 id="questions-waiting" className="h4">
          {t("waitingTitle", { count: waiting.total })}
          {rangeOf(waiting)}
        </h2>
        {waiting.total === 0 ? <p>{t("noneWaiting")}</p> : <ul className="list-unstyled">{waiting.questions.map(item)}</ul>}
        {pagination("waiting", waiting)}
      </section>

      <section aria-labelledby="questions-published" className="mt-5" data-testid="questions-published">
        <h2 id="questions-published" className="h4">
          {t("publishedTitle", { count: published.total })}
          {rangeOf(published)}
        </h2>
        {published.total === 0 ? <p>{t("nonePublished")}</p> : <ul className="list-unstyled">{published.questions.map(item)}</ul>}
        {pagination("published", published)}
      </section>
    </>
  );
}
