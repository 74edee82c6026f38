import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { listCoalitions, listMyCoalitionDealings, listMyVerifiedRepresentedOrganisations, listPossiblePromoters } from "@/lib/coalitions/queries";
import { JoinRequestForm } from "./_components/join-request-form";
import { MyCoalitionActions } from "./_components/my-coalition-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("coalitions"))("listTitle") };
}

export default async function CoalitionsPage() {
  const db = await getDb();
  const viewer = await getCurrentActor();
  const t = await getTranslations("coalitions");
  const format = await getFormatter();
  const [coalitionList, dealings, myOrgs, promoters] = await Promise.all([
    listCoalitions(db),
    viewer ? listMyCoalitionDealings(db, viewer) : null,
    viewer ? listMyVerifiedRepresentedOrganisations(db, viewer) : [],
    viewer ? listPossiblePromoters(db, viewer) : [],
  ]);
  const invitations = dealings?.requests.filter((r) => r.direction === "invitation" && r.status === "pending") ?? [];
  const myRequests = dealings?.requests.filter((r) => r.direction === "request") ?? [];

  return (
    <>
      <div className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-4">
        <h1 className="mb-0">{t("listTitle")}</h1>
        {/* Only a representative of a verified public body may promote a coalition (the service refuses anyone else). */}
        {promoters.length > 0 && (
          <Link className="btn btn-outline-primary" href="/coalitions/new">
            {t("newTitle")}
          </Link>
        )}
      </div>

      {dealings && (invitations.length > 0 || dealings.memberships.length > 0 || myRequests.length > 0) && (
        <section aria-labelledby="mine-title" className="mb-5" data-testid="my-coalitions">
          <h2 id="mine-title" className="h3">
            {t("mineTitle")}
          </h2>
          {invitations.map((inv) => (
            <div key={inv.id} className="alert alert-info" data-testid="coalition-invitation">
              <p className="mb-2">{t("invitedText", { organisation: inv.organisationName, coalition: inv.coalitionName, role: inv.role, weight: inv.weight })}</p>
              <MyCoalitionActions kind="invitation" requestId={inv.id} label={inv.coalitionName} />
            </div>
          ))}
          {dealings.memberships.length > 0 && (
            <ul className="list-unstyled">
              {dealings.memberships.map((m) => (
                <li key={`${m.coalitionId}-${m.organisationId}`} className="mb-2 d-flex flex-wrap align-items-center gap-2">
                  <span>
                    <Link href={`/coalitions/${m.coalitionSlug}`}>{m.coalitionName}</Link> — {m.organisationName} ({t(`roles.${m.role}`)})
                  </span>
                  {m.canLeave && <MyCoalitionActions kind="membership" coalitionId={m.coalitionId} organisationId={m.organisationId} label={m.coalitionName} />}
                </li>
              ))}
            </ul>
          )}
          {myRequests.length > 0 && (
            <>
              <h3 className="h5 mt-3">{t("myRequestsTitle")}</h3>
              <ul data-testid="my-join-requests">
                {myRequests.map((r) => (
                  <li key={r.id}>
                    {r.coalitionName} — {r.organisationName}: <strong>{t(`requestStates.${r.status}`)}</strong> (
                    {format.dateTime(r.createdAt, { dateStyle: "medium" })}){r.decisionReason && ` — ${r.decisionReason}`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {coalitionList.length === 0 && <p>{t("noneYet")}</p>}
      {coalitionList.map((c) => {
        const memberOrgIds = new Set(dealings?.memberships.filter((m) => m.coalitionId === c.id).map((m) => m.organisationId));
        const pendingOrgIds = new Set(dealings?.requests.filter((r) => r.coalitionId === c.id && r.status === "pending").map((r) => r.organisationId));
        const canAskFor = myOrgs.filter((o) => !memberOrgIds.has(o.id) && !pendingOrgIds.has(o.id));
        return (
          <article key={c.id} className="card card-bg mb-4" aria-labelledby={`c-${c.id}`}>
            <div className="card-body">
              <h2 id={`c-${c.id}`} className="h4 card-title">
                <Link href={`/coalitions/${c.slug}`}>{c.name}</Link>
              </h2>
              <p className="mb-2">
                {t("promotedBy", { name: c.promoterName })} · {t("memberCount", { count: c.members ?? 0 })}
              </p>
              <p className="card-text">{c.description.split(/\n/)[0]}</p>
              {canAskFor.length > 0 && <JoinRequestForm coalitionId={c.id} coalitionName={c.name} organisations={canAskFor} />}
            </div>
          </article>
        );
      })}
    </>
  );
}
