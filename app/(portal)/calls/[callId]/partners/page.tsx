import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { organisationKinds } from "@/lib/organisations/schemas";
import { listProposalsLookingForPartners } from "@/lib/proposals/browse";
import { partnerSearchFiltersSchema } from "@/lib/proposals/partnership-schemas";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { livePartnerStatuses } from "@/lib/proposals/partnerships";
import { InvitationResponse } from "@/app/(portal)/partnerships/_components/invitation-response";
import { RequestToJoinForm } from "./_components/request-to-join-form";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("partnerships.browse"))("title"));
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function PartnerSearchPage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/partners`);
  const db = await getDb();
  const call = await getCall(db, actor, callId);
  if (!call) notFound();
  const query = await searchParams;
  const filters = partnerSearchFiltersSchema.parse({ theme: one(query.theme), sector: one(query.sector), kind: one(query.kind) });
  const after = decodeKeyCursor(one(query.after), "number");
  const before = decodeKeyCursor(one(query.before), "number");
  // 50 cards a page; the links keep the filters.
  const list = await listProposalsLookingForPartners(db, actor, callId, filters, { after, before });
  const { cards, organisations } = list;
  const keep = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const integer = new Intl.NumberFormat((await getLocale()) === "en" ? "en-GB" : "it-IT");
  const paged = list.total > cards.length;
  const range = `${integer.format(list.from)}–${integer.format(list.to)}`;
  const t = await getTranslations("partnerships.browse");
  const tc = await getTranslations("calls");
  const tk = await getTranslations("organisations.kinds");
  const ts = await getTranslations("partnerships.statuses");
  const theme = (v: string) => tc(`themes.${v}` as "themes.erp");
  const sector = (v: string) => tc(`sectors.${v}` as "sectors.industry");
  const acceptsProposals = call.phase === "open" || call.phase === "scheduled";

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro", { call: call.title })}</p>

      <form method="get" className="row g-3 align-items-end mb-4" role="search" aria-label={t("filtersLabel")} data-testid="partner-filters">
        <div className="col-md-3">
          <div className="select-wrapper">
            <label htmlFor="filter-theme">{t("theme")}</label>
            <select id="filter-theme" name="theme" defaultValue={filters.theme ?? ""}>
              <option value="">{t("any")}</option>
              {call.themes.map((v) => (
                <option key={v} value={v}>
                  {theme(v)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-3">
          <div className="select-wrapper">
            <label htmlFor="filter-sector">{t("sector")}</label>
            <select id="filter-sector" name="sector" defaultValue={filters.sector ?? ""}>
              <option value="">{t("any")}</option>
              {call.sectors.map((v) => (
                <option key={v} value={v}>
                  {sector(v)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-3">
          <div className="select-wrapper">
            <label htmlFor="filter-kind">{t("kind")}</label>
            <select id="filter-kind" name="kind" defaultValue={filters.kind ?? ""}>
              <option value="">{t("any")}</option>
              {organisationKinds.map((v) => (
                <option key={v} value={v}>
                  {tk(v)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-3 d-flex gap-2">
          <button type="submit" className="btn btn-primary">
            {t("filter")}
          </button>
          <Link href={`/calls/${callId}/partners`} className="btn btn-outline-secondary">
            {t("clear")}
          </Link>
        </div>
      </form>

      {!acceptsProposals && <p data-testid="partners-closed">{t("closed")}</p>}
      {list.total > 0 && (
        <p role="status" data-testid="partners-count">
          {t("count", { count: list.total })}
          {paged && `, ${range}`}
        </p>
      )}
      {acceptsProposals && cards.length === 0 && <p data-testid="partners-empty">{organisations.length === 0 && !call.isPromoter ? t("notMember") : t("empty")}</p>}

      <div className="row g-4" data-testid="partner-search-results">
        {cards.map((c) => {
          const mine = c.myStatuses.filter((s) => livePartnerStatuses.includes(s.status) || s.isLead);
          const taken = new Set(mine.map((s) => s.organisationId));
          const canAsk = organisations.filter((o) => !taken.has(o.id));
          const orgName = (id: string) => organisations.find((o) => o.id === id)?.legalName ?? "";
          return (
            <div key={c.id} className="col-lg-6">
              <article className="card card-bg h-100" data-testid="partner-search-card" aria-labelledby={`card-${c.id}`}>
                <div className="card-body">
                  <h2 id={`card-${c.id}`} className="h4 card-title">
                    {c.title}
                  </h2>
                  <p className="text-muted mb-2">{t("leadBy", { name: c.leadName })}</p>
                  {c.summary && <p>{c.summary}</p>}
                  <dl className="row small mb-3">
                    <dt className="col-sm-5">{t("solutionType")}</dt>
                    <dd className="col-sm-7">{c.solutionType ? theme(c.solutionType) : "—"}</dd>
                    <dt className="col-sm-5">{t("sectors")}</dt>
                    <dd className="col-sm-7">{c.sectors.map(sector).join(", ") || "—"}</dd>
                    <dt className="col-sm-5">{t("lookingFor")}</dt>
                    <dd className="col-sm-7" data-testid="looking-for">
                      {c.lookingForKinds.map((k) => tk(k as "firm")).join(", ")}
                    </dd>
                    <dt className="col-sm-5">{t("partners")}</dt>
                    <dd className="col-sm-7">{t("partnersCount", { count: c.acceptedPartners })}</dd>
                  </dl>
                  {mine.map((s) => (
                    <div key={s.organisationId} className="mb-3">
                      <p className="small fw-semibold mb-1" data-testid="my-partner-status">
                        {s.isLead ? t("youLead", { name: orgName(s.organisationId) }) : t("yourStatus", { name: orgName(s.organisationId), status: ts(s.status) })}
                      </p>
                      {/* An invitation is answered where it is seen (the same buttons as the desk and "My partnerships"). */}
                      {s.status === "invited" && <InvitationResponse proposalId={c.id} organisationId={s.organisationId} title={c.title} />}
                    </div>
                  ))}
                  {canAsk.length > 0 && <RequestToJoinForm proposalId={c.id} title={c.title} organisations={canAsk} />}
                </div>
              </article>
            </div>
          );
        })}
      </div>
      <KeysetPagination path={`/calls/${callId}/partners`} query={keep} previous={list.previous} next={list.next} hasCursor={Boolean(after ?? before)} current={paged ? range : undefined} />
    </>
  );
}
