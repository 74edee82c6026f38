import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { SuccessMessage } from "@/components/confirm-dialog";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { getCoalitionBySlug, getViewerContext } from "@/lib/coalitions/queries";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { getCurrentProtocol, listViewerAdheringOrganisations } from "@/lib/protocol/queries";
import { formatRome } from "@/lib/time";
import { AdhereButton } from "./_components/adhere-button";
import { VersionView } from "./_components/version-view";

type Query = { done?: string; after?: string; before?: string; mafter?: string; mbefore?: string };
type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Query> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const coalition = await getCoalitionBySlug(await getDb(), (await params).slug);
  return { title: coalition ? (await getTranslations("protocol"))("metaTitle", { coalition: coalition.name }) : "404" };
}

export default async function ProtocolPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const token = (name: keyof Query) => (typeof query[name] === "string" ? query[name] : undefined);
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) notFound();
  const viewer = await getCurrentActor();
  const [current, context] = await Promise.all([getCurrentProtocol(db, coalition.id), getViewerContext(db, viewer, coalition.id)]);
  const t = await getTranslations("protocol");
  const locale = await getLocale();
  const mine = viewer && current ? await listViewerAdheringOrganisations(db, viewer, coalition.id, current.id) : [];
  const keep = new URLSearchParams();
  for (const name of ["after", "before", "mafter", "mbefore"] as const) if (token(name)) keep.set(name, token(name)!);

  const adhesion =
    current && mine.length > 0 ? (
      <section aria-labelledby="adhesion-title" className="border rounded p-3 mb-4" data-testid="protocol-adhesion">
        <h2 id="adhesion-title" className="h5">
          {t("yourAdhesion")}
        </h2>
        {mine.some((o) => !o.adheredAt) && <p>{t("adhereIntro", { version: current.version, hash: `${current.textSha256.slice(0, 16)}…` })}</p>}
        {mine.map((o) =>
          o.adheredAt ? (
            <p key={o.organisationId} className="mb-2" data-testid="protocol-adhered">
              {t("adhered", { organisation: o.legalName, version: current.version, date: formatRome(o.adheredAt, locale) })}
            </p>
          ) : (
            <AdhereButton
              key={o.organisationId}
              slug={coalition.slug}
              versionId={current.id}
              version={current.version}
              textSha256={current.textSha256}
              organisationId={o.organisationId}
              organisationName={o.legalName}
            />
          ),
        )}
      </section>
    ) : undefined;

  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/coalitions", label: (await getTranslations("coalitions"))("listTitle") },
          { href: `/coalitions/${coalition.slug}`, label: coalition.name },
        ]}
        current={t("title")}
      />
      <h1 className="mb-3">{t("title")}</h1>
      {query.done === "adhered" && <SuccessMessage>{t("doneAdhered")}</SuccessMessage>}
      {query.done === "published" && <SuccessMessage>{t("donePublished")}</SuccessMessage>}
      <p>{t("lead")}</p>
      {context.isPromoter && (
        <p>
          <Link className="btn btn-outline-primary" href={`/coalitions/${coalition.slug}/manage/protocol`} data-testid="protocol-manage-link">
            {t("manageLink")}
          </Link>
        </p>
      )}
      {current ? (
        <VersionView
          db={db}
          coalition={coalition}
          version={current}
          path={`/coalitions/${coalition.slug}/protocol`}
          adherents={{ after: decodeKeyCursor(token("after"), "text"), before: decodeKeyCursor(token("before"), "text") }}
          missing={{ after: decodeKeyCursor(token("mafter"), "text"), before: decodeKeyCursor(token("mbefore"), "text") }}
          adhesion={adhesion}
          query={keep}
        />
      ) : (
        <p data-testid="protocol-none">{t("none")}</p>
      )}
    </>
  );
}
