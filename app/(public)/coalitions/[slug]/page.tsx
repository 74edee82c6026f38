import { Breadcrumb } from "@/components/breadcrumb";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { SuccessMessage } from "@/components/confirm-dialog";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { listCoalitionMembersPage } from "@/lib/coalitions/members-page";
import { getCoalitionBySlug, getViewerContext, listMyCoalitionDealings, listMyVerifiedRepresentedOrganisations } from "@/lib/coalitions/queries";
import { formatMunicipality, getMunicipality } from "@/lib/municipalities";
import { organisationKinds } from "@/lib/organisations/schemas";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { JoinRequestForm } from "../_components/join-request-form";
import { CallsSection } from "./_components/calls-section";
import { ProtocolSections } from "./_components/protocol-sections";

type Props = { params: Promise<{ slug: string }>; searchParams?: Promise<{ done?: string; after?: string; before?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const coalition = await getCoalitionBySlug(await getDb(), (await params).slug);
  return { title: coalition?.name ?? "404" };
}

export default async function CoalitionPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const done = query?.done;
  const after = decodeKeyCursor(typeof query?.after === "string" ? query.after : undefined, "text");
  const before = decodeKeyCursor(typeof query?.before === "string" ? query.before : undefined, "text");
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) notFound();
  const viewer = await getCurrentActor();
  const [list, context, dealings, myOrgs] = await Promise.all([
    listCoalitionMembersPage(db, coalition.id, { after, before }),
    getViewerContext(db, viewer, coalition.id),
    viewer ? listMyCoalitionDealings(db, viewer) : null,
    viewer ? listMyVerifiedRepresentedOrganisations(db, viewer) : [],
  ]);
  // The organisations the viewer represents that could still ask to join, and their requests waiting for an answer.
  const members = list.members;
  const memberIds = new Set(context.memberOrganisationIds);
  const pendingRequests = dealings?.requests.filter((r) => r.coalitionId === coalition.id && r.status === "pending" && r.direction === "request") ?? [];
  const pendingIds = new Set(dealings?.requests.filter((r) => r.coalitionId === coalition.id && r.status === "pending").map((r) => r.organisationId));
  const canAskFor = myOrgs.filter((o) => !memberIds.has(o.id) && !pendingIds.has(o.id));
  const t = await getTranslations("coalitions");
  const to = await getTranslations("organisations");
  const tf = await getTranslations("fundingDashboards");
  const byKind = organisationKinds
    .map((kind) => ({ kind, members: members.filter((m) => m.kind === kind) }))
    .filter((g) => g.members.length > 0);
  const integer = new Intl.NumberFormat((await getLocale()) === "en" ? "en-GB" : "it-IT");
  const paged = list.total > members.length;
  const range = `${integer.format(list.from)}–${integer.format(list.to)}`;
  const territory = coalition.territory.map((code) => getMunicipality(code)).filter((m) => m !== undefined);

  return (
    <>
      <Breadcrumb trail={[{ href: "/coalitions", label: t("listTitle") }]} current={coalition.name} />
      <div className="d-flex justify-content-between align-items-start flex-wrap gap-2">
        <h1 className="mb-2">{coalition.name}</h1>
        {(context.isPromoter || viewer?.isPlatformAdmin) && (
          <div className="d-flex flex-wrap gap-2">
            <Link className="btn btn-outline-primary" href={`/coalitions/${coalition.slug}/funding`} data-testid="coalition-funding-link">
              {tf("coalitionLink")}
            </Link>
            {context.isPromoter && (
              <Link className="btn btn-primary" href={`/coalitions/${coalition.slug}/manage`}>
                {t("manage")}
              </Link>
            )}
          </div>
        )}
      </div>
      {done === "callDeleted" && context.isPromoter && <SuccessMessage>{(await getTranslations("confirm"))("done.callDeleted")}</SuccessMessage>}
      <p className="lead">{t("promotedBy", { name: coalition.promoterName })}</p>
      <p className="d-flex flex-wrap gap-3">
        <Link href={`/coalitions/${coalition.slug}/dashboard`} data-testid="coalition-dashboard-link">
          {(await getTranslations("dashboard"))("coalitionLink")}
        </Link>
        <Link href={`/coalitions/${coalition.slug}/open-data`} data-testid="coalition-open-data-link">
          {(await getTranslations("openData"))("coalitionLink")}
        </Link>
        <Link href={`/coalitions/${coalition.slug}/meetings`} data-testid="coalition-meetings-link">
          {(await getTranslations("meetings"))("link")}
        </Link>
      </p>
      {(canAskFor.length > 0 || pendingRequests.length > 0) && (
        <section aria-labelledby="join-title" className="border rounded p-3 mb-4" data-testid="coalition-join">
          <h2 id="join-title" className="h5">
            {t("joinTitle")}
          </h2>
          <div role="status">
            {pendingRequests.map((r) => (
              <p key={r.id} className="mb-2" data-testid="join-request-pending">
                {t("requestPendingFor", { organisation: r.organisationName })}
              </p>
            ))}
          </div>
          {canAskFor.length > 0 && <JoinRequestForm coalitionId={coalition.id} coalitionName={coalition.name} organisations={canAskFor} />}
        </section>
      )}
      {coalition.description.split(/\n\s*\n/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}

      <section aria-labelledby="territory-title" className="mt-4">
        <h2 id="territory-title" className="h4">
          {t("territory", { count: territory.length })}
        </h2>
        <p data-testid="territory">{territory.map((m) => formatMunicipality(m)).join(", ")}</p>
      </section>

      <section aria-labelledby="members-title" className="mt-4" data-testid="coalition-members">
        <h2 id="members-title" className="h3">
          {t("membersTitle", { count: list.total })}
          {paged && `, ${range}`}
        </h2>
        <div className="row g-4">
          {byKind.map((group) => (
            <div className="col-md-6 col-lg-4" key={group.kind}>
              <h3 className="h5">{to(`kinds.${group.kind}`)}</h3>
              <ul className="list-unstyled">
                {group.members.map((m) => (
                  <li key={m.organisationId} className="mb-1">
                    {m.legalName}{" "}
                    <span className="badge bg-light text-dark border">
                      {t(`roles.${m.role}`)}
                      {m.role !== "observer" && ` · ${t("weight", { weight: m.weight })}`}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
        <KeysetPagination
          path={`/coalitions/${coalition.slug}`}
          query={new URLSearchParams()}
          previous={list.previous}
          next={list.next}
          hasCursor={Boolean(after ?? before)}
          current={paged ? range : undefined}
        />
      </section>
      <ProtocolSections coalition={coalition} membersTotal={list.total} />
      <CallsSection coalitionId={coalition.id} viewer={viewer} />
      <p className="mt-4">
        <Link href={`/coalitions/${coalition.slug}/audit`} data-testid="coalition-audit-link">
          {(await getTranslations("audittrail"))("link")}
        </Link>
      </p>
    </>
  );
}
