"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { ConfirmButton, ConfirmDialog } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { useUnsavedWarning } from "@/components/form/use-unsaved-warning";
import type { ActionResult } from "@/lib/action";
import { createCallAction, deleteDraftCallAction, publishCallAction, updateCallAction } from "@/lib/calls/actions";
import { callFormProblems } from "@/lib/calls/policy";
import { callFieldsSchema, callSectors, callThemes, votingMethods, type CallFields, type CallFieldsInput } from "@/lib/calls/schemas";
import { organisationKinds, sizeClasses } from "@/lib/organisations/schemas";
import { CheckboxGroup } from "./checkbox-group";
import { TextAreaField } from "./text-area-field";

type Props = {
  coalitionId: string;
  slug: string;
  callId?: string;
  defaultValues: CallFieldsInput;
  /** The protocol in force's priority themes the call may name (lib/protocol), plus any the draft names that an amendment dropped. */
  protocolThemes?: { key: string; label: string }[];
};

/**
 * The call form: "Save draft" checks formats only; "Publish" also checks that the rules
 * fit together (the same validateCallRules the server runs) and shows every problem at once,
 * listed in a summary at the top that takes the focus. Only the buttons save: Enter in a
 * field never does (the form has no submit button, so the browser has nothing to press).
 */
