import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { DATASET_NAMES, datasetSummaries } from "@/lib/opendata/datasets";
import { datasetPath, findPublicCoalition, LICENCE } from "@/lib/opendata/stream";
import { formatRome } from "@/lib/time";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const coalition = await findPublicCoalition(await getDb(), (await params).slug);
  if (!coalition) return { title: "404" };
  return { title: (await getTranslations("openData"))("metaTitle", { coalition: coalition.name }) };
}

/** The coalition's open-data catalogue (issue 12, item 6): public, no sign-in, works without JavaScript. */
export default async function OpenDataPage({ params }: Props) {
  const db = await getDb();
  const coalition = await findPublicCoalition(db, (await params).slug);
  if (!coalition) notFound();
  const [summaries, t, tc, locale] = await Promise.all([datasetSummaries(db, coalition.id), getTranslations("openData"), getTranslations("coalitions"), getLocale()]);
  const byName = new Map(summaries.map((s) => [s.name, s]));
  const number = new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT");

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
      <p>
        <Link href={`/coalitions/${coalition.slug}/dashboard`} data-testid="open-data-dashboard-link">
          {(await getTranslations("dashboard"))("coalitionLink")}
        </Link>
      </p>

      <section aria-labelledby="open-data-licence" className="border rounded p-3 mb-4" data-testid="open-data-licence">
        <h2 id="open-data-licence" className="h5">
          {t("licenceTitle")}
        </h2>
        <p className="mb-2">
          {t.rich("licenceText", {
            coalition: coalition.name,
            licence: (chunks) => (
              <a href={LICENCE.url} rel="license">
                {chunks}
              </a>
            ),
          })}
        </p>
        <p className="mb-0">{t("privacy")}</p>
      </section>

      <h2 className="h4">{t("tableCaption")}</h2>
      <ul className="row g-3 list-unstyled" data-testid="open-data-catalogue">
        {DATASET_NAMES.map((name) => {
          const s = byName.get(name);
          const label = t(`names.${name}`);
          return (
            <li key={name} className="col-12 col-lg-6" data-testid={`dataset-${name}`}>
              <section aria-labelledby={`dataset-${name}-title`} className="border rounded p-3 h-100">
                <h3 id={`dataset-${name}-title`} className="h5">
                  {label}
                </h3>
                <p>{t(`descriptions.${name}`)}</p>
                <dl className="row mb-2">
                  <dt className="col-6">{t("rows")}</dt>
                  <dd className="col-6" data-testid="dataset-rows">
                    {number.format(s?.rows ?? 0)}
                  </dd>
                  <dt className="col-6">{t("lastUpdate")}</dt>
                  <dd className="col-6">{s?.lastUpdate ? formatRome(s.lastUpdate, locale) : t("never")}</dd>
                </dl>
                <div className="d-flex flex-wrap gap-2">
                  <a className="btn btn-outline-primary btn-sm" href={datasetPath(coalition.slug, name, "csv")} aria-label={t("downloadCsv", { dataset: label })} download>
                    CSV
                  </a>
                  <a className="btn btn-outline-primary btn-sm" href={datasetPath(coalition.slug, name, "json")} aria-label={t("downloadJson", { dataset: label })}>
                    JSON
                  </a>
                </div>
              </section>
            </li>
          );
        })}
      </ul>

      <section aria-labelledby="open-data-formats" className="mt-4">
        <h2 id="open-data-formats" className="h5">
          {t("formatsTitle")}
        </h2>
        <p>{t("formatsText")}</p>
        <ul>
          {DATASET_NAMES.map((name) => (
            <li key={name}>
              <code className="text-break">{datasetPath(coalition.slug, name, "csv")}</code>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
