import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listResultVersions } from "@/lib/documents/generated";
import { formatRome } from "@/lib/time";

/**
 * The results' documents: the ranking (graduatoria) PDF of every published version — a
 * correction adds one and the older ones stay — and the CSV of all versions. Public.
 */
export async function ResultsDocuments({ callId }: { callId: string }) {
  const versions = await listResultVersions(await getDb(), callId);
  if (versions.length === 0) return null;
  const t = await getTranslations("pdf.links");
  const lang = await getLocale();
  return (
    <section aria-labelledby="results-documents-title" className="border rounded p-3 mb-4" data-testid="results-documents">
      <h2 id="results-documents-title" className="h5">
        {t("rankingTitle")}
      </h2>
      <ul className="mb-2">
        {[...versions].reverse().map((v) => (
          <li key={v.version} className="mb-1">
            <a href={`/api/calls/${callId}/ranking/${v.version}?lang=${lang}`} download data-testid="ranking-pdf-link" data-version={v.version}>
              {t("rankingVersion", { version: v.version })}
            </a>{" "}
            <span className="small">— {formatRome(v.publishedAt, lang)}</span>
          </li>
        ))}
      </ul>
      <p className="mb-0">
        <a href={`/api/calls/${callId}/results.csv`} download data-testid="results-csv-link">
          {t("resultsCsv")}
        </a>
      </p>
    </section>
  );
}
