import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { KeysetPagination } from "@/components/keyset-pagination";
import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import type { ProposalStatus } from "@/db/schema";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { formatCents } from "@/lib/money";
import { listSubmittedProposals, markableStatuses, parseReviewSort, reviewStatuses, type ReviewSort, type ReviewSortKey } from "@/lib/proposals/review";
import { ROME } from "@/lib/time";
import { AdmissibilityButtons } from "./_components/admissibility-buttons";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("partnerships.review"))("title"));
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ReviewPage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/review`);
  const db = await getDb();
  const query = await searchParams;
  const sort = parseReviewSort(one(query.sort));
  const statusParam = one(query.status);
  const status = reviewStatuses.includes(statusParam as ProposalStatus) ? (statusParam as ProposalStatus) : undefined;
  const [call, list] = await Promise.all([getCall(db, actor, callId), listSubmittedProposals(db, actor, callId, { sort, status, after: one(query.after), before: one(query.before) })]);
  if (!call || !list) notFound();
  const t = await getTranslations("partnerships.review");
  const tp = await getTranslations("partnerships.proposalStatuses");
  const tc = await getTranslations("calls");
  const ts = await getTranslations("site");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const submitted = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "it-IT", { timeZone: ROME, dateStyle: "short", timeStyle: "short" });

  const integer = new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT");
  const range = `${integer.format(list.from)}–${integer.format(list.to)}`;
  const paged = list.count > list.rows.length;
  const filters = () => {
    const params = new URLSearchParams();
    if (sort !== "reference") params.set("sort", sort);
    if (status) params.set("status", status);
    return params;
  };
  const href = (next: { sort?: ReviewSort; status?: string }) => {
    const params = new URLSearchParams();
    const s = next.sort ?? sort;
    if (s !== "reference") params.set("sort", s);
    const st = "status" in next ? next.status : status;
    if (st) params.set("status", st);
    const qs = params.toString();
    return `/calls/${callId}/review${qs ? `?${qs}` : ""}`;
  };
  const header = (key: ReviewSortKey, label: string, numeric = false) => {
    const active = sort.replace(/^-/, "") === key;
    const descending = sort.startsWith("-");
    const next: ReviewSort = active && !descending ? `-${key}` : key;
    return (
      <th scope="col" className={numeric ? "text-end" : undefined} aria-sort={active ? (descending ? "descending" : "ascending") : "none"}>
        <Link href={href({ sort: next })} data-testid={`sort-${key}`}>
          {label}
          {active && <span aria-hidden="true">{descending ? " ▼" : " ▲"}</span>}
          <span className="visually-hidden"> — {t(active && !descending ? "sortDescending" : "sortAscending")}</span>
        </Link>
      </th>
    );
  };

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t(list.canMark ? "introReview" : "introNotReview", { phase: tc(`phasesInSentence.${call.phase}` as "phasesInSentence.open") })}</p>

      <div className="d-flex flex-wrap gap-3 align-items-end justify-content-between mb-3">
        <form method="get" className="d-flex flex-wrap gap-2 align-items-end" aria-label={t("filterLabel")}>
          {sort !== "reference" && <input type="hidden" name="sort" value={sort} />}
          <div className="select-wrapper">
            <label htmlFor="filter-status">{t("status")}</label>
            <select id="filter-status" name="status" defaultValue={status ?? ""}>
              <option value="">{t("allStatuses")}</option>
              {reviewStatuses.map((s) => (
                <option key={s} value={s}>
                  {tp(s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-outline-primary">
            {t("filter")}
          </button>
        </form>
        <a href={`/api/calls/${callId}/proposals.csv`} className="btn btn-primary" download data-testid="download-csv">
          {t("downloadCsv")}
        </a>
      </div>

      <p role="status" className="mb-2" data-testid="review-count">
        {t("totals", { count: list.count })}
        {paged && `, ${range}`}
      </p>
      {list.rows.length === 0 ? (
        <p data-testid="review-empty">{t("empty")}</p>
      ) : (
        <>
          <p className="table-scroll-hint mb-1" aria-hidden="true">
            {ts("tableScrollHint")}
          </p>
          {/* Focusable so the keyboard can scroll it; named by the caption. */}
          <div className="table-responsive" role="region" aria-labelledby="review-table-caption" tabIndex={0}>
            <table className="table table-sm align-middle" data-testid="review-table">
              <caption id="review-table-caption" className="visually-hidden">
                {t("title")}
              </caption>
              <thead>
                <tr>
                  {header("reference", t("reference"))}
                  {header("title", t("proposalTitle"))}
                  <th scope="col">{t("lead")}</th>
                  <th scope="col" className="text-end">
                    {t("partners")}
                  </th>
                  {header("total", t("total"), true)}
                  {header("requested", t("requested"), true)}
                  <th scope="col" className="text-end">
                    {t("cofinancing")}
                  </th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">{t("submittedAt")}</th>
                  {list.canMark && <th scope="col">{t("admissibility")}</th>}
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr key={r.id} data-testid="review-row" data-status={r.status}>
                    <td className="text-nowrap">
                      <Link href={`/proposals/${r.id}`}>{r.reference}</Link>
                    </td>
                    <td>{r.title}</td>
                    <td>{r.leadName}</td>
                    <td className="text-end">{r.partners}</td>
                    <td className="text-end text-nowrap">{money(r.totalCents)}</td>
                    <td className="text-end text-nowrap">{money(r.requestedCents)}</td>
                    <td className="text-end text-nowrap">{money(r.cofinancingCents)}</td>
                    <td data-testid="review-status">
                      {tp(r.status)}
                      {r.statusReason && <div className="small text-muted">{t("reasonIs", { reason: r.statusReason })}</div>}
                    </td>
                    <td className="small">{r.submittedAt ? submitted.format(r.submittedAt) : "—"}</td>
                    {list.canMark && <td>{markableStatuses.includes(r.status) && <AdmissibilityButtons proposalId={r.id} reference={r.reference ?? r.title} />}</td>}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="fw-bold" data-testid="review-totals">
                  <th scope="row" colSpan={4}>
                    {t("totals", { count: list.count })}
                  </th>
                  <td className="text-end text-nowrap">{money(list.totals.totalCents)}</td>
                  <td className="text-end text-nowrap">{money(list.totals.requestedCents)}</td>
                  <td className="text-end text-nowrap">{money(list.totals.cofinancingCents)}</td>
                  <td colSpan={list.canMark ? 3 : 2} />
                </tr>
              </tfoot>
            </table>
          </div>
          <KeysetPagination
            path={`/calls/${callId}/review`}
            query={filters()}
            previous={list.previous}
            next={list.next}
            hasCursor={Boolean(one(query.after) ?? one(query.before))}
            current={paged ? range : undefined}
          />
        </>
      )}
    </>
  );
}
