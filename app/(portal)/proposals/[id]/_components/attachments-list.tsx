"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import type { AttachmentSlotView, RequirementWithSlots } from "@/lib/documents/attachment-queries";
import { removeProposalAttachmentAction, uploadProposalAttachmentAction } from "@/lib/documents/attachment-actions";
import type { MessageValues } from "@/lib/errors";
import { formatRomeIn } from "@/lib/time";

type Props = { proposalId: string; editable: boolean; requirements: RequirementWithSlots[]; locale: string };

const typeNames: Record<string, string> = {
  "application/pdf": "PDF",
  "application/pkcs7-mime": "P7M",
  "application/vnd.oasis.opendocument.text": "ODT",
  "application/vnd.oasis.opendocument.spreadsheet": "ODS",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
};

function typeName(mediaType: string): string {
  return typeNames[mediaType] ?? (mediaType.startsWith("text/csv") ? "CSV" : mediaType.startsWith("text/plain") ? "TXT" : mediaType);
}

function fileSize(bytes: number, locale: string): string {
  const format = (n: number, unit: "kilobyte" | "megabyte") => new Intl.NumberFormat(locale, { style: "unit", unit, maximumFractionDigits: 1 }).format(n);
  return bytes < 1024 * 1024 ? format(Math.max(bytes / 1024, 0.1), "kilobyte") : format(bytes / (1024 * 1024), "megabyte");
}

export function AttachmentsList({ proposalId, editable, requirements, locale }: Props) {
  const t = useTranslations("attachments");
  return (
    <section aria-labelledby="attachments-title" className="mb-5" id="attachments" data-testid="attachments-panel">
      <h2 id="attachments-title" className="h3">
        {t("panel.title")}
      </h2>
      <p>{editable ? t("panel.intro") : t("panel.frozen")}</p>
      {requirements.map((r) => {
        const types = r.allowedTypes.length ? r.allowedTypes.map((k) => t(`kinds.${k}` as "kinds.pdf")).join(", ") : t("anyType");
        return (
          <article key={r.id} className="border rounded p-3 mb-3" data-testid="attachment-requirement" aria-labelledby={`requirement-${r.id}`}>
            <h3 className="h5 mb-1" id={`requirement-${r.id}`}>
              {r.title}
            </h3>
            <p className="mb-1">{t(`scopes.${r.scope}`)}</p>
            <p className="mb-2">
              {t("formats", { types })}
              {r.signatureRequired && <> · {t("signed")}</>}
            </p>
            {r.description && <p className="text-muted">{r.description}</p>}
            {r.slots.map((slot) => (
              <Slot key={slot.organisationId} proposalId={proposalId} requirement={r} slot={slot} types={types} editable={editable} locale={locale} />
            ))}
          </article>
        );
      })}
    </section>
  );
}

