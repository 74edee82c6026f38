import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatRomeIn } from "@/lib/time";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { acceptInvitationSchema } from "@/lib/organisations/schemas";
import { getInvitationByToken } from "@/lib/organisations/queries";
import { AcceptInvitation } from "./_components/accept-invitation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invitation"))("title") };
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("invitation");
  const locale = await getLocale();
  const valid = acceptInvitationSchema.safeParse({ token }).success;
  const invitation = valid ? await getInvitationByToken(await getDb(), token) : null;
  const actor = await getCurrentActor();
  const here = `/invitations/${token}`;

  if (!invitation) {
    return (
      <>
        <h1>{t("title")}</h1>
        <div className="alert alert-danger">{t("invalid")}</div>
      </>
    );
  }
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">{t("title")}</h1>
        <p>{t("intro", { organisation: invitation.organisationName, email: invitation.email })}</p>
        {invitation.state !== "pending" ? (
          <div className="alert alert-warning" data-testid="invitation-state">
            {t(`state_${invitation.state}`)}
          </div>
        ) : !actor ? (
          <>
            <p>{t("signInFirst", { email: invitation.email })}</p>
            <Link className="btn btn-primary me-3" href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}>
              {t("signIn")}
            </Link>
            <Link className="btn btn-outline-primary" href="/sign-up">
              {t("signUp")}
            </Link>
          </>
        ) : (
          <>
            <p className="form-hint">{t("expires", { date: formatRomeIn(invitation.expiresAt, locale, "il") })}</p>
            <AcceptInvitation token={token} />
          </>
        )}
      </div>
    </div>
  );
}
