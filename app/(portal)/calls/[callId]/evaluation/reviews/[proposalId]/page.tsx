import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getMyReview } from "@/lib/evaluation/committee-queries";
import { formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";
import { Declaration, ScoresForm } from "./_components/review-form";

type Props = { params: Promise<{ callId: string; proposalId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("committee.reviews"))("title") };
}

/** One proposal as its evaluator appraises it: summary, declaration, scores. Only the evaluator's own. */
export default async function ReviewPage({ params }: Props) {
  const { callId, proposalId } = await params;
  if (!z.uuid().safeParse(callId).success || !z.uuid().safeParse(proposalId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/evaluation/reviews/${proposalId}`);
  const review = await getMyReview(await getDb(), actor, callId, proposalId);
  if (!review) notFound();
  const t = await getTranslations("committee.review");
  const tr = await getTranslations("committee.reviews");
  const locale = await getLocale();
  const { call, proposal, criteria } = review;
  const open = review.problem === null;
  const text = (label: string, value: string) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd className="text-break" style={{ whiteSpace: "pre-line" }}>
          {value}
        </dd>
      </>
    ) : null;

  return (
    <>
      <Breadcrumb trail={[...callTrail(call), { href: `/calls/${call.id}/evaluation/reviews`, label: tr("title") }]} current={proposal.reference ?? proposal.title} />
      <h1 className="mb-3 text-break">{t("title", { title: proposal.title })}</h1>
      <p>
        <Link href={`/calls/${call.id}/evaluation/reviews`}>{t("back")}</Link>
      </p>

      <section aria-labelledby="proposal-summary" className="mt-4">
        <h2 id="proposal-summary" className="h4">
          {t("summaryTitle")}
        </h2>
        <dl>
          {text(t("lead"), proposal.leadName)}
          {text(t("requested"), formatCents(proposal.requestedCents, locale))}
          {proposal.durationMonths ? text(t("duration"), t("months", { count: proposal.durationMonths })) : null}
          {text(t("summary"), proposal.summary)}
          {text(t("problem"), proposal.problem)}
          {text(t("objectives"), proposal.objectives)}
        </dl>
        <p>
          <Link href={`/proposals/${proposal.id}`}>{t("openProposal")}</Link>
        </p>
      </section>

      <section aria-labelledby="declaration-title" className="mt-4">
        <h2 id="declaration-title" className="h4">
          {t("declarationTitle")}
        </h2>
        <div data-testid="review-state" data-state={review.state}>
          {review.reason ? (
            <p className="alert alert-warning">{t(`excluded.${review.reason}`)}</p>
          ) : review.state === "to_declare" ? (
            <>
              <p>{t("declarationIntro")}</p>
              {open && <Declaration callId={call.id} proposalId={proposal.id} />}
            </>
          ) : (
            <p>{t("declaredNone")}</p>
          )}
        </div>
      </section>

      {!review.reason && review.state !== "to_declare" && (
        <section aria-labelledby="criteria-title" className="mt-4">
          <h2 id="criteria-title" className="h4">
            {t("criteriaTitle")}
          </h2>
          {criteria.length === 0 ? (
            <p>{t("noCriteria")}</p>
          ) : review.state === "submitted" || !open ? (
            <>
              {review.review?.submittedAt && (
                <p className="alert alert-success" data-testid="review-submitted">
                  {t("submitted", { date: formatRomeIn(review.review.submittedAt, locale, "il") })}
                </p>
              )}
              <dl>
                {criteria.map((c) => {
                  const s = review.scores.find((x) => x.criterionId === c.id);
                  return (
                    <div key={c.id} className="mb-3">
                      <dt>
                        {c.name}: {s ? `${s.points}/${c.maxPoints}` : "—"}
                      </dt>
                      <dd className="text-break" style={{ whiteSpace: "pre-line" }}>
                        {s?.justification}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            </>
          ) : (
            <ScoresForm callId={call.id} proposalId={proposal.id} criteria={criteria} scores={review.scores} />
          )}
        </section>
      )}
    </>
  );
}
