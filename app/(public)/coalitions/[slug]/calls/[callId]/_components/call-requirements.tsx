import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listAttachmentRequirements } from "@/lib/documents/requirements";

/** The attachments a proposal must carry, part of the call's rules (shown with its eligibility). */
export async function CallRequirements({ callId }: { callId: string }) {
  const requirements = await listAttachmentRequirements(await getDb(), callId);
  if (requirements.length === 0) return null;
  const t = await getTranslations("attachments");
  return (
    <>
      <h2 className="h4 mt-4" id="required-attachments">
        {t("public.title")}
      </h2>
      <ul data-testid="call-requirements">
        {requirements.map((r) => {
          const types = r.allowedTypes.length ? r.allowedTypes.map((k) => t(`kinds.${k}` as "kinds.pdf")).join(", ") : t("anyType");
          return (
            <li key={r.id}>
              {t("public.item", { title: r.title, scope: t(`scopeShort.${r.scope}`), formats: t("formats", { types }) })}
              {r.signatureRequired && <>; {t("signed")}</>}
              {r.description && <span className="d-block text-muted">{r.description}</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
