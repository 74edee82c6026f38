import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { getCoalitionBySlug } from "@/lib/coalitions/queries";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { getCurrentProtocol, getPublishedVersion } from "@/lib/protocol/queries";
import { VersionView } from "../_components/version-view";

type Props = { params: Promise<{ slug: string; version: string }>; searchParams: Promise<{ after?: string; before?: string }> };

/** "3" → 3; anything else (signs, leading zeros, huge numbers) is not a version. */
function parseVersionNumber(text: string): number | null {
  return /^[1-9]\d{0,5}$/.test(text) ? Number(text) : null;
}

async function load(params: Props["params"]) {
  const { slug, version } = await params;
  const number = parseVersionNumber(version);
  if (number === null) return null;
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) return null;
  const found = await getPublishedVersion(db, coalition.id, number);
  return found ? { db, coalition, version: found } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await load(params);
  return { title: loaded ? (await getTranslations("protocol"))("versionTitle", { version: loaded.version.version }) : "404" };
}

export default async function ProtocolVersionPage({ params, searchParams }: Props) {
  const loaded = await load(params);
  if (!loaded) notFound();
  const { db, coalition, version } = loaded;
  const query = await searchParams;
  const token = (name: "after" | "before") => (typeof query[name] === "string" ? query[name] : undefined);
  const t = await getTranslations("protocol");
  const current = await getCurrentProtocol(db, coalition.id);
  const keep = new URLSearchParams();
  for (const name of ["after", "before"] as const) if (token(name)) keep.set(name, token(name)!);
  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/coalitions", label: (await getTranslations("coalitions"))("listTitle") },
          { href: `/coalitions/${coalition.slug}`, label: coalition.name },
          { href: `/coalitions/${coalition.slug}/protocol`, label: t("title") },
        ]}
        current={t("historyOpen", { version: version.version })}
      />
      <h1 className="mb-3">{t("versionTitle", { version: version.version })}</h1>
      {current && current.id !== version.id && (
        <div className="alert alert-warning" data-testid="protocol-superseded">
          {t("superseded", { current: current.version })} <Link href={`/coalitions/${coalition.slug}/protocol`}>{t("seeCurrent")}</Link>
        </div>
      )}
      <VersionView
        db={db}
        coalition={coalition}
        version={version}
        path={`/coalitions/${coalition.slug}/protocol/${version.version}`}
        adherents={{ after: decodeKeyCursor(token("after"), "text"), before: decodeKeyCursor(token("before"), "text") }}
        query={keep}
      />
    </>
  );
}
