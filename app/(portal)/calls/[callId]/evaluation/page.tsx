import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { activeEvaluatorOf } from "@/lib/evaluation/committee-access";
import { getCommitteeForPromoter, searchCandidates } from "@/lib/evaluation/committee-queries";
import { SEARCH_MAX } from "@/lib/evaluation/committee-schemas";
import { formatRomeIn } from "@/lib/time";
import { AppointCandidate, EvaluatorActions, InviteExpertForm } from "./_components/committee-admin";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ q?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("committee.promoter"))("title") };
}

/** The promoter's page of the call's evaluation committee: members and progress, appointments, invitations, the chair. */
export default async function EvaluationCommitteePage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/evaluation`);
  const db = await getDb();
  const raw = (await searchParams).q;
  const q = typeof raw === "string" ? raw.slice(0, SEARCH_MAX) : "";
  const [committee, me] = await Promise.all([getCommitteeForPromoter(db, actor, callId), activeEvaluatorOf(db, callId, actor.userId)]);
  if (!committee) notFound();
  const candidates = q && !committee.appointProblem ? await searchCandidates(db, actor, callId, q) : null;
  const t = await getTranslations("committee.promoter");
  const locale = await getLocale();
  const { call } = committee;
  const chairFree = !committee.evaluators.some((e) => e.role === "chair");

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {call.evaluationMode === "none" ? (
        <p data-testid="committee-not-used">{t("notUsed")}</p>
      ) : (
        <>
          {committee.approved && call.approvedAt && (
            <div className="alert alert-info" data-testid="committee-approved">
              <p className="mb-2">{t("approved", { date: formatRomeIn(call.approvedAt, locale, "il") })}</p>
              <a href={`/api/calls/${call.id}/evaluation-report`} download>
                {t("report")}
              </a>
            </div>
          )}
          {!committee.approved && committee.compositionProblem === "evaluationConsolidationStarted" && <p className="alert alert-warning">{t("frozen")}</p>}
          <p data-testid="committee-progress">
            {t("proposals", { count: committee.proposalCount })}{" "}
            {committee.progress ? t("progress", { submitted: committee.progress.submitted, assigned: committee.progress.assigned }) : t("noProgress")}
          </p>
          {me && (
            <ul className="list-inline">
              <li className="list-inline-item">
                <Link href={`/calls/${call.id}/evaluation/reviews`}>{t("reviewsLink")}</Link>
              </li>
              {me.role === "chair" && (
                <li className="list-inline-item">
                  <Link href={`/calls/${call.id}/evaluation/consolidation`}>{t("consolidationLink")}</Link>
                </li>
              )}
            </ul>
          )}

          <section aria-labelledby="committee-members" className="mt-4">
            <h2 id="committee-members" className="h4">
              {t("committeeTitle")}
            </h2>
            {committee.evaluators.length === 0 ? (
              <p>{t("none")}</p>
            ) : (
              <ul className="list-unstyled" data-testid="committee-list">
                {committee.evaluators.map((e) => (
                  <li key={e.id} className="border rounded p-3 mb-3" data-testid="committee-member" data-role={e.role}>
                    <p className="fw-semibold mb-1">
                      {e.name} — {t(`roles.${e.role}`)}
                    </p>
                    <p className="mb-1">{e.isExpert ? t("expert") : e.organisation}</p>
                    <p className="mb-2 small">
                      {t(`invitation.${e.invitation}`)} · {t("progressValue", { submitted: e.submitted, excluded: e.excluded })}
                    </p>
                    {!committee.compositionProblem && <EvaluatorActions evaluatorId={e.id} name={e.name} isChair={e.role === "chair"} />}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {!committee.appointProblem && (
            <>
              <section aria-labelledby="committee-search" className="mt-5">
                <h2 id="committee-search" className="h4">
                  {t("searchTitle")}
                </h2>
                <form method="get" action={`/calls/${call.id}/evaluation`} role="search" aria-labelledby="committee-search" className="mb-3">
                  <div className="form-group mb-3">
                    <label htmlFor="committee-q" className="active">
                      {t("searchLabel")}
                    </label>
                    <input id="committee-q" name="q" type="text" className="form-control" defaultValue={q} minLength={2} maxLength={SEARCH_MAX} aria-describedby="committee-q-hint" />
                    <small id="committee-q-hint" className="form-hint d-block">
                      {t("searchHint")}
                    </small>
                  </div>
                  <button type="submit" className="btn btn-outline-primary">
                    {t("searchButton")}
                  </button>
                </form>
                {candidates && (
                  <>
                    <p role="status" data-testid="candidates-count">
                      {t("searchResults", { count: candidates.length })}
                    </p>
                    <ul className="list-unstyled">
                      {candidates.map((c) => (
                        <AppointCandidate key={`${c.userId}-${c.organisationId}`} callId={call.id} candidate={c} chairFree={chairFree} />
                      ))}
                    </ul>
                  </>
                )}
              </section>

              <section aria-labelledby="invite-title" className="mt-5">
                <h2 id="invite-title" className="h4">
                  {t("inviteTitle")}
                </h2>
                <p>{t("inviteIntro")}</p>
                <InviteExpertForm callId={call.id} chairFree={chairFree} />
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}
