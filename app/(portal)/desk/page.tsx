import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { MyCoalitionActions } from "@/app/(public)/coalitions/_components/my-coalition-actions";
import { InvitationResponse } from "@/app/(portal)/partnerships/_components/invitation-response";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { getDesk } from "@/lib/desk/queries";
import { listMyEvaluationCalls } from "@/lib/evaluation/committee-queries";
import { durationParts, formatRome, formatRomeIn } from "@/lib/time";
import { JoinRequestAnswer } from "./_components/join-request-answer";
import { listProtocolsToAdhere } from "@/lib/protocol/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("desk"))("title") };
}

type SectionProps = { id: string; title: string; count: number; seeAll?: { href: string; label: string }; children: ReactNode };

/** One list of the desk: shown only when something waits in it. */
function DeskSection({ id, title, count, seeAll, children }: SectionProps) {
  if (count === 0) return null;
  return (
    <section aria-labelledby={id} className="mb-5" data-testid={id}>
      <div className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-2">
        <h2 id={id} className="h4 mb-0">
          {title} <span className="badge bg-primary">{count}</span>
        </h2>
        {seeAll && <Link href={seeAll.href}>{seeAll.label}</Link>}
      </div>
      <ul className="list-unstyled mb-0">{children}</ul>
    </section>
  );
}

