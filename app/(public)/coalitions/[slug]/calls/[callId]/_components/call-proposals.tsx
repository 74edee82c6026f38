import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { CallPhase } from "@/lib/calls/policy";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { listPublicProposalsPage } from "@/lib/proposals/public-page";
import { listPossibleLeads } from "@/lib/proposals/queries";
import { canVoteInCall } from "@/lib/voting/queries";

type Props = {
  callId: string;
  coalitionId: string;
  phase: CallPhase;
  viewer: Actor | null;
  isPromoter: boolean;
  /** The call page's path, for the pagination links. */
  path: string;
  after?: string;
  before?: string;
};

/** The call's submitted proposals, and what the viewer can do next with proposals. */
export async function CallProposals({ callId, coalitionId, phase, viewer, isPromoter, path, after, before }: Props) {
  const db = await getDb();
  const [list, leads, canVote] = await Promise.all([
    listPublicProposalsPage(db, callId, { after: decodeKeyCursor(after, "text"), before: decodeKeyCursor(before, "text") }),
    viewer ? listPossibleLeads(db, viewer, callId) : [],
    // Only representatives of a voting organisation are offered the booth (a plain member is not).
    phase === "voting" && viewer ? canVoteInCall(db, viewer, { id: callId, coalitionId }) : false,
  ]);
  const t = await getTranslations("proposals");
  const proposals = list.proposals;
  const integer = new Intl.NumberFormat((await getLocale()) === "en" ? "en-GB" : "it-IT");
  const paged = list.total > proposals.length;
  const range = `${integer.format(list.from)}–${integer.format(list.to)}`;
  const accepting = phase === "open" || phase === "scheduled";
  return (
    <section aria-labelledby="call-proposals-title" className="mt-5">
      <h2 id="call-proposals-title" className="h4">
        {t("callProposalsTitle", { count: list.total })}
        {paged && `, ${range}`}
      </h2>
      <div className="d-flex flex-wrap gap-2 mb-3">
        {accepting && leads.length > 0 && (
          <Link className="btn btn-primary" href={`/calls/${callId}/proposals/new`}>
            {t("newProposalLink")}
          </Link>
        )}
        {accepting && viewer && (
          <Link className="btn btn-outline-primary" href={`/calls/${callId}/partners`}>
            {t("findPartnersLink")}
          </Link>
        )}
        {isPromoter && (
          <Link className="btn btn-outline-primary" href={`/calls/${callId}/review`}>
            {t("reviewLink")}
          </Link>
        )}
        {phase === "voting" && canVote && (
          <Link className="btn btn-primary" href={`/calls/${callId}/vote`}>
            {t("voteLink")}
          </Link>
        )}
        {isPromoter && (phase === "voting" || phase === "counting" || phase === "results") && (
          <Link className="btn btn-outline-primary" href={`/calls/${callId}/count`}>
            {t("countLink")}
          </Link>
        )}
        {(phase === "results" || phase === "archived") && (
          <Link className="btn btn-primary" href={`/calls/${callId}/results`}>
            {t("resultsLink")}
          </Link>
        )}
      </div>
      {proposals.length === 0 ? (
        <p>{t("noSubmitted")}</p>
      ) : (
        <ul data-testid="call-proposals">
          {proposals.map((p) => (
            <li key={p.id}>
              <Link href={`/proposals/${p.id}`}>{p.title}</Link> — {p.reference} — {p.leadName} ({t(`statuses.${p.status}`)})
            </li>
          ))}
        </ul>
      )}
      <KeysetPagination
        path={path}
        query={new URLSearchParams()}
        previous={list.previous}
        next={list.next}
        hasCursor={Boolean(after ?? before)}
        current={paged ? range : undefined}
      />
    </section>
  );
}
