import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { listCoalitionsWithPublicCalls, listPublicCalls } from "@/lib/calls/browse";
import { callBrowseParamsSchema, DEFAULT_PAGE_SIZE, filterQuery, firstValues, publicPhases } from "@/lib/calls/browse-params";
import { callThemes } from "@/lib/calls/schemas";
import { now } from "@/lib/clock";
import { organisationKinds } from "@/lib/organisations/schemas";
import { PublicCallCard } from "./_components/public-call-card";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("find.calls"))("title") };
}

/** Every public call, searchable and filterable by URL parameters: a plain GET form, no JavaScript needed. */
export default async function CallsPage({ searchParams }: Props) {
  const params = callBrowseParamsSchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const [{ calls, total, next, previous }, coalitions] = await Promise.all([listPublicCalls(db, params), listCoalitionsWithPublicCalls(db)]);
  const t = await getTranslations("find.calls");
  const tc = await getTranslations("calls");
  const tk = await getTranslations("organisations.kinds");
  const serverNow = now().getTime();
  const { after, before, ...filters } = params;
  const query = filterQuery({ ...filters, size: filters.size === DEFAULT_PAGE_SIZE ? undefined : filters.size });

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>

      <form method="get" action="/calls" role="search" aria-label={t("searchLabel")} className="row g-3 align-items-end mb-4" data-testid="call-filters">
        <div className="col-12 col-lg-4">
          <div className="form-group mb-0">
            <label htmlFor="calls-q" className="active">
              {t("q")}
            </label>
            <input id="calls-q" name="q" type="search" className="form-control" defaultValue={params.q ?? ""} maxLength={200} aria-describedby="calls-q-hint" />
            <small id="calls-q-hint" className="form-text">
              {t("qHint")}
            </small>
          </div>
        </div>
        <div className="col-12 col-sm-6 col-lg-2">
          <div className="select-wrapper">
            <label htmlFor="calls-coalition">{t("coalition")}</label>
            <select id="calls-coalition" name="coalition" defaultValue={params.coalition ?? ""}>
              <option value="">{t("any")}</option>
              {coalitions.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-sm-6 col-lg-2">
          <div className="select-wrapper">
            <label htmlFor="calls-phase">{t("phase")}</label>
            <select id="calls-phase" name="phase" defaultValue={params.phase ?? ""}>
              <option value="">{t("any")}</option>
              {publicPhases.map((p) => (
                <option key={p} value={p}>
                  {tc(`phases.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-sm-6 col-lg-2">
          <div className="select-wrapper">
            <label htmlFor="calls-theme">{t("theme")}</label>
            <select id="calls-theme" name="theme" defaultValue={params.theme ?? ""}>
              <option value="">{t("any")}</option>
              {callThemes.map((v) => (
                <option key={v} value={v}>
                  {tc(`themes.${v}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-sm-6 col-lg-2">
          <div className="select-wrapper">
            <label htmlFor="calls-lead">{t("lead")}</label>
            <select id="calls-lead" name="lead" defaultValue={params.lead ?? ""}>
              <option value="">{t("any")}</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k}>
                  {tk(k)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 d-flex gap-2">
          <button type="submit" className="btn btn-primary">
            {t("search")}
          </button>
          <Link href="/calls" className="btn btn-outline-primary">
            {t("clear")}
          </Link>
        </div>
      </form>

      <p role="status" className="fw-semibold" data-testid="calls-count">
        {t("count", { count: total })}
      </p>
      {calls.length === 0 && <p>{t("empty")}</p>}
      <ul className="row g-4 list-unstyled" data-testid="calls-results">
        {calls.map((c) => (
          <li key={c.id} className="col-12 col-md-6 col-xl-4">
            <PublicCallCard call={c} serverNow={serverNow} />
          </li>
        ))}
      </ul>
      <KeysetPagination path="/calls" query={query} previous={previous} next={next} hasCursor={Boolean(after ?? before)} />
    </>
  );
}
