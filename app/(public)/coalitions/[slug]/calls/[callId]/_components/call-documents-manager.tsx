"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { ConfirmButton, SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { addCallDocumentAction, deleteCallDocumentAction, replaceCallDocumentAction } from "@/lib/documents/call-document-actions";
import { callDocumentKinds } from "@/lib/documents/call-document-kinds";
import { ACCEPT_ATTRIBUTE } from "@/lib/documents/labels";
import { MAX_UPLOAD_BYTES } from "@/lib/documents/upload";
import type { FieldErrors, MessageValues } from "@/lib/errors";

type Done = "added" | "replaced" | "deleted";
type Outcome = { ok: boolean; error?: string; fieldErrors?: FieldErrors; values?: MessageValues };

/** Submits a FormData to an upload action; refuses an over-size file before sending it. */
function useUpload(onDone: (done: Done) => void) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ key: string; values?: MessageValues }>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const submit = (form: HTMLFormElement, action: (data: FormData) => Promise<Outcome>, done: Done) => {
    const data = new FormData(form);
    const file = data.get("file");
    setError(undefined);
    if (file instanceof File && file.size > MAX_UPLOAD_BYTES) {
      setFieldErrors({ file: ["uploadTooLarge"] });
      return;
    }
    setFieldErrors(undefined);
    startTransition(async () => {
      const result = await action(data);
      if (result.ok) {
        form.reset();
        onDone(done);
        router.refresh();
        return;
      }
      setFieldErrors(result.fieldErrors);
      if (!result.fieldErrors && result.error) setError({ key: result.error, values: result.values });
    });
  };
  return { submit, pending, error, fieldErrors };
}

function FieldError({ id, keys }: { id: string; keys?: string[] }) {
  const errorText = useErrorText();
  if (!keys?.length) return null;
  return (
    <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
      {keys.map((k) => errorText(k)).join(" ")}
    </div>
  );
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

function FileInput({ id, label, errors, focus }: { id: string; label: string; errors?: string[]; focus?: boolean }) {
  const t = useTranslations("documents");
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {label}
        <span aria-hidden="true"> *</span>
      </label>
      <input
        id={id}
        name="file"
        type="file"
        className={`form-control call-document-file${errors?.length ? " is-invalid" : ""}`}
        accept={ACCEPT_ATTRIBUTE}
        // The replace form opens on a click of "Replace": the keyboard lands on its first field.
        autoFocus={focus}
        required
        aria-required
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, !!errors?.length && `${id}-error`)}
        data-testid={id}
      />
      <small id={`${id}-hint`} className="form-hint d-block" data-testid={`${id}-hint`}>
        {t("fileHint")}
      </small>
      <FieldError id={id} keys={errors} />
    </div>
  );
}

function ReasonInput({ id, errors }: { id: string; errors?: string[] }) {
  const t = useTranslations("documents");
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {t("fields.reason")}
        <span aria-hidden="true"> *</span>
      </label>
      <textarea
        id={id}
        name="reason"
        className={`form-control${errors?.length ? " is-invalid" : ""}`}
        rows={2}
        maxLength={1000}
        required
        aria-required
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, !!errors?.length && `${id}-error`)}
        data-testid={id}
      />
      <small id={`${id}-hint`} className="form-hint d-block">
        {t("reasonHint")}
      </small>
      <FieldError id={id} keys={errors} />
    </div>
  );
}

