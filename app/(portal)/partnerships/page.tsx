import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { listMyPartnerships, type MyPartnership } from "@/lib/proposals/browse";
import { InvitationResponse } from "./_components/invitation-response";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("partnerships.mine"))("title") };
}

export default async function MyPartnershipsPage() {
  const actor = await requirePageActor("/partnerships");
  const rows = await listMyPartnerships(await getDb(), actor);
  const t = await getTranslations("partnerships.mine");
  const ts = await getTranslations("partnerships.statuses");
  const format = await getFormatter();
  const invitations = rows.filter((r) => r.status === "invited" && r.proposalStatus === "draft");
  const others = rows.filter((r) => !invitations.includes(r));
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  // Partners and invited organisations work in the proposal's workspace; the others see its title.
  const title = (r: MyPartnership) =>
    r.status === "accepted" || r.status === "invited" ? <Link href={`/proposals/${r.proposalId}/edit`}>{r.proposalTitle}</Link> : r.proposalTitle;

  return (
    <>
      <h1 className="mb-4">{t("title")}</h1>

      <section aria-labelledby="invitations-title" className="mb-5">
        <h2 id="invitations-title" className="h3">
          {t("invitationsTitle", { count: invitations.length })}
        </h2>
        {invitations.length === 0 && <p>{t("noInvitations")}</p>}
        {invitations.map((r) => (
          <article key={`${r.proposalId}-${r.organisationId}`} className="card card-bg mb-3" data-testid="partner-invitation" aria-labelledby={`inv-${r.proposalId}-${r.organisationId}`}>
            <div className="card-body">
              <h3 id={`inv-${r.proposalId}-${r.organisationId}`} className="h5">
                {r.proposalTitle}
              </h3>
              <p className="mb-1">{t("invitedBy", { lead: r.leadName, organisation: r.organisationName, call: r.callTitle })}</p>
              {r.roleDescription && <p className="mb-1">{t("roleIs", { role: r.roleDescription })}</p>}
              <p className="small text-muted">{when(r.createdAt)}</p>
              <InvitationResponse proposalId={r.proposalId} organisationId={r.organisationId} title={r.proposalTitle} />
            </div>
          </article>
        ))}
      </section>

      <section aria-labelledby="all-title">
        <h2 id="all-title" className="h3">
          {t("allTitle")}
        </h2>
        {others.length === 0 ? (
          <p>{t("noneYet")}</p>
        ) : (
          <div className="table-responsive">
            <table className="table align-middle" data-testid="my-partnerships">
              <caption className="visually-hidden">{t("allTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("proposal")}</th>
                  <th scope="col">{t("lead")}</th>
                  <th scope="col">{t("organisation")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">{t("date")}</th>
                </tr>
              </thead>
              <tbody>
                {others.map((r) => (
                  <tr key={`${r.proposalId}-${r.organisationId}`} data-testid="my-partnership-row" data-status={r.status}>
                    <td>
                      {title(r)}
                      <br />
                      <small className="text-muted">{r.callTitle}</small>
                    </td>
                    <td>{r.leadName}</td>
                    <td>{r.organisationName}</td>
                    <td>{t(r.status === "requested" ? "requestPending" : "statusIs", { status: ts(r.status) })}</td>
                    <td>{when(r.decidedAt ?? r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
