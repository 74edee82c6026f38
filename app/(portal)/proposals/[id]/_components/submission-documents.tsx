import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { submissionDocumentsFor } from "@/lib/documents/generated";

/**
 * The submission receipt and the application as PDFs, for the lead, the accepted partners
 * and the call's promoters once the proposal was submitted (lib/documents/generated.ts
 * decides). Loads its own data, so the page adds it with one line; renders nothing otherwise.
 */
export async function SubmissionDocuments({ proposalId }: { proposalId: string }) {
  const submission = await submissionDocumentsFor(await getDb(), await getCurrentActor(), proposalId);
  if (!submission) return null;
  const t = await getTranslations("pdf.links");
  const lang = await getLocale();
  return (
    <section aria-labelledby="submission-documents-title" className="border rounded p-3 mb-4" data-testid="submission-documents">
      <h2 id="submission-documents-title" className="h5">
        {t("title")}
      </h2>
      <p className="small">{t("hint")}</p>
      <p className="d-flex flex-wrap gap-2 mb-0">
        <a className="btn btn-primary" href={`/api/proposals/${proposalId}/receipt.pdf?lang=${lang}`} download data-testid="receipt-pdf-link">
          {t("receipt")}
        </a>
        <a className="btn btn-outline-primary" href={`/api/proposals/${proposalId}/application.pdf?lang=${lang}`} download data-testid="application-pdf-link">
          {t("application")}
        </a>
      </p>
    </section>
  );
}
