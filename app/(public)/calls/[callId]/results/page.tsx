import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { AuditAnchor, AuditAnchorInline } from "@/components/audit/audit-anchor";
import { SuccessMessage } from "@/components/confirm-dialog";
import { AllocationChart } from "@/components/voting/allocation-chart";
import { formatShare, formatValue } from "@/components/voting/format";
import { RankingTable } from "@/components/voting/ranking-table";
import { getDb } from "@/db/client";
import { listAnchorsFor } from "@/lib/audit/queries";
import { getCurrentActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { formatRomeIn } from "@/lib/time";
import { getResults, listPublicBallots, listRemovedVoters } from "@/lib/voting/queries";
import { ResultsDocuments } from "./_components/results-documents";
import { ResultsGrants } from "./_components/results-grants";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ done?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("voting.results"))("title"));
}

const HASHES_SHOWN = 2000;

export default async function ResultsPage({ params, searchParams }: Props) {
  const { callId } = await params;
  const { done } = await searchParams;
  if (!z.uuid().safeParse(callId).success) notFound();
  const db = await getDb();
  const actor = await getCurrentActor();
  const call = await getCall(db, actor, callId);
  if (!call) notFound();
  const results = await getResults(db, call.id);
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
  const publicBallots = await listPublicBallots(db, call);
  // Each version's anchor as stored when it was published, never recomputed from the log.
  const anchors = new Map((await listAnchorsFor(db, { entityType: "call", entityId: call.id })).filter((a) => a.version !== null).map((a) => [a.version, a]));
  const latestAnchor = anchors.get(r.version);
  const removedVoters = await listRemovedVoters(db, call.id);
  const byProposal = new Map<string, { organisationName: string; value: number }[]>();
  for (const b of publicBallots) byProposal.set(b.proposalId, [...(byProposal.get(b.proposalId) ?? []), b]);
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
        <p className="form-hint" data-testid="withdrawn-note">
          {t("withdrawnNote")}
          {removedVoters.length > 0 && <> {t("withdrawnHere", { names: removedVoters.map((v) => v.organisationName).join(", ") })}</>}
        </p>
        <RankingTable entries={r.ranking} method={r.votingMethod} />
      </section>

      <section aria-labelledby="allocation-title" className="mb-4">
        <h2 id="allocation-title" className="h4">
          {t("allocationTitle")}
        </h2>
        <AllocationChart entries={r.ranking} budgetCents={r.budgetCents} allocatedCents={r.allocatedCents} skippedCents={r.skippedCents} />
      </section>

      <ResultsGrants db={db} actor={actor} coalitionId={call.coalitionId} funded={r.ranking.filter((e) => e.outcome === "allocated").map((e) => ({ proposalId: e.proposalId, title: e.title }))} />

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
        <details>
          <summary>{t("hashesSummary", { count: r.receiptHashes.length })}</summary>
          <ol className="small font-monospace text-break" data-testid="receipt-hashes">
            {r.receiptHashes.slice(0, HASHES_SHOWN).map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ol>
          {r.receiptHashes.length > HASHES_SHOWN && <p className="small">{t("hashesTruncated", { shown: HASHES_SHOWN })}</p>}
        </details>
      </section>

      {call.ballotsPublic && (
        <section aria-labelledby="ballots-title" className="mb-4">
          <h2 id="ballots-title" className="h4">
            {t("ballotsTitle")}
          </h2>
          {r.ranking.map((e) => (
            <div key={e.proposalId} className="mb-3">
              <h3 className="h6">
                {e.title} ({formatValue(e, r.votingMethod, locale)})
              </h3>
              <ul data-testid="public-ballots">
                {(byProposal.get(e.proposalId) ?? []).map((b) => (
                  <li key={b.organisationName}>
                    {b.organisationName}: {ballotText(b.value)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
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