function Slot({
  proposalId,
  requirement: r,
  slot,
  types,
  editable,
  locale,
}: {
  proposalId: string;
  requirement: RequirementWithSlots;
  slot: AttachmentSlotView;
  types: string;
  editable: boolean;
  locale: string;
}) {
  const t = useTranslations("attachments.panel");
  const errorText = useErrorText();
  const router = useRouter();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<{ key: string; values?: MessageValues; field: boolean }>();
  const [done, setDone] = useState(false);
  const partner = r.scope === "partner";
  const names = { title: r.title, organisation: slot.organisationName };
  const file = slot.current;

  const upload = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      setProblem(undefined);
      setDone(false);
      const result = await uploadProposalAttachmentAction(data);
      if (result.ok) {
        formRef.current?.reset();
        setDone(true);
        router.refresh();
        return;
      }
      setProblem({ key: result.fieldErrors?.file?.[0] ?? result.error, values: result.values, field: Boolean(result.fieldErrors?.file) });
    });
  };
  const remove = () =>
    startTransition(async () => {
      setProblem(undefined);
      setDone(false);
      const result = await removeProposalAttachmentAction({ documentId: file!.id });
      if (result.ok) router.refresh();
      else setProblem({ key: result.error, values: result.values, field: false });
    });

  const fieldError = problem?.field ? errorText(problem.key, problem.values) : undefined;
  return (
    <div className="border-top pt-3 mt-3" data-testid="attachment-slot" data-status={file ? "uploaded" : "missing"} data-organisation={slot.organisationName}>
      <div className="d-flex flex-wrap gap-2 align-items-baseline mb-1">
        {partner && <span className="fw-semibold">{slot.organisationName}</span>}
        <span className={`badge ${file ? "bg-success" : "bg-warning"}`} data-testid="attachment-status">
          {file ? t("uploaded") : t("missing")}
        </span>
        {file?.signed && (
          <span className="badge bg-primary" data-testid="signed-badge">
            {t("signedFile")}
          </span>
        )}
      </div>
      {file && (
        <>
          <p className="mb-1 text-break">
            <a href={`/api/documents/${file.id}`} aria-label={t("download", { name: file.fileName })} data-testid="attachment-file">
              {file.fileName}
            </a>{" "}
            · {fileSize(file.sizeBytes, locale)} · {typeName(file.mediaType)}
          </p>
          <p className="mb-1 form-hint">{t("uploadedBy", { name: file.uploadedByName, date: formatRomeIn(new Date(file.createdAt), locale, "il") })}</p>
        </>
      )}
      {slot.earlier.length > 0 && (
        <details className="mb-2">
          <summary>{t("earlier")}</summary>
          <ul className="mb-0">
            {slot.earlier.map((e) => (
              <li key={e.id} className="text-break">
                <a href={`/api/documents/${e.id}`}>{t("earlierItem", { version: e.version, name: e.fileName, date: formatRomeIn(new Date(e.replacedAt), locale, "il") })}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
      {done && (
        <p role="status" className="text-success fw-semibold mb-1">
          {t("done")}
        </p>
      )}
      {!problem?.field && <FormAlert errorKey={problem?.key} values={problem?.values} />}
      {slot.canUpload ? (
        <form ref={formRef} onSubmit={upload} className="mt-2" data-testid="attachment-form">
          <input type="hidden" name="proposalId" value={proposalId} />
          <input type="hidden" name="requirementId" value={r.id} />
          {partner && <input type="hidden" name="organisationId" value={slot.organisationId} />}
          <div className="mb-2">
            <label htmlFor={`${id}-file`} className="d-block fw-semibold mb-1">
              {partner ? t("fileLabelOf", names) : t("fileLabel", names)}
            </label>
            <input
              id={`${id}-file`}
              name="file"
              type="file"
              required
              className={`form-control attachment-file-input${fieldError ? " is-invalid" : ""}`}
              aria-describedby={`${id}-hint${fieldError ? ` ${id}-error` : ""}`}
              aria-invalid={fieldError ? true : undefined}
            />
            <small id={`${id}-hint`} className="form-hint d-block">
              {t("hint", { formats: types })}
            </small>
            {fieldError && (
              <div id={`${id}-error`} className="field-error" role="alert" data-testid="attachment-error">
                {fieldError}
              </div>
            )}
          </div>
          <div className="d-flex flex-wrap gap-2">
            <button type="submit" className="btn btn-primary btn-sm" disabled={pending} aria-label={t(file ? (partner ? "replaceLabelOf" : "replaceLabel") : partner ? "uploadLabelOf" : "uploadLabel", names)}>
              {pending ? t("uploading") : file ? t("replace") : t("upload")}
            </button>
            {file && (
              <ConfirmButton
                className="btn btn-outline-danger btn-sm"
                disabled={pending}
                ariaLabel={t(partner ? "removeLabelOf" : "removeLabel", names)}
                title={t("removeConfirmTitle")}
                message={t("removeConfirmMessage", { name: file.fileName })}
                confirmLabel={t("removeConfirm")}
                tone="danger"
                onConfirm={remove}
              >
                {t("remove")}
              </ConfirmButton>
            )}
          </div>
        </form>
      ) : (
        editable && partner && <p className="mb-0 form-hint">{t("uploadsOf", names)}</p>
      )}
    </div>
  );
}
