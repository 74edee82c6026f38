import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { AuditAnchor, AuditAnchorInline } from "@/components/audit/audit-anchor";
import { SuccessMessage } from "@/components/confirm-dialog";
import { DecidedInMeeting } from "@/components/meetings/decided-in-meeting";
import { EvaluationRuleText } from "@/components/evaluation/call-evaluation";
import { AllocationChart } from "@/components/voting/allocation-chart";
import { formatShare, formatValue } from "@/components/voting/format";
import { PagedRanking } from "@/components/voting/paged-ranking";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { formatRomeIn } from "@/lib/time";
import { getCachedResults } from "@/lib/voting/cache";
import { rankingPage } from "@/lib/voting/ranking-page";
import { decodeBallotsCursor, encodeBallotsCursor, listPublicBallots, PUBLIC_BALLOTS_PAGE_SIZE } from "@/lib/voting/queries";
import { ResultsDocuments } from "./_components/results-documents";
import { ResultsGrants } from "./_components/results-grants";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ done?: string; after?: string | string[]; page?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("voting.results"))("title"));
}

export default async function ResultsPage({ params, searchParams }: Props) {
  const { callId } = await params;
  const { done, after, page } = await searchParams;
  if (!z.uuid().safeParse(callId).success) notFound();
  const db = await getDb();
  const actor = await getCurrentActor();
  const call = await getCall(db, actor, callId);
  if (!call) notFound();
  // Published results change only with a new version: they come from the cache (lib/voting/cache.ts).
  const results = await getCachedResults(call);
  const t = await getTranslations("voting.results");
  const tv = await getTranslations("voting");
  const tc = await getTranslations("calls");
  const locale = await getLocale();

  const breadcrumb = (
    <Breadcrumb trail={callTrail(call)} current={t("title")} />
  );

  if (!results) {
    return (
      <>
        {breadcrumb}
        <h1 className="mb-3">{t("title")}</h1>
        <p className="lead" data-testid="results-pending">
          {t("notYet", { phase: tc(`phasesInSentence.${call.phase}` as "phasesInSentence.open") })}
        </p>
      </>
    );
  }

  const r = results.latest;
  // One page of the public ballots (keyset): never all of them.
  const cursor = decodeBallotsCursor(typeof after === "string" ? after : null);
  const publicBallots = await listPublicBallots(db, call, { after: cursor });
  // The ranking 50 rows a page, sliced from the cached version (a bad or out-of-range page is the first).
  const slice = rankingPage(r.ranking, page);
  const base = `/calls/${call.id}/results`;
  const keepBallots = new URLSearchParams(typeof after === "string" ? { after } : {});
  const keepPage = slice.page > 1 ? `page=${slice.page}&` : "";
  const titles = new Map(r.ranking.map((e) => [e.proposalId, e]));
  // Each version's anchor as stored when it was published, never recomputed from the log.
  const anchors = new Map(results.anchors.filter((a) => a.version !== null).map((a) => [a.version, a]));
  const latestAnchor = anchors.get(r.version);
  const removedVoters = results.removedVoters;
  const ballotText = (v: number) => (r.votingMethod === "score" ? tv("scoreOption", { score: v }) : tv(`values.${v > 0 ? "yes" : v < 0 ? "no" : "abstain"}`));

  return (
    <>
      {breadcrumb}
      <h1 className="mb-2">{t("title")}</h1>
      {done === "published" && <SuccessMessage>{(await getTranslations("confirm"))("done.resultsPublished")}</SuccessMessage>}
      <p className="lead mb-2">{call.title}</p>
      <p data-testid="results-version">
        {t("publishedAt", { date: formatRomeIn(r.publishedAt, locale, "il"), version: r.version })}
        {r.reason && <> — {t("correctionReason", { reason: r.reason })}</>}
      </p>
      {latestAnchor && <AuditAnchor anchor={latestAnchor} className="mb-3" />}
      <DecidedInMeeting callId={call.id} kinds={["results_approved"]} />
      <ResultsDocuments callId={call.id} />

      <section aria-labelledby="turnout-title" className="mb-4">
        <h2 id="turnout-title" className="h4">
          {t("turnoutTitle")}
        </h2>
        <p data-testid="turnout">
          {t("turnout", {
            voted: r.turnoutWeight,
            eligible: r.eligibleWeight,
            share: formatShare(r.turnoutWeight, r.eligibleWeight, locale),
            quorum: formatShare(r.quorumBp, 10_000, locale),
          })}
        </p>
        <p className={`fw-semibold ${r.quorumReached ? "text-success" : "text-danger"}`} data-testid="quorum">
          {r.quorumReached ? t("quorumReached") : t("quorumNotReached")}
        </p>
      </section>

      <section aria-labelledby="ranking-title" className="mb-4">
        <h2 id="ranking-title" className="h4">
          {t("rankingTitle")}
        </h2>
        <p className="form-hint">{t(`explain.${r.votingMethod === "score" ? "score" : "approval"}`)}</p>
        <EvaluationRuleText call={call} maxTotal={r.ranking.find((e) => e.evaluation)?.evaluation?.technicalMax ?? 0} className="form-hint" />
        <p className="form-hint" data-testid="withdrawn-note">
          {t("withdrawnNote")}
          {removedVoters.length > 0 && <> {t("withdrawnHere", { names: removedVoters.map((v) => v.organisationName).join(", ") })}</>}
        </p>
        <PagedRanking
          slice={slice}
          method={r.votingMethod}
          path={base}
          query={keepBallots}
          full={[
            { href: `/api/calls/${call.id}/ranking/${r.version}?lang=${locale}`, label: t("fullRanking", { version: r.version }), testId: "full-ranking-pdf" },
            { href: `/api/calls/${call.id}/results.csv`, label: t("fullRankingCsv"), testId: "full-ranking-csv" },
          ]}
        />
      </section>

      <section aria-labelledby="allocation-title" className="mb-4">
        <h2 id="allocation-title" className="h4">
          {t("allocationTitle")}
        </h2>
        <AllocationChart entries={slice.rows} budgetCents={r.budgetCents} allocatedCents={r.allocatedCents} skippedCents={r.skippedCents} shown={slice} />
      </section>

      <ResultsGrants db={db} actor={actor} coalitionId={call.coalitionId} funded={slice.rows.filter((e) => e.outcome === "allocated").map((e) => ({ proposalId: e.proposalId, title: e.title }))} />

      <section aria-labelledby="fingerprint-title" className="mb-4">
        <h2 id="fingerprint-title" className="h4">
          {t("fingerprintTitle")}
        </h2>
        <p>{t("fingerprintHint", { count: r.ballotCount })}</p>
        <p>
          <code className="text-break" data-testid="fingerprint">
            {r.fingerprint}
          </code>
        </p>
        <p>
          <Link className="btn btn-outline-primary" href={`/receipts?call=${call.id}`} data-testid="check-receipt-link">
            {t("checkReceipt")}
          </Link>
        </p>
        <p className="mb-1">
          <a href={`/api/calls/${call.id}/receipts.txt?version=${r.version}`} download data-testid="receipts-download">
            {t("hashesDownload", { count: r.ballotCount })}
          </a>
        </p>
        <p className="form-hint">{t("hashesDownloadHint")}</p>
      </section>

      {call.ballotsPublic && (
        <section aria-labelledby="ballots-title" className="mb-4">
          <h2 id="ballots-title" className="h4">
            {t("ballotsTitle")}
          </h2>
          <ul data-testid="public-ballots">
            {publicBallots.rows.map((b) => {
              const e = titles.get(b.proposalId);
              return (
                <li key={`${b.organisationId}:${b.proposalId}`}>
                  {b.organisationName}: {ballotText(b.value)} — {e ? `${e.reference ? `${e.reference} ` : ""}${e.title} (${formatValue(e, r.votingMethod, locale)})` : ""}
                </li>
              );
            })}
          </ul>
          {(cursor || publicBallots.next) && (
            <nav aria-label={t("ballotsNav")} className="d-flex flex-wrap gap-2">
              {cursor && (
                <Link className="btn btn-outline-primary btn-sm" href={`${base}${keepPage ? `?${keepPage.slice(0, -1)}` : ""}#ballots-title`} data-testid="public-ballots-first">
                  {t("ballotsFirst")}
                </Link>
              )}
              {publicBallots.next && (
                <Link className="btn btn-outline-primary btn-sm" href={`${base}?${keepPage}after=${encodeBallotsCursor(publicBallots.next)}#ballots-title`} data-testid="public-ballots-next">
                  {t("ballotsNext", { size: PUBLIC_BALLOTS_PAGE_SIZE })}
                </Link>
              )}
            </nav>
          )}
        </section>
      )}

      {results.versions.length > 1 && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title" className="h5">
            {t("versionsTitle")}
          </h2>
          <ul>
            {results.versions.map((v) => (
              <li key={v.version}>
                {t("versionLine", { version: v.version, date: formatRomeIn(v.publishedAt, locale, "del") })}
                {v.reason && <> — {v.reason}</>} — <code>{v.fingerprint.slice(0, 16)}…</code>
                {anchors.get(v.version) && (
                  <>
                    {" — "}
                    <AuditAnchorInline anchor={anchors.get(v.version)!} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
