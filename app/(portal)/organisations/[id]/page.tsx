import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { formatRomeIn } from "@/lib/time";
import { z } from "zod";
import { getDb } from "@/db/client";
import { StatusBadge } from "@/components/status-badge";
import { requirePageActor } from "@/lib/auth/session";
import { formatMunicipality, getMunicipality } from "@/lib/municipalities";
import { getMyOrganisation, listOrganisationInvitations, listOrganisationPeople } from "@/lib/organisations/queries";
import { InviteForm } from "./_components/invite-form";
import { MemberActions } from "./_components/member-actions";
import { RepresentativeToggle } from "./_components/representative-toggle";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("organisations"))("listTitle") };
}

export default async function OrganisationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const actor = await requirePageActor(`/organisations/${id}`);
  const db = await getDb();
  const org = await getMyOrganisation(db, actor, id);
  if (!org) notFound();
  const [people, invitations] = await Promise.all([listOrganisationPeople(db, actor, id), listOrganisationInvitations(db, actor, id)]);
  const t = await getTranslations("organisations");
  const ti = await getTranslations("incentives.radar");
  const locale = await getLocale();
  const m = getMunicipality(org.municipalityCode);
  const isAdmin = org.role === "admin";

  return (
    <>
      <h1 className="mb-2">{org.legalName}</h1>
      <p className="mb-4">
        {t(`kinds.${org.kind}`)} · <StatusBadge status={org.status} />
      </p>
      {org.status === "pending" && <div className="alert alert-info">{t("pendingExplained")}</div>}
      {org.status === "rejected" && (
        <div className="alert alert-danger">
          {t("rejectedExplained")} {org.rejectionReason}
        </div>
      )}
      <dl className="row">
        {org.partitaIva && (
          <>
            <dt className="col-sm-3">{t("partitaIva")}</dt>
            <dd className="col-sm-9">{org.partitaIva}</dd>
          </>
        )}
        {org.codiceFiscale && (
          <>
            <dt className="col-sm-3">{t("codiceFiscale")}</dt>
            <dd className="col-sm-9">{org.codiceFiscale}</dd>
          </>
        )}
        {org.codiceIpa && (
          <>
            <dt className="col-sm-3">{t("codiceIpa")}</dt>
            <dd className="col-sm-9">{org.codiceIpa}</dd>
          </>
        )}
        {org.atecoCode && (
          <>
            <dt className="col-sm-3">{t("atecoCode")}</dt>
            <dd className="col-sm-9">{org.atecoCode}</dd>
          </>
        )}
        {org.sizeClass && (
          <>
            <dt className="col-sm-3">{t("sizeClass")}</dt>
            <dd className="col-sm-9">{t(`sizes.${org.sizeClass}`)}</dd>
          </>
        )}
        <dt className="col-sm-3">{t("municipality")}</dt>
        <dd className="col-sm-9">{m ? formatMunicipality(m) : org.municipalityCode}</dd>
      </dl>
      <p>
        <Link href={`/organisations/${org.id}/radar`} data-testid="org-radar-link">
          {ti("link")}
        </Link>
      </p>

      <h2 className="h3 mt-5">{t("peopleTitle")}</h2>
      <p className="form-hint">{t("representativesExplained")}</p>
      <div className="table-responsive">
        <table className="table" data-testid="people-table">
          <caption className="visually-hidden">{t("peopleTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("personName")}</th>
              <th scope="col">{t("personEmail")}</th>
              <th scope="col">{t("role")}</th>
              <th scope="col">{t("representative")}</th>
              {isAdmin && <th scope="col">{t("actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.userId}>
                <td>{p.name}</td>
                <td>{p.email}</td>
                <td>{t(`roles.${p.role}`)}</td>
                <td data-testid="represents" data-represents={p.represents}>
                  {p.role === "admin" ? (
                    t("representativeAlways")
                  ) : isAdmin ? (
                    <RepresentativeToggle
                      key={String(p.isNamedRepresentative)}
                      organisationId={org.id}
                      userId={p.userId}
                      name={p.name}
                      isRepresentative={p.isNamedRepresentative}
                    />
                  ) : (
                    t(p.represents ? "representativeYes" : "representativeNo")
                  )}
                </td>
                {isAdmin && (
                  <td>
                    <MemberActions organisationId={org.id} userId={p.userId} name={p.name} role={p.role} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {isAdmin && (
        <>
          <h2 className="h3 mt-5">{t("inviteTitle")}</h2>
          <InviteForm organisationId={org.id} />
          {invitations.length > 0 && (
            <>
              <h3 className="h4 mt-4">{t("invitationsTitle")}</h3>
              <ul className="list-unstyled">
                {invitations.map((i) => (
                  <li key={i.id} className="mb-1">
                    {i.email} — {t(`roles.${i.role}`)} — {t(`invitationStates.${i.state}`)} ({t("expires", { date: formatRomeIn(i.expiresAt, locale, "il") })})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}
