import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { filterQuery, firstValues } from "@/lib/calls/browse-params";
import { callThemes } from "@/lib/calls/schemas";
import { now } from "@/lib/clock";
import { aidRegimes, programmeLevels } from "@/lib/incentives/programme-schemas";
import { listMyOrganisationsForRadar, listPublicProgrammes, mayManageCatalogue, programmeBrowseParamsSchema, programmeStates } from "@/lib/incentives/programmes";
import { listRegions } from "@/lib/municipalities";
import { organisationKinds, sizeClasses } from "@/lib/organisations/schemas";
import { ProgrammeCard } from "./_components/programme-card";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("incentives"))("title") };
}

const REGIONS = listRegions();

/** The public catalogue of incentive programmes: a plain GET form of filters, keyset pages. */
export default async function IncentivesPage({ searchParams }: Props) {
  const params = programmeBrowseParamsSchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const actor = await getCurrentActor();
  const [{ programmes, total, next, previous }, mayManage, mine] = await Promise.all([
    listPublicProgrammes(db, params),
    mayManageCatalogue(db, actor),
    listMyOrganisationsForRadar(db, actor),
  ]);
  const t = await getTranslations("incentives");
  const tf = await getTranslations("find.calls");
  const tk = await getTranslations("organisations.kinds");
  const tt = await getTranslations("calls.themes");
  const at = now();
  const { after, before, ...filters } = params;
  const query = filterQuery(filters);
  const select = (id: string, name: keyof typeof filters, label: string, options: { value: string; label: string }[]) => (
    <div className="col-12 col-sm-6 col-lg-3">
      <div className="select-wrapper">
        <label htmlFor={id}>{label}</label>
        <select id={id} name={name} defaultValue={(filters[name] as string | undefined) ?? ""}>
          <option value="">{tf("any")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );

  return (
    <>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {(mine.length > 0 || mayManage) && (
        <ul className="list-inline mb-4" data-testid="incentives-shortcuts">
          {mine.map((o) => (
            <li key={o.id} className="list-inline-item mb-2">
              <Link className="btn btn-outline-primary btn-sm" href={`/organisations/${o.id}/radar`} data-testid="radar-link">
                {t("radarOf", { name: o.legalName })}
              </Link>
            </li>
          ))}
          {mayManage && (
            <li className="list-inline-item mb-2">
              <Link className="btn btn-outline-primary btn-sm" href="/incentives/manage" data-testid="manage-link">
                {t("manage.link")}
              </Link>
            </li>
          )}
        </ul>
      )}

      <form method="get" action="/incentives" role="search" aria-label={t("searchLabel")} className="row g-3 align-items-end mb-4" data-testid="programme-filters">
        <div className="col-12 col-lg-6">
          <div className="form-group mb-0">
            <label htmlFor="incentives-q" className="active">
              {t("filters.q")}
            </label>
            <input id="incentives-q" name="q" type="search" className="form-control" defaultValue={params.q ?? ""} maxLength={200} />
          </div>
        </div>
        {select("incentives-state", "state", t("filters.state"), programmeStates.map((s) => ({ value: s, label: t(`window.${s}`) })))}
        {select("incentives-level", "level", t("filters.level"), programmeLevels.map((s) => ({ value: s, label: t(`levels.${s}`) })))}
        {select("incentives-regime", "regime", t("filters.regime"), aidRegimes.map((s) => ({ value: s, label: t(`regimes.${s}`) })))}
        {select("incentives-kind", "kind", t("filters.kind"), organisationKinds.map((s) => ({ value: s, label: tk(s) })))}
        {select("incentives-size", "size", t("filters.size"), sizeClasses.map((s) => ({ value: s, label: t(`classes.${s}`) })))}
        {select("incentives-theme", "theme", t("filters.theme"), callThemes.map((s) => ({ value: s, label: tt(s) })))}
        {select("incentives-region", "region", t("filters.region"), REGIONS.map((r) => ({ value: r.code, label: r.name })))}
        <div className="col-12 d-flex gap-2">
          <button type="submit" className="btn btn-primary">
            {tf("search")}
          </button>
          <Link href="/incentives" className="btn btn-outline-primary">
            {tf("clear")}
          </Link>
        </div>
      </form>

      <p role="status" className="fw-semibold" data-testid="programmes-count">
        {t("count", { count: total })}
      </p>
      {programmes.length === 0 && <p>{t("empty")}</p>}
      <ul className="row g-4 list-unstyled" data-testid="programmes-results">
        {programmes.map((p) => (
          <li key={p.id} className="col-12 col-md-6 col-xl-4">
            <ProgrammeCard programme={p} at={at} />
          </li>
        ))}
      </ul>
      <KeysetPagination path="/incentives" query={query} previous={previous} next={next} hasCursor={Boolean(after ?? before)} />
    </>
  );
}