/** "La mia scrivania": what waits for the person across their organisations, each with one click to act. */
export default async function DeskPage() {
  const actor = await requirePageActor("/desk");
  const desk = await getDesk(await getDb(), actor);
  const evaluations = await listMyEvaluationCalls(await getDb(), actor);
  const protocols = await listProtocolsToAdhere(await getDb(), actor);
  const tp = await getTranslations("protocol.desk");
  const te = await getTranslations("committee.desk");
  const t = await getTranslations("desk");
  const tc = await getTranslations("coalitions");
  const to = await getTranslations("organisations");
  const locale = await getLocale();
  const at = now();
  const left = (until: Date) => t("left", durationParts(until.getTime() - at.getTime()));
  const item = "border rounded mb-3 p-3";
  const total =
    desk.coalitionInvitations.items.length +
    desk.partnerInvitations.items.length +
    desk.joinRequests.items.length +
    desk.drafts.items.length +
    desk.votes.items.length +
    desk.reviews.items.length +
    desk.questions.items.length +
    desk.votesToFollow.items.length +
    desk.pendingOrganisations.items.length +
    evaluations.length +
    protocols.length;

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p className="d-flex flex-wrap gap-3 mb-4">
        <Link href="/partnerships">{t("allPartnerships")}</Link>
        <Link href="/coalitions">{t("allCoalitions")}</Link>
      </p>

      {!desk.hasOrganisation && (
        <div className="alert alert-info" data-testid="desk-no-organisation">
          <p>{t("noOrganisation")}</p>
          <Link className="btn btn-primary btn-sm" href="/organisations/new">
            {to("newTitle")}
          </Link>
        </div>
      )}

      {desk.hasOrganisation && total === 0 && (
        <p className="alert alert-info" data-testid="desk-empty">
          {t("nothing")}
        </p>
      )}

      <DeskSection id="desk-coalition-invitations" title={t("coalitionInvitationsTitle")} count={desk.coalitionInvitations.items.length} seeAll={desk.coalitionInvitations.hasMore ? { href: "/coalitions", label: t("seeAll") } : undefined}>
        {desk.coalitionInvitations.items.map((inv) => (
          <li key={inv.id} className={item} data-testid="desk-coalition-invitation">
            <p className="mb-2">
              {tc("invitedText", { organisation: inv.organisationName, coalition: inv.coalitionName, role: inv.role, weight: inv.weight })}{" "}
              <Link href={`/coalitions/${inv.coalitionSlug}`}>{inv.coalitionName}</Link>
            </p>
            <MyCoalitionActions kind="invitation" requestId={inv.id} label={inv.coalitionName} />
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-partner-invitations" title={t("partnerInvitationsTitle")} count={desk.partnerInvitations.items.length} seeAll={{ href: "/partnerships", label: t("seeAll") }}>
        {desk.partnerInvitations.items.map((inv) => (
          <li key={`${inv.proposalId}-${inv.organisationId}`} id={`invitation-${inv.proposalId}`} className={item} data-testid="desk-partner-invitation">
            <h3 className="h5">
              <Link href={`/proposals/${inv.proposalId}/edit`}>{inv.proposalTitle}</Link>
            </h3>
            <p className="mb-1">{t("partnerInvitedBy", { lead: inv.leadName, organisation: inv.organisationName, call: inv.callTitle })}</p>
            {inv.roleDescription && <p className="mb-1">{t("roleIs", { role: inv.roleDescription })}</p>}
            {inv.submissionClosesAt && <p className="small">{t("deadline", { date: formatRome(inv.submissionClosesAt, locale), left: left(inv.submissionClosesAt) })}</p>}
            <InvitationResponse proposalId={inv.proposalId} organisationId={inv.organisationId} title={inv.proposalTitle} />
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-join-requests" title={t("joinRequestsTitle")} count={desk.joinRequests.items.length} seeAll={desk.joinRequests.hasMore ? { href: "/proposals", label: t("seeAll") } : undefined}>
        {desk.joinRequests.items.map((r) => (
          <li key={`${r.proposalId}-${r.organisationId}`} className={item} data-testid="desk-join-request">
            <p className="mb-1">{t("joinRequestFrom", { organisation: r.organisationName, title: r.proposalTitle })}</p>
            {r.message && <p className="mb-1 small">{t("messageIs", { message: r.message })}</p>}
            <p className="mb-2 small">
              <Link href={`/proposals/${r.proposalId}/edit`}>{t("openProposal", { title: r.proposalTitle })}</Link>
            </p>
            <JoinRequestAnswer proposalId={r.proposalId} organisationId={r.organisationId} organisationName={r.organisationName} />
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-drafts" title={t("draftsTitle")} count={desk.drafts.items.length} seeAll={{ href: "/proposals", label: t("seeAll") }}>
        {desk.drafts.items.map((d) => (
          <li key={d.proposalId} className={item} data-testid="desk-draft">
            <h3 className="h5">{d.title}</h3>
            <p className="mb-1">{t("draftOf", { call: d.callTitle, lead: d.leadName })}</p>
            <p className="mb-2" data-testid="desk-draft-deadline">
              {d.submissionClosesAt ? t("deadline", { date: formatRome(d.submissionClosesAt, locale), left: left(d.submissionClosesAt) }) : t("noDeadline")}
            </p>
            <Link className="btn btn-primary btn-sm" href={`/proposals/${d.proposalId}/edit`}>
              {t("editDraft", { title: d.title })}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-votes" title={t("votesTitle")} count={desk.votes.items.length}>
        {desk.votes.items.map((v) => (
          <li key={`${v.callId}-${v.organisationId}`} className={item} data-testid="desk-vote" data-voted={v.hasVoted}>
            <p className="mb-1">{t("voteFor", { call: v.callTitle, coalition: v.coalitionName, organisation: v.organisationName })}</p>
            <p className="mb-1">{t("closesAt", { date: formatRomeIn(v.votingClosesAt, locale, "il"), left: left(v.votingClosesAt) })}</p>
            <p className={`mb-2 fw-semibold ${v.hasVoted ? "text-success" : ""}`}>{v.hasVoted ? t("hasVoted") : t("notVoted")}</p>
            <Link className={`btn btn-sm ${v.hasVoted ? "btn-outline-primary" : "btn-primary"}`} href={`/calls/${v.callId}/vote?org=${v.organisationId}`}>
              {v.hasVoted ? t("changeVote", { call: v.callTitle }) : t("goVote", { call: v.callTitle })}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-reviews" title={t("reviewsTitle")} count={desk.reviews.items.length}>
        {desk.reviews.items.map((r) => (
          <li key={r.callId} className={item} data-testid="desk-review">
            <h3 className="h5">{r.callTitle}</h3>
            <p className="mb-1">{t("reviewOf", { coalition: r.coalitionName, count: r.submitted })}</p>
            {r.votingOpensAt && <p className="mb-2 small">{t("votingOpens", { date: formatRomeIn(r.votingOpensAt, locale, "il") })}</p>}
            <Link className="btn btn-primary btn-sm" href={`/calls/${r.callId}/review`}>
              {t("goReview", { call: r.callTitle })}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-protocols" title={tp("title")} count={protocols.length}>
        {protocols.map((p) => (
          <li key={`${p.slug}:${p.organisationId}`} className={item} data-testid="desk-protocol">
            <p className="mb-2">{tp("item", { organisation: p.organisation, version: p.version, coalition: p.coalition })}</p>
            <Link className="btn btn-primary btn-sm" href={`/coalitions/${p.slug}/protocol`}>
              {tp("open")}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-evaluations" title={te("title")} count={evaluations.length}>
        {evaluations.map((e) => (
          <li key={e.callId} className={item} data-testid="desk-evaluation">
            <h3 className="h5">{e.title}</h3>
            <p className="mb-2">{te(`role.${e.role}`)}</p>
            <Link className="btn btn-primary btn-sm" href={`/calls/${e.callId}/evaluation/reviews`}>
              {te("open")}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-votes-to-follow" title={t("votesToFollowTitle")} count={desk.votesToFollow.items.length}>
        {desk.votesToFollow.items.map((v) => (
          <li key={v.callId} className={item} data-testid="desk-vote-to-follow" data-open={v.isOpen}>
            <h3 className="h5">{v.callTitle}</h3>
            <p className="mb-2">
              {v.coalitionName} ·{" "}
              {v.isOpen
                ? t("followOpen", { date: formatRomeIn(v.votingClosesAt, locale, "il"), left: left(v.votingClosesAt) })
                : t("followClosed", { date: formatRomeIn(v.votingClosesAt, locale, "il") })}
            </p>
            <Link className={`btn btn-sm ${v.isOpen ? "btn-outline-primary" : "btn-primary"}`} href={`/calls/${v.callId}/count`}>
              {v.isOpen ? t("goTurnout", { call: v.callTitle }) : t("goCount", { call: v.callTitle })}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-questions" title={t("questionsTitle")} count={desk.questions.items.length}>
        {desk.questions.items.map((q) => (
          <li key={q.callId} className={item} data-testid="desk-question">
            <h3 className="h5">{q.callTitle}</h3>
            <p className="mb-1">{t("questionsWaiting", { coalition: q.coalitionName, count: q.waiting })}</p>
            <p className="mb-2 small">{t("questionsOldest", { date: formatRomeIn(q.oldestAskedAt, locale, "il") })}</p>
            <Link className="btn btn-primary btn-sm" href={`/calls/${q.callId}/questions`}>
              {t("goQuestions", { call: q.callTitle })}
            </Link>
          </li>
        ))}
      </DeskSection>

      <DeskSection id="desk-pending-organisations" title={t("pendingOrganisationsTitle")} count={desk.pendingOrganisations.items.length} seeAll={{ href: "/admin/organisations", label: t("seeAll") }}>
        {desk.pendingOrganisations.items.map((o) => (
          <li key={o.id} className={item} data-testid="desk-pending-organisation">
            <p className="mb-1 fw-semibold">{o.legalName}</p>
            <p className="mb-2 small">{t("pendingSince", { date: formatRomeIn(o.createdAt, locale, "il") })}</p>
            <Link className="btn btn-primary btn-sm" href={`/admin/organisations#org-${o.id}`}>
              {t("goVerify")}
            </Link>
          </li>
        ))}
      </DeskSection>
    </>
  );
}
