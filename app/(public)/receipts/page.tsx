import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { formatRome } from "@/lib/time";
import { getResults, listCallsWithResults } from "@/lib/voting/queries";
import { ReceiptCheckForm } from "./_components/receipt-check-form";

type Props = { searchParams: Promise<{ call?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("voting.receipt"))("title") };
}

export default async function ReceiptsPage({ searchParams }: Props) {
  const param = (await searchParams).call;
  const callId = typeof param === "string" && z.uuid().safeParse(param).success ? param : null;
  const db = await getDb();
  const t = await getTranslations("voting.receipt");
  const locale = await getLocale();
  const call = callId ? await getCall(db, await getCurrentActor(), callId) : null;
  const results = call ? await getResults(db, call.id) : null;

  if (!call || !results) {
    const list = await listCallsWithResults(db);
    return (
      <>
        <h1 className="mb-3">{t("title")}</h1>
        <p className="lead">{t("intro")}</p>
        <h2 className="h4">{t("chooseCall")}</h2>
        {list.length === 0 ? (
          <p>{t("noCalls")}</p>
        ) : (
          <ul>
            {list.map((c) => (
              <li key={c.id}>
                <Link href={`/receipts?call=${c.id}`}>{c.title}</Link>
                {c.resultsPublishedAt && <> — {formatRome(c.resultsPublishedAt, locale)}</>}
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead mb-2">{call.title}</p>
      <p>{t("intro")}</p>
      <p className="small">
        {t("fingerprint")} <code className="text-break">{results.latest.fingerprint}</code> — <Link href={`/calls/${call.id}/results`}>{t("backToResults")}</Link>
      </p>
      <div className="row">
        <div className="col-lg-8">
          <ReceiptCheckForm
            callId={call.id}
            method={results.latest.votingMethod}
            proposals={results.latest.ranking.map((e) => ({ id: e.proposalId, label: `${e.reference ?? ""} ${e.title}`.trim() }))}
          />
        </div>
      </div>
    </>
  );
}
