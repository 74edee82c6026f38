import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment, type ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { listCoalitionDecisions, type PublicEntry, type PublicField } from "@/lib/audittrail/public";
import { publicChainChecks } from "@/lib/audittrail/verification";
import { getCoalitionBySlug } from "@/lib/coalitions/queries";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";

// Read at each request (a decision just made must show); the chain check itself is cached per chain head.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams?: Promise<{ before?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const coalition = await getCoalitionBySlug(await getDb(), (await params).slug);
  if (!coalition) return { title: "404" };
  const t = await getTranslations("audittrail");
  return { title: t("metaTitle", { coalition: coalition.name }) };
}

function parseBefore(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !/^\d{1,15}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 ? n : null;
}

/** A `YYYY-MM-DD` day as the locale writes it. */
function formatDay(day: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "it-IT", { timeZone: "UTC", dateStyle: "long" }).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

export default async function CoalitionAuditPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const before = parseBefore((await searchParams)?.before);
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) notFound();
  const [page, check] = await Promise.all([listCoalitionDecisions(db, coalition.id, { before }), publicChainChecks.check(db)]);
  const t = await getTranslations("audittrail");
  const tc = await getTranslations("coalitions");
  const locale = await getLocale();
  const path = `/coalitions/${coalition.slug}/audit`;

  const fieldValue = (field: PublicField): ReactNode => {
    const v = field.value;
    if (field.kind === "cents" && typeof v === "number") return formatCents(v, locale);
    if (field.kind === "boolean") return v ? t("yes") : t("no");
    if (field.kind === "datetime" && typeof v === "string") {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? v : formatRome(d, locale);
    }
    if (field.kind === "date" && typeof v === "string") return formatDay(v, locale);
    if (field.kind === "status" && typeof v === "string") return t.has(`values.${v}`) ? t(`values.${v}`) : v;
    if (field.kind === "hash") return <code className="text-break">{String(v)}</code>;
    return String(v);
  };
  const who = (e: PublicEntry) => (e.actor.kind === "organisation" ? e.actor.name : e.actor.kind === "promoter" ? t("promoter") : e.actor.kind === "committee" ? t("committee") : t("system"));

  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/coalitions", label: tc("listTitle") },
          { href: `/coalitions/${coalition.slug}`, label: coalition.name },
        ]}
        current={t("title")}
      />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("lead", { coalition: coalition.name })}</p>

      <section aria-label={t("chainTitle")} className={`alert ${check.ok ? "alert-success" : "alert-danger"} mt-3`} data-testid="audit-chain" data-chain-ok={check.ok ? "true" : "false"}>
        <h2 className="h5">
          {check.ok ? t("chainOk") : t("chainBroken")}
        </h2>
        {check.ok && check.head && <p className="mb-1">{t("chainOkDetail", { count: check.count, head: check.head.seq, anchors: check.anchorsChecked })}</p>}
        {!check.head && <p className="mb-1">{t("chainEmpty")}</p>}
        {check.broken && <p className="mb-1">{t("chainBrokenAt", { seq: check.broken.seq })}</p>}
        {check.findings.length > 0 && <p className="mb-1">{t("chainFindings", { count: check.findings.length })}</p>}
        <p className="mb-1 small">{t("checkedAt", { when: formatRome(check.checkedAt, locale) })}</p>
        <p className="mb-0 small">
          {t.rich("verifyYourself", { list: (chunks) => <a href="/api/audit/anchors">{chunks}</a>, command: (chunks) => <code>{chunks}</code> })}
        </p>
      </section>

      <section aria-labelledby="entries-title" className="mt-4">
        <h2 id="entries-title" className="h3">
          {t("entriesTitle")}
        </h2>
        {page.entries.length === 0 ? (
          <p data-testid="audit-empty">{t("empty")}</p>
        ) : (
          <ol className="list-unstyled" data-testid="audit-entries">
            {page.entries.map((e) => (
              <li key={e.seq} className="border rounded p-3 mb-3" data-testid="audit-entry" data-action={e.action} data-audit-seq={e.seq} data-audit-hash={e.hash}>
                <h3 className="h5 mb-1">{t(`actions.${e.action.replace(".", "_")}`)}</h3>
                <p className="small text-muted mb-2">{t("seq", { seq: e.seq })}</p>
                <dl className="row mb-0">
                  <dt className="col-sm-4 col-lg-3">{t("about")}</dt>
                  <dd className="col-sm-8 col-lg-9 text-break">
                    {t("call", { title: e.callTitle })}
                    {e.proposalTitle && (
                      <>
                        <br />
                        {t("proposal", { title: e.proposalTitle })}
                      </>
                    )}
                    {e.concernedOrganisation && (
                      <>
                        <br />
                        {t("organisation", { name: e.concernedOrganisation })}
                      </>
                    )}
                  </dd>
                  <dt className="col-sm-4 col-lg-3">{t("who")}</dt>
                  <dd className="col-sm-8 col-lg-9" data-testid="audit-who">
                    {who(e)}
                  </dd>
                  <dt className="col-sm-4 col-lg-3">{t("when")}</dt>
                  <dd className="col-sm-8 col-lg-9">
                    <time dateTime={e.occurredAt.toISOString()}>{formatRome(e.occurredAt, locale)}</time>
                  </dd>
                  {e.fields.map((field) => (
                    <Fragment key={field.key}>
                      <dt className="col-sm-4 col-lg-3">{t(`fields.${field.key}`)}</dt>
                      <dd className="col-sm-8 col-lg-9 text-break">{fieldValue(field)}</dd>
                    </Fragment>
                  ))}
                  <dt className="col-sm-4 col-lg-3">{t("hash")}</dt>
                  <dd className="col-sm-8 col-lg-9 mb-0">
                    <code className="text-break" data-testid="audit-hash">
                      {e.hash}
                    </code>
                  </dd>
                </dl>
              </li>
            ))}
          </ol>
        )}
      </section>

      {(before !== null || page.nextBefore !== null) && (
        <nav className="pagination-wrapper mt-4" aria-label={t("pagination.label")} data-testid="pagination">
          <ul className="pagination flex-wrap">
            {before !== null && (
              <li className="page-item">
                <Link className="page-link" href={path}>
                  {t("pagination.newest")}
                </Link>
              </li>
            )}
            {page.nextBefore !== null && (
              <li className="page-item">
                <Link className="page-link" href={`${path}?before=${page.nextBefore}`} aria-label={t("pagination.olderLabel")} rel="next">
                  {t("pagination.older")}
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
}