/** The promoters' form to attach a document; a published call asks for the reason of the correction. */
export function AddCallDocumentForm({ callId, needsReason }: { callId: string; needsReason: boolean }) {
  const t = useTranslations("documents");
  const [done, setDone] = useState<Done>();
  const { submit, pending, error, fieldErrors } = useUpload(setDone);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(undefined);
    submit(event.currentTarget, addCallDocumentAction, "added");
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="call-document-add-title" data-testid="call-document-add" className="border rounded p-3 p-md-4">
      <h4 id="call-document-add-title" className="h5 mb-4">
        {t("addTitle")}
      </h4>
      {done && (
        <div className="mb-4">
          <SuccessMessage testId="call-document-done">{t(`done.${done}`)}</SuccessMessage>
        </div>
      )}
      <FormAlert errorKey={error?.key} values={error?.values} />
      <input type="hidden" name="callId" value={callId} />
      <div className="select-wrapper mb-4">
        <label htmlFor="call-document-kind">{t("fields.kind")}</label>
        <select id="call-document-kind" name="kind" defaultValue="call_text" data-testid="call-document-kind">
          {callDocumentKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-group mb-4">
        <label htmlFor="call-document-title" className="active">
          {t("fields.title")}
          <span aria-hidden="true"> *</span>
        </label>
        <input
          id="call-document-title"
          name="title"
          type="text"
          className={`form-control${fieldErrors?.title ? " is-invalid" : ""}`}
          maxLength={200}
          required
          aria-required
          aria-invalid={fieldErrors?.title ? true : undefined}
          aria-describedby={fieldErrors?.title ? "call-document-title-error" : undefined}
          data-testid="call-document-title"
        />
        <FieldError id="call-document-title" keys={fieldErrors?.title} />
      </div>
      <FileInput id="call-document-file" label={t("fields.file")} errors={fieldErrors?.file} />
      {needsReason && <ReasonInput id="call-document-reason" errors={fieldErrors?.reason} />}
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="call-document-submit">
        {pending ? t("adding") : t("add")}
      </button>
    </form>
  );
}

/** Replace (new version) and, on a draft, delete: the controls beside one document. */
export function CallDocumentControls({ documentId, title, needsReason, canDelete }: { documentId: string; title: string; needsReason: boolean; canDelete: boolean }) {
  const t = useTranslations("documents");
  const uid = useId().replace(/:/g, "");
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<Done>();
  const opener = useRef<HTMLButtonElement>(null);
  const { submit, pending, error, fieldErrors } = useUpload((d) => {
    setDone(d);
    setOpen(false);
  });
  const router = useRouter();
  const [deleting, startDelete] = useTransition();
  const [deleteError, setDeleteError] = useState<string>();
  const remove = () =>
    startDelete(async () => {
      const result = await deleteCallDocumentAction({ documentId });
      if (!result.ok) return setDeleteError(result.error);
      router.refresh();
    });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit(event.currentTarget, replaceCallDocumentAction, "replaced");
  };
  return (
    <div className="mt-2" data-testid="call-document-controls">
      {done && <SuccessMessage testId="call-document-done">{t(`done.${done}`)}</SuccessMessage>}
      <FormAlert errorKey={deleteError} />
      {!open ? (
        <div className="d-flex flex-wrap gap-2">
          <button
            ref={opener}
            type="button"
            className="btn btn-outline-primary btn-sm"
            aria-label={t("replaceLabel", { title })}
            aria-expanded={false}
            onClick={() => {
              setDone(undefined);
              setOpen(true);
            }}
            data-testid="call-document-replace"
          >
            {t("replace")}
          </button>
          {canDelete && (
            <ConfirmButton
              className="btn btn-outline-danger btn-sm"
              ariaLabel={t("deleteLabel", { title })}
              disabled={deleting}
              onConfirm={remove}
              tone="danger"
              title={t("deleteConfirm.title")}
              message={t("deleteConfirm.message", { title })}
              confirmLabel={t("deleteConfirm.confirm")}
            >
              {t("delete")}
            </ConfirmButton>
          )}
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate className="border rounded p-3 mt-2" aria-labelledby={`${uid}-title`} data-testid="call-document-replace-form">
          <h4 id={`${uid}-title`} className="h6">
            {t("replaceTitle", { title })}
          </h4>
          <FormAlert errorKey={error?.key} values={error?.values} />
          <input type="hidden" name="documentId" value={documentId} />
          <FileInput id={`${uid}-file`} label={t("fields.replaceFile")} errors={fieldErrors?.file} focus />
          {needsReason && <ReasonInput id={`${uid}-reason`} errors={fieldErrors?.reason} />}
          <div className="d-flex flex-wrap gap-2">
            <button type="submit" className="btn btn-primary btn-sm" disabled={pending} data-testid="call-document-replace-submit">
              {pending ? t("adding") : t("replaceSubmit")}
            </button>
            <button
              type="button"
              className="btn btn-outline-secondary btn-sm"
              onClick={() => {
                setOpen(false);
                requestAnimationFrame(() => opener.current?.focus());
              }}
            >
              {t("cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
