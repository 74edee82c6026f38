import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import type { CallDetail } from "@/lib/calls/queries";
import { listCallDocuments, type CallDocumentVersion } from "@/lib/documents/call-documents";
import { formatFileSize, mediaTypeLabel } from "@/lib/documents/labels";
import { formatRomeIn } from "@/lib/time";
import { AddCallDocumentForm, CallDocumentControls } from "./call-documents-manager";

/**
 * The call's documents (text, annexes, templates): the current version of each, with its
 * older versions and their dates, all downloadable. Promoters also manage them here: freely
 * on a draft, as corrections with a reason once published, not at all after the results.
 */
export async function CallDocuments({ call }: { call: CallDetail }) {
  const entries = await listCallDocuments(await getDb(), await getCurrentActor(), call.id);
  if (entries.length === 0 && !call.isPromoter) return null;
  const t = await getTranslations("documents");
  const locale = await getLocale();
  const on = (d: Date) => formatRomeIn(d, locale, "il");
  const editable = call.isPromoter && (call.status === "draft" || call.status === "published");
  const needsReason = call.status !== "draft";

  const link = (d: CallDocumentVersion, label: string) => {
    const type = mediaTypeLabel(d.mediaType);
    const size = formatFileSize(d.sizeBytes, locale);
    return (
      <a href={`/api/documents/${d.id}`} download={d.fileName} aria-label={t("downloadLabel", { title: label, type, size })} data-testid="call-document-download">
        {d.fileName}
      </a>
    );
  };
  const facts = (d: CallDocumentVersion) => (
    <>
      {mediaTypeLabel(d.mediaType)}, {formatFileSize(d.sizeBytes, locale)}
      {d.signed && (
        <>
          {" · "}
          <span className="badge bg-success-subtle text-success-emphasis border border-success" data-testid="call-document-signed">
            {t("signed")}
          </span>
        </>
      )}
    </>
  );

  return (
    <section aria-labelledby="call-documents-title" className="mt-5" data-testid="call-documents">
      <h2 id="call-documents-title" className="h4">
        {t("title")}
      </h2>
      <p>{t("intro")}</p>
      {entries.length === 0 ? (
        <p data-testid="call-documents-none">{t("none")}</p>
      ) : (
        <ul className="list-unstyled" data-testid="call-documents-list">
          {entries.map((d) => (
            <li key={d.seriesId} className="border rounded p-3 mb-3" data-testid="call-document" data-kind={d.kind} data-version={d.version}>
              <h3 className="h5 mb-1 text-break">
                <span className="d-block small fw-normal text-uppercase">{t(`kinds.${d.kind}`)}</span>
                {d.title}
              </h3>
              <p className="mb-1 text-break">
                {link(d, d.title)} <span className="small text-nowrap">({facts(d)})</span>
              </p>
              <p className="small mb-0">
                {t("version", { version: d.version })} · {t("publishedAt", { date: on(d.createdAt) })}
              </p>
              {d.replacementReason && (
                <p className="small mb-0 text-break" data-testid="call-document-reason">
                  {t("replacementReason", { reason: d.replacementReason })}
                </p>
              )}
              {d.olderVersions.length > 0 && (
                <details className="mt-2" data-testid="call-document-history">
                  <summary>{t("olderVersions", { count: d.olderVersions.length })}</summary>
                  <ul className="mt-2 mb-0">
                    {d.olderVersions.map((o) => (
                      <li key={o.id} className="mb-2 text-break" data-testid="call-document-older" data-version={o.version}>
                        {link(o, `${o.title} (${t("version", { version: o.version })})`)} <span className="small text-nowrap">({facts(o)})</span>
                        <br />
                        <span className="small">
                          {t("version", { version: o.version })} · {t("publishedAt", { date: on(o.createdAt) })}
                          {o.replacedAt && <> · {t("replacedAt", { date: on(o.replacedAt) })}</>}
                        </span>
                        {o.replacementReason && (
                          <>
                            <br />
                            <span className="small">{t("replacementReason", { reason: o.replacementReason })}</span>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {editable && <CallDocumentControls documentId={d.id} title={d.title} needsReason={needsReason} canDelete={call.status === "draft"} />}
            </li>
          ))}
        </ul>
      )}

      {call.isPromoter && (
        <div className="mt-3" data-testid="call-documents-manage">
          <h3 className="h5">{t("manageTitle")}</h3>
          <p>{call.status === "draft" ? t("manageDraft") : editable ? t("managePublished") : t("manageFrozen")}</p>
          {editable && <AddCallDocumentForm callId={call.id} needsReason={needsReason} />}
        </div>
      )}
    </section>
  );
}
