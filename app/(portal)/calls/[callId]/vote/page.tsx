import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";
import { KeysetPagination } from "@/components/keyset-pagination";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { listBoothProposalsPage, parseBoothFilter } from "@/lib/voting/booth-page";
import { getVotingBooth } from "@/lib/voting/queries";
import { isAppraisalApproved } from "@/lib/evaluation/appraisal";
import { BoothForm } from "./_components/booth-form";

type Query = { org?: string | string[]; show?: string | string[]; after?: string | string[]; before?: string | string[] };
type Props = { params: Promise<{ callId: string }>; searchParams: Promise<Query> };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("voting.booth"))("title"));
}

export default async function VotePage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/vote`);
  const query = await searchParams;
  const org = one(query.org);
  const filter = parseBoothFilter(one(query.show));
  const after = decodeKeyCursor(one(query.after), "text");
  const before = decodeKeyCursor(one(query.before), "text");
  const db = await getDb();
  const call = await getCall(db, actor, callId);
  const booth = call ? await getVotingBooth(db, actor, callId, org) : null;
  if (!call || !booth) notFound();
  // One page of the proposals (50), for the chosen organisation: the filter and the page stay in the URL, so casting (which refreshes) comes back here.
  // Threshold mode (issue 14): only proposals reaching the minimum technical score, once the appraisal is approved.
  const threshold = call.evaluationMode === "threshold";
  const appraisalPending = threshold && !(await isAppraisalApproved(db, call.id));
  const list =
    booth.chosen && !appraisalPending
      ? await listBoothProposalsPage(db, call.id, booth.chosen.organisationId, { filter, after, before, ...(threshold ? { minTechnicalTotal: call.evaluationMinTotal } : {}) })
      : null;
  const te = await getTranslations("evaluation.booth");
  const t = await getTranslations("voting");
  const locale = await getLocale();
  const integer = new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT");
  const paged = list !== null && list.matching > list.proposals.length;
  const range = list ? `${integer.format(list.from)}–${integer.format(list.to)}` : "";
  // What the page's links keep: the organisation chosen (when it was) and the filter.
  const keep = new URLSearchParams();
  if (org && booth.chosen?.organisationId === org) keep.set("org", org);
  if (filter === "unvoted") keep.set("show", "unvoted");
  const open = booth.phase === "voting";
  const finished = booth.phase === "results" || booth.phase === "archived";
  const windowText =
    open && booth.call.votingClosesAt
      ? t("booth.openUntil", { date: formatRomeIn(booth.call.votingClosesAt, locale, "al") })
      : finished
        ? t("booth.closedResults")
        : booth.phase !== "counting" && booth.call.votingOpensAt
          ? t("booth.opensOn", { date: formatRomeIn(booth.call.votingOpensAt, locale, "il") })
          : t("booth.closed");
  const valueText = (v: number) =>
    booth.call.votingMethod === "score" ? t("scoreOption", { score: v }) : t(`values.${v > 0 ? "yes" : v < 0 ? "no" : "abstain"}`);

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("booth.title")} />
      <h1 className="mb-2">{t("booth.title")}</h1>
      <p className="lead mb-2">{call.title}</p>
      <p data-testid="voting-window">
        {windowText}
        {finished && (
          <>
            {" "}
            <Link href={`/calls/${call.id}/results`}>{t("booth.seeResults")}</Link>
          </>
        )}
      </p>
      <p className="form-hint">{t(`booth.method.${booth.call.votingMethod}`)}</p>
      {appraisalPending && (
        <div className="alert alert-info" role="status" data-testid="booth-evaluation-pending">
          {te("pending")}
        </div>
      )}
      {threshold && !appraisalPending && (
        <p className="form-hint" data-testid="booth-threshold">
          {te("threshold", { min: call.evaluationMinTotal })}
        </p>
      )}

      {booth.organisations.length === 0 ? (
        <div className="alert alert-info" role="status" data-testid="not-a-voter">
          <p className="mb-0">{t("booth.notAVoter")}</p>
          {booth.notVoting.length > 0 && (
            <ul className="mb-0 mt-2">
              {booth.notVoting.map((o) => (
                <li key={o.organisationId} data-testid="not-voting-reason" data-reason={o.reason}>
                  {t(`booth.${o.reason}`, { name: o.name })}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <>
          {booth.organisations.length > 1 && (
            <form method="get" className="d-flex gap-2 align-items-end mb-4">
              {filter === "unvoted" && <input type="hidden" name="show" value="unvoted" />}
              <div className="select-wrapper">
                <label htmlFor="org">{t("booth.votingFor")}</label>
                <select id="org" name="org" defaultValue={booth.chosen?.organisationId}>
                  {booth.organisations.map((o) => (
                    <option key={o.organisationId} value={o.organisationId}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="btn btn-outline-primary">
                {t("booth.switch")}
              </button>
            </form>
          )}
          <p data-testid="voting-as">
            {t("booth.votingAs", { name: booth.chosen!.name })}
            {booth.chosen!.weight !== null && <> — {t("booth.weight", { weight: booth.chosen!.weight })}</>}
          </p>

          {list && (
            <>
              <form method="get" className="d-flex flex-wrap gap-2 align-items-end mb-3" data-testid="booth-filter">
                {keep.has("org") && <input type="hidden" name="org" value={keep.get("org")!} />}
                <div className="select-wrapper">
                  <label htmlFor="booth-show">{t("booth.filterLabel")}</label>
                  <select id="booth-show" name="show" defaultValue={filter}>
                    <option value="all">{t("booth.filterAll")}</option>
                    <option value="unvoted">{t("booth.filterUnvoted")}</option>
                  </select>
                </div>
                <button type="submit" className="btn btn-outline-primary">
                  {t("booth.filter")}
                </button>
              </form>
              <div role="status" data-testid="booth-status">
                <p className="mb-1" data-testid="voting-progress">
                  {t("booth.progress", { voted: list.voted, votable: list.votable, conflicts: list.total - list.votable })}
                </p>
                <p className="mb-3" data-testid="booth-count">
                  {t(filter === "unvoted" ? "booth.shownUnvoted" : "booth.shown", { count: list.matching })}
                  {paged && `, ${range}`}
                </p>
              </div>
              {list.total === 0 ? (
                <p>{t("booth.noProposals")}</p>
              ) : list.proposals.length === 0 ? (
                <p data-testid="booth-all-voted">
                  {t("booth.allVoted")} <Link href={`/calls/${call.id}/vote${keep.has("org") ? `?org=${keep.get("org")}` : ""}`}>{t("booth.showAll")}</Link>
                </p>
              ) : (
                <>
                  {paged && open && <p className="form-hint">{t("booth.pageHint")}</p>}
                  <BoothForm
                    // A new organisation is a new form: its choices start from its own ballots.
                    key={booth.chosen!.organisationId}
                    callId={call.id}
                    callTitle={call.title}
                    organisationId={booth.chosen!.organisationId}
                    organisationName={booth.chosen!.name}
                    method={booth.call.votingMethod}
                    open={open}
                    proposals={list.proposals.map((p) => ({
                      id: p.id,
                      reference: p.reference,
                      title: p.title,
                      details: `${p.reference ?? ""} — ${t("booth.lead", { name: p.leadName })} — ${t("booth.requested", { amount: formatCents(p.requestedCents, locale) })}`,
                      current: p.conflict ? null : (p.ballot?.value ?? null),
                      currentText: p.ballot
                        ? t("booth.currentBallot", { value: valueText(p.ballot.value), name: p.ballot.castByName, date: formatRomeIn(p.ballot.updatedAt, locale, "il") })
                        : null,
                      conflict: p.conflict,
                    }))}
                  />
                </>
              )}
              <KeysetPagination
                path={`/calls/${call.id}/vote`}
                query={keep}
                previous={list.previous}
                next={list.next}
                hasCursor={Boolean(after ?? before)}
                current={paged ? range : undefined}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
