import Link from "next/link";
import type { ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { Markdown } from "@/components/markdown";
import type { Db } from "@/db/client";
import { listAdherents, listMembersNotAdhered, listPublishedVersions, type PublishedVersion } from "@/lib/protocol/queries";
import type { KeyCursor } from "@/lib/paging/keyset";
import { formatRome } from "@/lib/time";

type Cursors = { after?: KeyCursor<string>; before?: KeyCursor<string> };

type Props = {
  db: Db;
  coalition: { id: string; slug: string };
  version: PublishedVersion;
  /** The page's path, for the lists' links. */
  path: string;
  adherents: Cursors;
  /** Only for the version in force: who has not adhered yet (with its own cursors). */
  missing?: Cursors;
  /** The signed-in representative's box, for the version in force. */
  adhesion?: ReactNode;
  query: URLSearchParams;
};

/** One published version: number, date, fingerprint, themes, text, adherents, and the history of versions. */
export async function VersionView({ db, coalition, version, path, adherents, missing, adhesion, query }: Props) {
  const t = await getTranslations("protocol");
  const locale = await getLocale();
  const [adherentList, missingList, history] = await Promise.all([
    listAdherents(db, version.id, adherents),
    missing ? listMembersNotAdhered(db, coalition.id, version.id, missing) : null,
    listPublishedVersions(db, coalition.id),
  ]);
  const integer = new Intl.NumberFormat(locale === "en" ? "en-GB" : "it-IT");
  const range = (l: { from: number; to: number }) => `${integer.format(l.from)}–${integer.format(l.to)}`;
  const keep = (drop: string[]) => {
    const q = new URLSearchParams(query);
    for (const d of drop) q.delete(d);
    return q;
  };
  return (
    <>
      <p className="lead" data-testid="protocol-version-meta">
        {t("versionMeta", { version: version.version, date: formatRome(version.publishedAt, locale) })}
      </p>
      <h2 className="h4">{version.title}</h2>
      <div className="border rounded p-3 mb-4 bg-light">
        <p className="mb-1 fw-semibold">{t("hash")}</p>
        <p className="mb-2">
          <code className="text-break" data-testid="protocol-hash">
            {version.textSha256}
          </code>
        </p>
        <p className="small mb-2">{t("hashHelp")}</p>
        <a href={`/coalitions/${coalition.slug}/protocol/${version.version}/text`} download={`protocollo-v${version.version}.txt`} data-testid="protocol-text-link">
          {t("downloadText", { version: version.version })}
        </a>
      </div>
      {adhesion}
      {version.amendmentNote && (
        <section aria-labelledby="amendment-title" className="mb-4">
          <h2 id="amendment-title" className="h5">
            {t("amendment")}
          </h2>
          <p data-testid="protocol-amendment">{version.amendmentNote}</p>
        </section>
      )}
      <section aria-labelledby="themes-title" className="mb-4">
        <h2 id="themes-title" className="h4">
          {t("themesTitle")}
        </h2>
        <ul data-testid="protocol-themes">
          {version.themes.map((theme) => (
            <li key={theme.key}>
              <strong>{theme.label}</strong>
              {theme.description && ` — ${theme.description}`}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="text-title" className="mb-4">
        <h2 id="text-title" className="h4">
          {t("textTitle")}
        </h2>
        <Markdown>{version.body}</Markdown>
      </section>
      <section aria-labelledby="adherents-title" className="mb-4" data-testid="protocol-adherents">
        <h2 id="adherents-title" className="h4">
          {t("adherentsTitle", { count: adherentList.total, version: version.version })}
          {adherentList.total > adherentList.rows.length && `, ${range(adherentList)}`}
        </h2>
        <ul className="list-unstyled">
          {adherentList.rows.map((a) => (
            <li key={a.organisationId} className="mb-1">
              {a.legalName} <span className="text-muted">· {t("adheredOn", { date: formatRome(a.adheredAt, locale) })}</span>
            </li>
          ))}
        </ul>
        <KeysetPagination
          path={path}
          query={keep(["after", "before"])}
          previous={adherentList.previous}
          next={adherentList.next}
          hasCursor={Boolean(adherents.after ?? adherents.before)}
          current={adherentList.total > adherentList.rows.length ? range(adherentList) : undefined}
        />
      </section>
      {missingList && missing && (
        <section aria-labelledby="missing-title" className="mb-4" data-testid="protocol-missing">
          <h2 id="missing-title" className="h4">
            {t("missingTitle", { count: missingList.total })}
            {missingList.total > missingList.rows.length && `, ${range(missingList)}`}
          </h2>
          <ul className="list-unstyled">
            {missingList.rows.map((m) => (
              <li key={m.organisationId} className="mb-1">
                {m.legalName}
              </li>
            ))}
          </ul>
          <KeysetPagination
            path={path}
            query={keep(["mafter", "mbefore"])}
            params={{ after: "mafter", before: "mbefore" }}
            previous={missingList.previous}
            next={missingList.next}
            hasCursor={Boolean(missing.after ?? missing.before)}
            current={missingList.total > missingList.rows.length ? range(missingList) : undefined}
          />
        </section>
      )}
      <section aria-labelledby="history-title" className="mb-4">
        <h2 id="history-title" className="h4">
          {t("historyTitle")}
        </h2>
        <div className="table-responsive">
          <table className="table" data-testid="protocol-history">
            <thead>
              <tr>
                <th scope="col">{t("historyVersion")}</th>
                <th scope="col">{t("historyTitleColumn")}</th>
                <th scope="col">{t("historyPublished")}</th>
                <th scope="col">{t("historyAdherents")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={h.id}>
                  <td>
                    {h.version === version.version ? (
                      <span aria-current="page">{t("historyOpen", { version: h.version })}</span>
                    ) : (
                      <Link href={`/coalitions/${coalition.slug}/protocol/${h.version}`}>{t("historyOpen", { version: h.version })}</Link>
                    )}
                    {i === 0 && <span className="badge bg-success ms-2">{t("inForce")}</span>}
                  </td>
                  <td>{h.title}</td>
                  <td>{formatRome(h.publishedAt, locale)}</td>
                  <td>{integer.format(h.adherents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
