import { getTranslations } from "next-intl/server";
import type { PublishedAnchor } from "@/lib/audit/queries";
import { CopyButton } from "./copy-button";

/**
 * The audit chain's head as published with a decision: readable for people, and marked
 * (data-audit-seq, data-audit-hash) for `npm run audit:verify -- <this page's URL>`.
 */
export async function AuditAnchor({ anchor, className = "" }: { anchor: Pick<PublishedAnchor, "seq" | "hash" | "action" | "version">; className?: string }) {
  const t = await getTranslations("auditAnchor");
  const decision =
    anchor.action === "call.published"
      ? t("decisions.callPublished")
      : anchor.action === "call.results_corrected"
        ? t("decisions.resultsCorrected", { version: anchor.version ?? 0 })
        : t("decisions.resultsPublished");
  return (
    <div className={`text-muted ${className}`} data-testid="audit-anchor" data-audit-seq={anchor.seq} data-audit-hash={anchor.hash}>
      <p className="small mb-1">
        {t.rich("line", {
          decision,
          seq: String(anchor.seq),
          hash: () => <code title={anchor.hash}>{anchor.hash.slice(0, 12)}…</code>,
        })}{" "}
        <CopyButton value={anchor.hash} label={t("copy")} copiedLabel={t("copied")} failedLabel={t("copyFailed")} />
      </p>
      <details>
        <summary>{t("what")}</summary>
        <p className="small mb-1 mt-1">{t("explain")}</p>
        <p className="small mb-1">
          {t("fullHash")}: <code className="text-break" data-testid="audit-anchor-hash">{anchor.hash}</code>
        </p>
        <p className="small mb-0">
          {t.rich("verify", { command: (chunks) => <code>{chunks}</code>, list: (chunks) => <a href="/api/audit/anchors">{chunks}</a> })}
        </p>
      </details>
    </div>
  );
}

/** One anchor inside a line (the earlier versions of results): the number, the hash's start, the same marks. */
export async function AuditAnchorInline({ anchor }: { anchor: Pick<PublishedAnchor, "seq" | "hash"> }) {
  const t = await getTranslations("auditAnchor");
  return (
    <span data-audit-seq={anchor.seq} data-audit-hash={anchor.hash}>
      {t.rich("inline", { seq: String(anchor.seq), hash: () => <code title={anchor.hash}>{anchor.hash.slice(0, 12)}…</code> })}
    </span>
  );
}
