"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { useRun } from "@/components/form/use-run";
import { fileKinds } from "@/lib/documents/file-type";
import { addAttachmentRequirementAction, removeAttachmentRequirementAction, updateAttachmentRequirementAction } from "@/lib/documents/requirement-actions";
import { attachmentScopes, requirementFieldsSchema, type RequirementFields, type RequirementFieldsInput } from "@/lib/documents/requirement-schemas";
import type { RequirementView } from "@/lib/documents/requirements";
import { CheckboxGroup } from "../../../_components/checkbox-group";
import { TextAreaField } from "../../../_components/text-area-field";

type Props = { callId: string; requirements: RequirementView[]; editable: boolean };

/** A promoter's list of the attachments a proposal needs; on a draft call, add, edit and remove. */
export function RequirementsPanel({ callId, requirements, editable }: Props) {
  const t = useTranslations("attachments");
  const [editing, setEditing] = useState<RequirementView | null>(null);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useRun();
  return (
    <section aria-labelledby="requirements-title" className="mt-5 p-4 border rounded" id="requirements" data-testid="requirements-panel">
      <h2 id="requirements-title" className="h3">
        {t("requirements.title")}
      </h2>
      <p>{editable ? t("requirements.intro") : t("requirements.frozen")}</p>
      <FormAlert errorKey={error?.key} values={error?.values} />
      {requirements.length === 0 ? (
        <p data-testid="requirements-none">{t("requirements.none")}</p>
      ) : (
        <ul className="list-unstyled" data-testid="requirements-list">
          {requirements.map((r) => (
            <li key={r.id} className="border-bottom py-3" data-testid="requirement-item">
              <RequirementSummary requirement={r} />
              {editable && (
                <div className="d-flex flex-wrap gap-2 mt-2">
                  <button
                    type="button"
                    className="btn btn-outline-primary btn-sm"
                    aria-label={t("requirements.editLabel", { title: r.title })}
                    onClick={() => {
                      setSaved(false);
                      setEditing(r);
                    }}
                  >
                    {t("requirements.edit")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-outline-danger btn-sm"
                    disabled={pending}
                    aria-label={t("requirements.removeLabel", { title: r.title })}
                    onClick={() => run(() => removeAttachmentRequirementAction({ requirementId: r.id }), () => editing?.id === r.id && setEditing(null))}
                  >
                    {t("requirements.remove")}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {saved && (
        <p role="status" className="text-success fw-semibold">
          {t("requirements.saved")}
        </p>
      )}
      {editable && (
        <RequirementForm
          key={editing?.id ?? "new"}
          callId={callId}
          editing={editing}
          onDone={() => {
            setEditing(null);
            setSaved(true);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}

/** Title, who provides it, formats and signature, in one readable block (also used read-only). */
export function RequirementSummary({ requirement: r }: { requirement: Pick<RequirementView, "title" | "scope" | "description" | "allowedTypes" | "signatureRequired"> }) {
  const t = useTranslations("attachments");
  const types = r.allowedTypes.length ? r.allowedTypes.map((k) => t(`kinds.${k}` as "kinds.pdf")).join(", ") : t("anyType");
  return (
    <>
      <p className="fw-semibold mb-1">{r.title}</p>
      <p className="mb-1">{t(`scopes.${r.scope}`)}</p>
      <p className="mb-1">
        {t("formats", { types })}
        {r.signatureRequired && <> · {t("signed")}</>}
      </p>
      {r.description && <p className="mb-0 text-muted">{r.description}</p>}
    </>
  );
}

function RequirementForm({ callId, editing, onDone, onCancel }: { callId: string; editing: RequirementView | null; onDone: () => void; onCancel: () => void }) {
  const t = useTranslations("attachments");
  const { run, pending, error } = useRun();
  const form = useForm<RequirementFieldsInput, unknown, RequirementFields>({
    resolver: zodResolver(requirementFieldsSchema),
    defaultValues: editing
      ? {
          scope: editing.scope,
          title: editing.title,
          description: editing.description,
          allowedTypes: editing.allowedTypes as RequirementFields["allowedTypes"],
          signatureRequired: editing.signatureRequired,
        }
      : { scope: "proposal", title: "", description: "", allowedTypes: [], signatureRequired: false },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((values) =>
    run(async () => {
      const result = editing
        ? await updateAttachmentRequirementAction({ requirementId: editing.id, ...values })
        : await addAttachmentRequirementAction({ callId, ...values });
      if (!result.ok) applyServerErrors(form.setError, result.fieldErrors);
      return result;
    }, () => {
      form.reset();
      onDone();
    }),
  );
  return (
    <form onSubmit={submit} noValidate className="mt-4" data-testid="requirement-form" aria-labelledby="requirement-form-title">
      <h3 id="requirement-form-title" className="h5">
        {editing ? t("requirements.editTitle", { title: editing.title }) : t("requirements.addTitle")}
      </h3>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <fieldset className="mb-4" id="requirement-scope">
        <legend className="h6 mb-2">{t("requirements.scope")}</legend>
        {attachmentScopes.map((s) => (
          <div className="form-check my-1" key={s}>
            <input id={`requirement-scope-${s}`} type="radio" value={s} {...form.register("scope")} />
            <label htmlFor={`requirement-scope-${s}`}>{t(`scopes.${s}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextField id="requirement-title" label={t("requirements.fieldTitle")} required registration={form.register("title")} error={errors.title} maxLength={200} />
      <TextAreaField id="requirement-description" label={t("requirements.description")} registration={form.register("description")} error={errors.description} rows={2} />
      <CheckboxGroup
        id="requirement-types"
        legend={t("requirements.allowedTypes")}
        hint={t("requirements.allowedTypesHint")}
        options={fileKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        registration={form.register("allowedTypes")}
        error={errors.allowedTypes}
      />
      <div className="form-check mb-4">
        <input id="requirement-signature" type="checkbox" {...form.register("signatureRequired")} />
        <label htmlFor="requirement-signature">{t("requirements.signatureRequired")}</label>
      </div>
      <div className="d-flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {editing ? t("requirements.save") : t("requirements.add")}
        </button>
        {editing && (
          <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
            {t("requirements.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
