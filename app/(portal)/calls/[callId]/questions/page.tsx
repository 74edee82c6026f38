import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { listQuestionsForPromoter, questionWindow } from "@/lib/faq/queries";
import { formatRomeIn } from "@/lib/time";
import { QuestionItem } from "./_components/question-item";

type Props = { params: Promise<{ callId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("faq.manage"))("title") };
}

/** The promoter's desk for the call's questions: answer, reword, publish, correct. Anyone else: not found. */
export default async function CallQuestionsPage({ params }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/questions`);
  const db = await getDb();
  const [call, questions] = await Promise.all([getCall(db, actor, callId), listQuestionsForPromoter(db, actor, callId)]);
  if (!call || !questions || !call.isPromoter) notFound();
  const t = await getTranslations("faq.manage");
  const tf = await getTranslations("faq");
  const locale = await getLocale();
  const { deadline } = questionWindow(call);
  const waiting = questions.filter((q) => !q.publishedAt);
  const published = questions.filter((q) => q.publishedAt);
  const on = (d: Date) => formatRomeIn(d, locale, "il");
  const item = (q: (typeof questions)[number]) => (
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
          {t("waitingTitle", { count: waiting.length })}
        </h2>
        {waiting.length === 0 ? <p>{t("noneWaiting")}</p> : <ul className="list-unstyled">{waiting.map(item)}</ul>}
      </section>

      <section aria-labelledby="questions-published" className="mt-5" data-testid="questions-published">
        <h2 id="questions-published" className="h4">
          {t("publishedTitle", { count: published.length })}
        </h2>
        {published.length === 0 ? <p>{t("nonePublished")}</p> : <ul className="list-unstyled">{published.map(item)}</ul>}
      </section>
    </>
  );
}