export function CallForm({ coalitionId, slug, callId: initialCallId, defaultValues, protocolThemes = [] }: Props) {
  const t = useTranslations("calls");
  const tc = useTranslations("confirm");
  const to = useTranslations("organisations");
  const errorText = useErrorText();
  const router = useRouter();
  const [callId, setCallId] = useState(initialCallId);
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState<"draft" | "publish" | "delete" | null>(null);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [failures, setFailures] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const publishRef = useRef<HTMLButtonElement>(null);
  const { register, handleSubmit, formState, setError, getValues, clearErrors, reset } = useForm<CallFieldsInput, unknown, CallFields>({
    resolver: zodResolver(callFieldsSchema),
    defaultValues,
    // The summary takes the focus after a failed submit, not the first field.
    shouldFocusError: false,
  });
  const errors = formState.errors;
  useUnsavedWarning(formState.isDirty && busy === null);

  // After each failed attempt, once the summary is drawn, the keyboard goes to it.
  useEffect(() => {
    if (failures > 0) summaryRef.current?.focus();
  }, [failures]);
  const failed = () => setFailures((n) => n + 1);

  const summary = (Object.keys(callFieldsSchema.shape) as (keyof CallFieldsInput)[])
    .filter((name) => errors[name]?.message)
    .map((name) => ({ id: name, label: t(`fields.${name}`), message: errors[name]?.message ?? "invalidInput" }));

  const showFailure = (result: Extract<ActionResult<unknown>, { ok: false }>) => {
    applyServerErrors(setError, result.fieldErrors);
    setFormError(result.error);
    failed();
  };

  /** Saves the raw form values (the server parses them with the same schema). */
  const save = async (): Promise<string | null> => {
    const values = getValues();
    if (callId) {
      const result = await updateCallAction({ callId, ...values });
      if (result.ok) return callId;
      showFailure(result);
      return null;
    }
    const result = await createCallAction({ coalitionId, ...values });
    if (!result.ok) {
      showFailure(result);
      return null;
    }
    setCallId(result.data.callId);
    // From now on this page edits the saved draft, even after a reload.
    window.history.replaceState(null, "", `/coalitions/${slug}/calls/${result.data.callId}/edit`);
    return result.data.callId;
  };

  const onDraft = handleSubmit(
    async () => {
      setFormError(undefined);
      setBusy("draft");
      const id = await save();
      if (!id) return setBusy(null);
      reset(getValues());
      router.push(`/coalitions/${slug}/calls/${id}`);
      router.refresh();
    },
    () => {
      setFormError(undefined);
      failed();
    },
  );

  /** Every problem at once (formats and rules), then the confirmation. */
  const onPublish = () => {
    setFormError(undefined);
    clearErrors();
    const problems = callFormProblems(getValues(), new Date());
    if (Object.keys(problems).length > 0) {
      applyServerErrors(setError, problems);
      setFormError("callRulesInvalid");
      failed();
      return;
    }
    setConfirmPublish(true);
  };

  const publish = async () => {
    setConfirmPublish(false);
    setBusy("publish");
    const id = await save();
    if (!id) return setBusy(null);
    const result = await publishCallAction({ callId: id });
    if (!result.ok) {
      setBusy(null);
      showFailure(result);
      return;
    }
    reset(getValues());
    router.push(`/coalitions/${slug}/calls/${id}?done=published`);
    router.refresh();
  };

  const deleteDraft = async () => {
    if (!callId) return;
    setFormError(undefined);
    setBusy("delete");
    const result = await deleteDraftCallAction({ callId });
    if (!result.ok) {
      setBusy(null);
      setFormError(result.error);
      return;
    }
    reset(getValues());
    router.push(`/coalitions/${slug}?done=callDeleted`);
    router.refresh();
  };

  // Enter in a field must not save: only the buttons do.
  const preventImplicitSubmit = (e: FormEvent) => e.preventDefault();

  const kindOptions = organisationKinds.map((k) => ({ value: k, label: to(`kinds.${k}`) }));
  return (
    <form onSubmit={preventImplicitSubmit} noValidate aria-busy={busy !== null} data-testid="call-form">
      <ErrorSummary ref={summaryRef} title={formError ? errorText(formError) : undefined} items={summary} />
      {summary.length === 0 && <FormAlert errorKey={formError} />}
      <fieldset className="mb-4">
        <legend className="h4 mb-4">{t("fieldsets.about")}</legend>
        <TextField id="title" label={t("fields.title")} registration={register("title")} error={errors.title} maxLength={200} />
        <TextAreaField
          id="description"
          label={t("fields.description")}
          hint={t("fields.descriptionHint")}
          rows={8}
          registration={register("description")}
          error={errors.description}
        />
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h4 mb-4">{t("fieldsets.tags")}</legend>
        <CheckboxGroup
          id="themes"
          legend={t("fields.themes")}
          options={callThemes.map((v) => ({ value: v, label: t(`themes.${v}`) }))}
          registration={register("themes")}
          error={errors.themes}
        />
        <CheckboxGroup
          id="sectors"
          legend={t("fields.sectors")}
          options={callSectors.map((v) => ({ value: v, label: t(`sectors.${v}`) }))}
          registration={register("sectors")}
          error={errors.sectors}
        />
        {protocolThemes.length > 0 && (
          <CheckboxGroup
            id="protocolThemes"
            legend={t("fields.protocolThemes")}
            hint={t("fields.protocolThemesHint")}
            options={protocolThemes.map((o) => ({ value: o.key, label: o.label }))}
            registration={register("protocolThemes")}
            error={errors.protocolThemes}
          />
        )}
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h4 mb-4">{t("fieldsets.money")}</legend>
        <div className="row">
          <div className="col-md-6">
            <TextField id="budget" label={t("fields.budget")} hint={t("fields.amountHint")} inputMode="decimal" registration={register("budget")} error={errors.budget} />
          </div>
          <div className="col-md-6">
            <TextField
              id="maxRequest"
              label={t("fields.maxRequest")}
              hint={t("fields.amountHint")}
              inputMode="decimal"
              registration={register("maxRequest")}
              error={errors.maxRequest}
            />
          </div>
        </div>
        <TextField
          id="minCofinancing"
          label={t("fields.minCofinancing")}
          hint={t("fields.minCofinancingHint")}
          inputMode="decimal"
          registration={register("minCofinancing")}
          error={errors.minCofinancing}
        />
        <div className="row">
          <div className="col-md-6">
            <TextField
              id="advanceMax"
              label={t("fields.advanceMax")}
              hint={t("fields.advanceMaxHint")}
              inputMode="decimal"
              registration={register("advanceMax")}
              error={errors.advanceMax}
            />
          </div>
          <div className="col-md-6">
            <TextField
              id="lineTolerance"
              label={t("fields.lineTolerance")}
              hint={t("fields.lineToleranceHint")}
              inputMode="decimal"
              registration={register("lineTolerance")}
              error={errors.lineTolerance}
            />
          </div>
        </div>
        <div className="form-check mb-4">
          <input id="allowLowerRequest" type="checkbox" aria-describedby="allowLowerRequest-hint" {...register("allowLowerRequest")} />
          <label htmlFor="allowLowerRequest">{t("fields.allowLowerRequest")}</label>
          <small id="allowLowerRequest-hint" className="form-hint d-block">
            {t("fields.allowLowerRequestHint")}
          </small>
        </div>
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h4 mb-4">{t("fieldsets.eligibility")}</legend>
        <div className="row">
          <div className="col-md-6">
            <TextField id="minPartners" label={t("fields.minPartners")} inputMode="numeric" registration={register("minPartners")} error={errors.minPartners} />
          </div>
          <div className="col-md-6">
            <TextField id="maxPartners" label={t("fields.maxPartners")} inputMode="numeric" registration={register("maxPartners")} error={errors.maxPartners} />
          </div>
        </div>
        <CheckboxGroup
          id="requiredPartnerKinds"
          legend={t("fields.requiredPartnerKinds")}
          hint={t("fields.requiredPartnerKindsHint")}
          options={kindOptions}
          registration={register("requiredPartnerKinds")}
          error={errors.requiredPartnerKinds}
        />
        <CheckboxGroup
          id="leadKinds"
          legend={t("fields.leadKinds")}
          hint={t("fields.leadKindsHint")}
          options={kindOptions}
          registration={register("leadKinds")}
          error={errors.leadKinds}
        />
        <CheckboxGroup
          id="sizeClasses"
          legend={t("fields.sizeClasses")}
          hint={t("fields.sizeClassesHint")}
          options={sizeClasses.map((s) => ({ value: s, label: to(`sizes.${s}`) }))}
          registration={register("sizeClasses")}
          error={errors.sizeClasses}
        />
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h4 mb-4">{t("fieldsets.windows")}</legend>
        <p className="form-hint mb-4">{t("fields.windowsHint")}</p>
        <div className="row">
          {(["submissionOpensAt", "submissionClosesAt", "votingOpensAt", "votingClosesAt"] as const).map((name) => (
            <div className="col-md-6" key={name}>
              <TextField id={name} type="datetime-local" label={t(`fields.${name}`)} registration={register(name)} error={errors[name]} />
            </div>
          ))}
        </div>
        <div className="row">
          <div className="col-md-6">
            <TextField
              id="questionsCloseAt"
              type="datetime-local"
              label={t("fields.questionsCloseAt")}
              hint={t("fields.questionsCloseAtHint")}
              registration={register("questionsCloseAt")}
              error={errors.questionsCloseAt}
            />
          </div>
        </div>
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h4 mb-4">{t("fieldsets.voting")}</legend>
        <SelectField
          id="votingMethod"
          label={t("fields.votingMethod")}
          registration={register("votingMethod")}
          error={errors.votingMethod}
          options={votingMethods.map((m) => ({ value: m, label: t(`votingMethods.${m}`) }))}
        />
        <TextField id="quorum" label={t("fields.quorum")} inputMode="decimal" registration={register("quorum")} error={errors.quorum} />
        <div className="form-check mb-4">
          <input id="ballotsPublic" type="checkbox" {...register("ballotsPublic")} />
          <label htmlFor="ballotsPublic">{t("fields.ballotsPublic")}</label>
        </div>
      </fieldset>

      <div className="d-flex gap-3 flex-wrap">
        <button type="button" className="btn btn-outline-primary" disabled={busy !== null} onClick={onDraft}>
          {busy === "draft" ? t("saving") : t("saveDraft")}
        </button>
        <button ref={publishRef} type="button" className="btn btn-primary" disabled={busy !== null} onClick={onPublish} aria-haspopup="dialog">
          {busy === "publish" ? t("publishing") : t("publish")}
        </button>
        {callId && (
          <ConfirmButton
            className="btn btn-outline-danger ms-md-auto"
            disabled={busy !== null}
            tone="danger"
            onConfirm={deleteDraft}
            title={tc("deleteCall.title")}
            message={tc("deleteCall.message")}
            confirmLabel={tc("deleteCall.confirm")}
          >
            {tc("deleteCall.button")}
          </ConfirmButton>
        )}
      </div>
      <ConfirmDialog
        open={confirmPublish}
        title={tc("publishCall.title")}
        message={tc("publishCall.message")}
        confirmLabel={tc("publishCall.confirm")}
        onConfirm={publish}
        onCancel={() => setConfirmPublish(false)}
        returnFocusTo={publishRef}
      />
    </form>
  );
}
