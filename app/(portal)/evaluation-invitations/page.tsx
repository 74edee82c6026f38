import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { invitationProblem } from "@/lib/evaluation/committee-policy";
import { getInvitation } from "@/lib/evaluation/committee-queries";
import { AcceptInvitation } from "./_components/accept-invitation";

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("committee.invitation"))("title"), referrer: "no-referrer" };
}

/** An outside expert's invitation to a call's evaluation committee: opened signed in (the sign-in page offers sign-up), accepted once. */
export default async function EvaluationInvitationPage({ searchParams }: Props) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.slice(0, 200) : "";
  const actor = await requirePageActor(`/evaluation-invitations?token=${encodeURIComponent(token)}`);
  const invitation = await getInvitation(await getDb(), token);
  const t = await getTranslations("committee.invitation");
  const tp = await getTranslations("committee.promoter");
  const problem = invitation ? invitationProblem(invitation, now()) : "evaluationInvitationInvalid";
  const message = { evaluationInvitationInvalid: t("invalid"), evaluationInvitationUsed: t("used"), evaluationInvitationExpired: t("expired") } as Record<string, string>;
  // The person who accepted it (the page shows again after the acceptance) is told so, with the way in.
  const acceptedByViewer = invitation !== null && invitation.acceptedAt !== null && invitation.removedAt === null && invitation.userId === actor.userId;
  return (
    <>
      <h1 className="mb-3">{t("title")}</h1>
      {acceptedByViewer ? (
        <div className="alert alert-success" role="status" data-testid="invitation-accepted">
          <p className="mb-2">{t("accepted")}</p>
          <Link href={`/calls/${invitation.callId}/evaluation/reviews`}>{t("goToReviews")}</Link>
        </div>
      ) : !invitation || problem ? (
        <p className="alert alert-warning" data-testid="invitation-problem">
          {message[problem ?? "evaluationInvitationInvalid"]}
        </p>
      ) : (
        <>
          <p className="lead">{t("intro", { name: invitation.name ?? "", call: invitation.callTitle, coalition: invitation.coalitionName, role: tp(`roles.${invitation.role}`).toLowerCase() })}</p>
          <p>{t("signedInAs", { name: actor.name })}</p>
          <AcceptInvitation token={token} />
        </>
      )}
    </>
  );
}
