import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { getCachedResults } from "@/lib/voting/cache";
import { ReceiptCheckForm } from "./_components/receipt-check-form";

type Props = { searchParams: Promise<{ call?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("voting.receipt"))("title") };
}

/**
 * The code alone finds the ballot (lib/voting/queries.ts checkReceipt). Reached from a
 * call's results, the page names that call and its fingerprint, and narrows the search
 * for an older code that has no locator.
 */
export default async function ReceiptsPage({ searchParams }: Props) {
  const param = (await searchParams).call;
  const callId = typeof param === "string" && z.uuid().safeParse(param).success ? param : null;
  const db = await getDb();
  const t = await getTranslations("voting.receipt");
  const call = callId ? await getCall(db, await getCurrentActor(), callId) : null;
  const results = call ? await getCachedResults(call) : null;

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      {call && results && <p className="lead mb-2">{call.title}</p>}
      <p>{t("intro")}</p>
      {call && results && (
        <p className="small">
          {t("fingerprint")} <code className="text-break">{results.latest.fingerprint}</code> — <Link href={`/calls/${call.id}/results`}>{t("backToResults")}</Link>
        </p>
      )}
      <div className="row">
        <div className="col-lg-8">
          <ReceiptCheckForm callId={call && results ? call.id : undefined} />
        </div>
      </div>
    </>
  );
}
