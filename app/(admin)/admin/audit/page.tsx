import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { coalitions } from "@/db/schema";
import { auditActions } from "@/lib/audit/events";
import { listAuditLog, parseAuditLogFilters, type AuditLogFilters } from "@/lib/audittrail/admin";
import { requirePageActor } from "@/lib/auth/session";
import { formatRome } from "@/lib/time";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auditLog"))("title") };
}

type Props = { searchParams?: Promise<Record<string, string | string[] | undefined>> };

function queryOf(filters: AuditLogFilters, extra: Partial<AuditLogFilters> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, before: undefined, ...extra })) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The whole audit log for platform admins (issue 12, item 8); anyone else finds nothing here. */
export default async function AuditLogPage({ searchParams }: Props) {
  const actor = await requirePageActor("/admin/audit");
  if (!actor.isPlatformAdmin) notFound();
  const filters = parseAuditLogFilters((await searchParams) ?? {});
  const db = await getDb();
  const [page, coalitionList] = await Promise.all([
    listAuditLog(db, actor, filters),
    db.select({ id: coalitions.id, slug: coalitions.slug, name: coalitions.name }).from(coalitions).orderBy(coalitions.name).limit(500),
  ]);
  const t = await getTranslations("auditLog");
  const locale = await getLocale();
  const path = "/admin/audit";

  return (
    <>
      <h1 className="mb-3">{t("title")}</h1>
      <p>{t("intro")}</p>
      <form method="get" className="row g-3 align-items-end mb-4" role="search" aria-label={t("filters")} data-testid="audit-log-filters">
        <div className="col-md-4">
          <label htmlFor="f-coalition" className="form-label">
            {t("coalition")}
          </label>
          <select id="f-coalition" name="coalition" className="form-select form-control" defaultValue={filters.coalition ?? ""}>
            <option value="">{t("anyCoalition")}</option>
            {coalitionList.map((c) => (
              <option key={c.id} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-4">
          <label htmlFor="f-actor" className="form-label">
            {t("actor")}
          </label>
          <input id="f-actor" name="actor" type="text" className="form-control" defaultValue={filters.actor ?? ""} autoComplete="off" />
        </div>
        <div className="col-md-4">
          <label htmlFor="f-organisation" className="form-label">
            {t("organisation")}
          </label>
          <input id="f-organisation" name="organisation" type="text" className="form-control" defaultValue={filters.organisation ?? ""} autoComplete="off" />
        </div>
        <div className="col-md-4">
          <label htmlFor="f-action" className="form-label">
            {t("action")}
          </label>
          <select id="f-action" name="action" className="form-select form-control" defaultValue={filters.action ?? ""}>
            <option value="">{t("anyAction")}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="col-6 col-md-2">
          <label htmlFor="f-from" className="form-label">
            {t("from")}
          </label>
          <input id="f-from" name="from" type="date" className="form-control" defaultValue={filters.from ?? ""} />
        </div>
        <div className="col-6 col-md-2">
          <label htmlFor="f-to" className="form-label">
            {t("to")}
          </label>
          <input id="f-to" name="to" type="date" className="form-control" defaultValue={filters.to ?? ""} />
        </div>
        <div className="col-md-4 d-flex flex-wrap gap-2">
          <button type="submit" className="btn btn-primary">
            {t("apply")}
          </button>
          <Link className="btn btn-outline-primary" href={path}>
            {t("reset")}
          </Link>
        </div>
      </form>
      <p>
        <a className="btn btn-outline-primary" href={`/api/admin/audit.csv${queryOf(filters)}`} data-testid="audit-log-export">
          {t("export")}
        </a>
      </p>
      {page.rows.length === 0 ? (
        <p data-testid="audit-log-empty">{t("empty")}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm align-top" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{t("colSeq")}</th>
                <th scope="col">{t("colWhen")}</th>
                <th scope="col">{t("colAction")}</th>
                <th scope="col">{t("colEntity")}</th>
                <th scope="col">{t("colActor")}</th>
                <th scope="col">{t("colOrganisation")}</th>
                <th scope="col">{t("colData")}</th>
                <th scope="col">{t("colHash")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.seq} data-testid="audit-log-row" data-action={r.action}>
                  <td>{r.seq}</td>
                  <td>{formatRome(r.occurredAt, locale)}</td>
                  <td>
                    <Link href={`${path}${queryOf(filters, { action: r.action as AuditLogFilters["action"] })}`}>{r.action}</Link>
                  </td>
                  <td className="text-break small">
                    {r.entityType} {r.entityId}
                  </td>
                  <td className="text-break">
                    {r.actorEmail ? (
                      <Link href={`${path}${queryOf(filters, { actor: r.actorEmail })}`} aria-label={t("filterBy", { name: r.actorEmail })}>
                        {r.actorName} ({r.actorEmail})
                      </Link>
                    ) : (
                      t("system")
                    )}
                  </td>
                  <td className="text-break">
                    {r.organisationId && r.organisationName ? (
                      <Link href={`${path}${queryOf(filters, { organisation: r.organisationId })}`} aria-label={t("filterBy", { name: r.organisationName })}>
                        {r.organisationName}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="small">
                    <code className="text-break d-block" style={{ maxWidth: "28rem", whiteSpace: "pre-wrap" }}>
                      {JSON.stringify(r.data).slice(0, 400)}
                    </code>
                  </td>
                  <td className="small">
                    {r.hash ? <code title={r.hash}>{r.hash.slice(0, 12)}…</code> : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(filters.before !== undefined || page.nextBefore !== null) && (
        <nav className="pagination-wrapper mt-4" aria-label={t("pagination")} data-testid="pagination">
          <ul className="pagination flex-wrap">
            {filters.before !== undefined && (
              <li className="page-item">
                <Link className="page-link" href={`${path}${queryOf(filters)}`}>
                  {t("newest")}
                </Link>
              </li>
            )}
            {page.nextBefore !== null && (
              <li className="page-item">
                <Link className="page-link" href={`${path}${queryOf(filters, { before: page.nextBefore })}`} rel="next">
                  {t("older")}
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
}
