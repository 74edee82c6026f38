import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { EvaluationRuleText } from "@/components/evaluation/call-evaluation";
import { AllocationChart } from "@/components/voting/allocation-chart";
import { isAppraisalApproved } from "@/lib/evaluation/appraisal";
import { listCriteria } from "@/lib/evaluation/criteria";
import { formatShare } from "@/components/voting/format";
import { PagedRanking } from "@/components/voting/paged-ranking";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { now } from "@/lib/clock";
import { durationParts, formatRomeIn } from "@/lib/time";
import { listRemovedVoters, listTurnoutByOrganisation } from "@/lib/voting/queries";
import { rankingPage } from "@/lib/voting/ranking-page";
import { getTurnout, previewResults, toEntries } from "@/lib/voting/service";
import { CorrectionForm, PublishButton } from "./_components/results-actions";
import { VoteReminderSection } from "./_components/vote-reminder-section";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ page?: string | string[]; done?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("voting.count"))("title"));
}

/** The promoters' page of the vote: turnout while it runs (never the totals), then the count to publish, then corrections. */
export default async function CountPage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/count`);
  const db = await getDb();
  const call = await getCall(db, actor, callId);
  if (!call || !call.isPromoter) notFound();
  const t = await getTranslations("voting.count");
  const tc = await getTranslations("calls");
  const tr = await getTranslations("voting.results");
  const te = await getTranslations("evaluation");
  const locale = await getLocale();
  const phase = call.phase;
  const votingStarted = phase === "voting" || phase === "counting" || phase === "results" || phase === "archived";
  const turnout = votingStarted ? await getTurnout(db, actor, { callId }) : null;
  // A call whose appraisal combines with the vote is counted only once the committee approved it (issue 14).
  const appraisalPending = call.evaluationMode !== "none" && (phase === "counting" || phase === "voting") && !(await isAppraisalApproved(db, call.id));
  const preview = phase === "counting" && !appraisalPending ? await previewResults(db, actor, { callId }) : null;
  const maxTotal = call.evaluationMode === "none" ? 0 : (await listCriteria(db, call.id)).reduce((s, c) => s + c.maxPoints, 0);
  const removedVoters = turnout ? await listRemovedVoters(db, callId, { withReason: true }) : [];
  // Who has voted and who has not (never how), while the vote runs: promoters remind the late ones.
  const { page: pageParam, done } = await searchParams;
  const requestedPage = Number.parseInt(typeof pageParam === "string" ? pageParam : "1", 10);
  const whoVoted = phase === "voting" ? await listTurnoutByOrganisation(db, actor, { callId, page: Number.isFinite(requestedPage) ? requestedPage : 1 }) : null;
  // The preview's ranking 50 rows a page (`page` pages the turnout list while voting, the ranking while counting).
  const previewSlice = preview ? rankingPage(toEntries(preview.allocation), pageParam) : null;
  const timeLeft = phase === "voting" && call.votingClosesAt ? durationParts(call.votingClosesAt.getTime() - now().getTime()) : null;

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead mb-4">
        {call.title} — {tc(`phases.${phase}` as "phases.open")}
      </p>

      {!turnout ? (
        <p data-testid="count-not-started">{call.votingOpensAt ? t("notStarted", { date: formatRomeIn(call.votingOpensAt, locale, "il") }) : t("notScheduled")}</p>
      ) : (
        <section aria-labelledby="turnout-title" className="mb-4">
          <h2 id="turnout-title" className="h4">
            {t("turnoutTitle")}
          </h2>
          <dl className="row" data-testid="turnout">
            <dt className="col-sm-4">{t("eligible")}</dt>
            <dd className="col-sm-8">{t("weightOf", { weight: turnout.eligibleWeight, count: turnout.eligibleOrganisations })}</dd>
            <dt className="col-sm-4">{t("voted")}</dt>
            <dd className="col-sm-8" data-testid="turnout-voted">
              {t("weightOf", { weight: turnout.turnoutWeight, count: turnout.votedOrganisations })} ({formatShare(turnout.turnoutWeight, turnout.eligibleWeight, locale)})
            </dd>
            <dt className="col-sm-4">{t("quorum")}</dt>
            <dd className="col-sm-8" data-testid="turnout-quorum">
              {formatShare(turnout.quorumBp, 10_000, locale)} — {turnout.quorumReached ? t("quorumReached") : t("quorumNotYet")}
            </dd>
          </dl>
          {phase === "voting" && <p className="form-hint">{t("totalsHidden")}</p>}
          {timeLeft && call.votingClosesAt && (
            <p className="fw-semibold" data-testid="voting-time-left">
              {t("timeLeft", { date: formatRomeIn(call.votingClosesAt, locale, "il"), left: t("left", timeLeft) })}
            </p>
          )}
          {whoVoted && (
            <section aria-labelledby="who-voted-title" className="mb-3" data-testid="who-voted">
              <h3 id="who-voted-title" className="h5">
                {t("whoVotedTitle")}
              </h3>
              <p className="mb-1">{t("notVotedCount", { notVoted: whoVoted.notVoted, total: whoVoted.total })}</p>
              <p className="form-hint">{t("whoVotedHint")}</p>
              <div className="table-responsive" role="region" aria-label={t("whoVotedTitle")} tabIndex={0}>
                <table className="table table-sm align-middle">
                  <caption className="visually-hidden">{t("whoVotedTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("organisationColumn")}</th>
                      <th scope="col">{t("votedColumn")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {whoVoted.rows.map((r) => (
                      <tr key={r.organisationId} data-testid="who-voted-row" data-voted={r.hasVoted}>
                        <td>{r.name}</td>
                        <td className={`text-nowrap ${r.hasVoted ? "text-success fw-semibold" : ""}`}>{r.hasVoted ? t("votedYes") : t("votedNo")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {whoVoted.pageCount > 1 && (
                <nav aria-label={t("turnoutPages")} className="d-flex gap-3 align-items-center">
                  {whoVoted.page > 1 && <Link href={`/calls/${call.id}/count?page=${whoVoted.page - 1}`}>{t("previousPage")}</Link>}
                  <span>{t("pageOf", { page: whoVoted.page, pageCount: whoVoted.pageCount })}</span>
                  {whoVoted.page < whoVoted.pageCount && <Link href={`/calls/${call.id}/count?page=${whoVoted.page + 1}`}>{t("nextPage")}</Link>}
                </nav>
              )}
            </section>
          )}
          {whoVoted && call.votingClosesAt && (
            <VoteReminderSection db={db} actor={actor} callId={call.id} votingClosesAt={call.votingClosesAt} notVoted={whoVoted.notVoted} done={typeof done === "string" ? done : undefined} />
          )}
          {removedVoters.length > 0 && (
            <>
              <h3 className="h6">{t("removedTitle")}</h3>
              <ul data-testid="removed-voters">
                {removedVoters.map((v) => (
                  <li key={v.organisationName}>
                    {t("removedLine", { name: v.organisationName, weight: v.weight, date: formatRomeIn(v.removedAt, locale, "il") })}
                    {v.reason && <> — {v.reason}</>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="form-hint">{tr("withdrawnNote")}</p>
        </section>
      )}

      {appraisalPending && (
        <div className="alert alert-warning" role="status" data-testid="count-evaluation-pending">
          {te("count.pending")} <Link href={`/calls/${call.id}/evaluation`}>{te("panel.title")}</Link>
        </div>
      )}

      {preview && previewSlice && (
        <section aria-labelledby="preview-title" className="mb-4 p-4 border rounded">
          <h2 id="preview-title" className="h4">
            {t("previewTitle")}
          </h2>
          <p className={preview.quorumReached ? "text-success" : "text-danger fw-semibold"}>{preview.quorumReached ? t("quorumReached") : t("quorumNotReachedPreview")}</p>
          <EvaluationRuleText call={call} maxTotal={maxTotal} className="form-hint" />
          <PagedRanking slice={previewSlice} method={call.votingMethod} path={`/calls/${call.id}/count`} query={new URLSearchParams()} />
          <AllocationChart
            entries={previewSlice.rows}
            shown={previewSlice}
            budgetCents={call.budgetCents}
            allocatedCents={preview.allocation.allocatedCents}
            skippedCents={preview.allocation.skippedCents}
          />
          <p className="small">
            {t("fingerprint")} <code className="text-break">{preview.fingerprint}</code>
          </p>
          <PublishButton callId={call.id} />
        </section>
      )}

      {(phase === "results" || phase === "archived") && (
        <section className="mb-4">
          <p>
            <Link className="btn btn-primary" href={`/calls/${call.id}/results`}>
              {t("seeResults")}
            </Link>
          </p>
          <CorrectionForm callId={call.id} />
        </section>
      )}
    </>
  );
}
