import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { CallPhase } from "@/lib/calls/policy";
import { listPossibleLeads, listPublicProposals } from "@/lib/proposals/queries";
import { canVoteInCall } from "@/lib/voting/queries";

type Props = { callId: string; coalitionId: string; phase: CallPhase; viewer: Actor | null; isPromoter: boolean };

/** The call's submitted proposals, and what the viewer can do next with proposals. */
export async function CallProposals({ callId, coalitionId, phase, viewer, isPromoter }: Props) {
  const db = await getDb();
  const [proposals, leads, canVote] = await Promise.all([
    listPublicProposals(db, callId),
    viewer ? listPossibleLeads(db, viewer, callId) : [],
    // Only representatives of a voting organisation are offered the booth (a plain member is not).
    phase === "voting" && viewer ? canVoteInCall(db, viewer, { id: callId, coalitionId }) : false,
  ]);
  const t = await getTranslations("proposals");
  const accepting = phase === "open" || phase === "scheduled";
  return (
    <section aria-labelledby="call-proposals-title" className="mt-5">
      <h2 id="call-proposals-title" className="h4">
        {t("callProposalsTitle", { count: proposals.length })}
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
    </section>
  );
}
