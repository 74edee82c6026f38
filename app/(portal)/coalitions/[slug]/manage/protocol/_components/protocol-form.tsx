"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useFieldArray, useForm, type FieldError } from "react-hook-form";
import { ConfirmButton } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary, type SummaryItem } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { useUnsavedWarning } from "@/components/form/use-unsaved-warning";
import { publishProtocolVersionAction, saveProtocolDraftAction } from "@/lib/protocol/actions";
import { protocolDraftFieldsSchema, THEMES_MAX, type ProtocolDraftFields, type ProtocolDraftInput } from "@/lib/protocol/schemas";
import { TextAreaField } from "../../../calls/_components/text-area-field";

type Props = {
  coalitionId: string;
  slug: string;
  /** The version this draft will publish as. */
  version: number;
  /** The saved draft, when there is one: only a saved draft is published. */
  draftId: string | null;
  defaultValues: ProtocolDraftInput;
};

/**
 * The promoter's draft of the next protocol version: title, themes (1–12), Markdown text,
 * amendment note from version 2. Saving shows the preview below; publishing (confirmed)
 * publishes the saved draft.
 */
export function ProtocolForm({ coalitionId, slug, version, draftId, defaultValues }: Props) {
  const t = useTranslations("protocol.manage");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState<"save" | "publish" | null>(null);
  const [failures, setFailures] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const { register, control, handleSubmit, formState, setError, reset, getValues } = useForm<ProtocolDraftInput, unknown, ProtocolDraftFields>({
    resolver: zodResolver(protocolDraftFieldsSchema),
    defaultValues,
    shouldFocusError: false,
  });
  const { fields, append, remove } = useFieldArray({ control, name: "themes" });
  const errors = formState.errors;
  useUnsavedWarning(formState.isDirty && busy === null);
  useEffect(() => {
    if (failures > 0) summaryRef.current?.focus();
  }, [failures]);

  const summary: SummaryItem[] = [];
  const push = (id: string, label: string, error?: { message?: string }) => error?.message && summary.push({ id, label, message: error.message });
  push("title", t("fields.title"), errors.title);
  push("themes", t("fields.themes"), errors.themes?.root ?? (errors.themes as FieldError | undefined));
  fields.forEach((_, i) => {
    const e = errors.themes?.[i];
    push(`themes-${i}-label`, t("fields.themeLabel", { n: i + 1 }), e?.label);
    push(`themes-${i}-key`, t("fields.themeKey", { n: i + 1 }), e?.key);
    push(`themes-${i}-description`, t("fields.themeDescription", { n: i + 1 }), e?.description);
  });
  push("body", t("fields.body"), errors.body);
  push("amendmentNote", t("fields.amendmentNote"), errors.amendmentNote);

  const save = handleSubmit(
    async (values) => {
      setFormError(undefined);
      setBusy("save");
      const result = await saveProtocolDraftAction({ coalitionId, ...getValues() });
      setBusy(null);
      if (!result.ok) {
        applyServerErrors(setError, result.fieldErrors);
        setFormError(result.error);
        setFailures((n) => n + 1);
        return;
      }
      reset(values);
      router.push(`/coalitions/${slug}/manage/protocol?done=saved`);
      router.refresh();
    },
    () => setFailures((n) => n + 1),
  );

  const publish = async () => {
    if (!draftId) return;
    setFormError(undefined);
    setBusy("publish");
    const result = await publishProtocolVersionAction({ versionId: draftId });
    if (!result.ok) {
      setBusy(null);
      applyServerErrors(setError, result.fieldErrors);
      setFormError(result.error);
      setFailures((n) => n + 1);
      return;
    }
    reset(getValues());
    router.push(`/coalitions/${slug}/protocol?done=published`);
    router.refresh();
  };

  const themesError = errors.themes?.root?.message ?? (errors.themes as FieldError | undefined)?.message;
  return (
    <form onSubmit={save} noValidate aria-busy={busy !== null} data-testid="protocol-form">
      <ErrorSummary ref={summaryRef} items={summary} />
      {summary.length === 0 && <FormAlert errorKey={formError} />}
      <TextField id="title" label={t("fields.title")} registration={register("title")} error={errors.title} maxLength={200} />

      <fieldset className="mb-4" id="themes" aria-describedby={`themes-hint${themesError ? " themes-error" : ""}`}>
        <legend className="h5 mb-2">{t("fields.themes")}</legend>
        <small id="themes-hint" className="form-hint d-block mb-3">
          {t("fields.themesHint")}
        </small>
        {themesError && <FormAlert errorKey={themesError} />}
        {fields.map((field, i) => (
          <div key={field.id} className="border rounded p-3 mb-3" data-testid="protocol-theme">
            <div className="row">
              <div className="col-md-7">
                <TextField id={`themes-${i}-label`} label={t("fields.themeLabel", { n: i + 1 })} registration={register(`themes.${i}.label`)} error={errors.themes?.[i]?.label} maxLength={120} />
              </div>
              <div className="col-md-5">
                <TextField
                  id={`themes-${i}-key`}
                  label={t("fields.themeKey", { n: i + 1 })}
                  hint={t("fields.themeKeyHint")}
                  registration={register(`themes.${i}.key`)}
                  error={errors.themes?.[i]?.key}
                  maxLength={40}
                />
              </div>
            </div>
            <TextField
              id={`themes-${i}-description`}
              label={t("fields.themeDescription", { n: i + 1 })}
              registration={register(`themes.${i}.description`)}
              error={errors.themes?.[i]?.description}
              maxLength={500}
            />
            {fields.length > 1 && (
              <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => remove(i)}>
                {t("fields.removeTheme", { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        {fields.length < THEMES_MAX && (
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => append({ key: "", label: "", description: "" })}>
            {t("fields.addTheme")}
          </button>
        )}
      </fieldset>

      <TextAreaField id="body" label={t("fields.body")} hint={t("fields.bodyHint")} rows={16} registration={register("body")} error={errors.body} />
      {version >= 2 && (
        <TextAreaField
          id="amendmentNote"
          label={t("fields.amendmentNote")}
          hint={t("fields.amendmentNoteHint")}
          rows={3}
          registration={register("amendmentNote")}
          error={errors.amendmentNote}
        />
      )}

      <div className="d-flex gap-3 flex-wrap align-items-center">
        <button type="submit" className="btn btn-outline-primary" disabled={busy !== null} data-testid="protocol-save">
          {busy === "save" ? t("saving") : t("save")}
        </button>
        {draftId && (
          <ConfirmButton
            className="btn btn-primary"
            disabled={busy !== null || formState.isDirty}
            onConfirm={publish}
            title={t("publishConfirmTitle", { version })}
            message={t("publishConfirmMessage", { version })}
            confirmLabel={t("publishConfirm")}
          >
            {busy === "publish" ? t("publishing") : t("publish", { version })}
          </ConfirmButton>
        )}
        {draftId && formState.isDirty && <span className="form-hint">{t("unsaved")}</span>}
      </div>
    </form>
  );
}
