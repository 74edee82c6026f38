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
import { getVotingBooth } from "@/lib/voting/queries";
import { BoothForm } from "./_components/booth-form";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ org?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("voting.booth"))("title"));
}

export default async function VotePage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/vote`);
  const org = (await searchParams).org;
  const db = await getDb();
  const call = await getCall(db, actor, callId);
  const booth = call ? await getVotingBooth(db, actor, callId, typeof org === "string" ? org : undefined) : null;
  if (!call || !booth) notFound();
  const t = await getTranslations("voting");
  const locale = await getLocale();
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

          {booth.proposals.length === 0 ? (
            <p>{t("booth.noProposals")}</p>
          ) : (
            <BoothForm
              // A new organisation is a new form: its choices start from its own ballots.
              key={booth.chosen!.organisationId}
              callId={call.id}
              callTitle={call.title}
              organisationId={booth.chosen!.organisationId}
              organisationName={booth.chosen!.name}
              method={booth.call.votingMethod}
              open={open}
              proposals={booth.proposals.map((p) => ({
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
          )}
        </>
      )}
    </>
  );
}
