"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import type { ActionResult } from "@/lib/action";
import { createCallAction, publishCallAction, updateCallAction } from "@/lib/calls/actions";
import { validateCallRules } from "@/lib/calls/policy";
import { callFieldsSchema, callSectors, callThemes, votingMethods, type CallFields, type CallFieldsInput } from "@/lib/calls/schemas";
import { organisationKinds, sizeClasses } from "@/lib/organisations/schemas";
import { CheckboxGroup } from "./checkbox-group";
import { TextAreaField } from "./text-area-field";

type Props = { coalitionId: string; slug: string; callId?: string; defaultValues: CallFieldsInput };

/**
 * The call form: "Save draft" checks formats only; "Publish" also checks that the rules
 * fit together (the same validateCallRules the server runs) and shows every problem at once.
 */
export function CallForm({ coalitionId, slug, callId: initialCallId, defaultValues }: Props) {
  const t = useTranslations("calls");
  const to = useTranslations("organisations");
  const router = useRouter();
  const [callId, setCallId] = useState(initialCallId);
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState<"draft" | "publish" | null>(null);
  const { register, handleSubmit, formState, setError, getValues } = useForm<CallFieldsInput, unknown, CallFields>({
    resolver: zodResolver(callFieldsSchema),
    defaultValues,
  });
  const errors = formState.errors;

  const showFailure = (result: Extract<ActionResult<unknown>, { ok: false }>) => {
    applyServerErrors(setError, result.fieldErrors);
    setFormError(result.error);
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

  const onDraft = handleSubmit(async () => {
    setFormError(undefined);
    setBusy("draft");
    const id = await save();
    setBusy(null);
    if (!id) return;
    router.push(`/coalitions/${slug}/calls/${id}`);
    router.refresh();
  });

  const onPublish = handleSubmit(async (fields) => {
    setFormError(undefined);
    const problems = validateCallRules(fields, new Date());
    if (Object.keys(problems).length > 0) {
      applyServerErrors(setError, problems);
      setFormError("callRulesInvalid");
      return;
    }
    setBusy("publish");
    const id = await save();
    if (!id) {
      setBusy(null);
      return;
    }
    const result = await publishCallAction({ callId: id });
    setBusy(null);
    if (!result.ok) {
      showFailure(result);
      return;
    }
    router.push(`/coalitions/${slug}/calls/${id}`);
    router.refresh();
  });

  const kindOptions = organisationKinds.map((k) => ({ value: k, label: to(`kinds.${k}`) }));
  return (
    <form onSubmit={onDraft} noValidate aria-busy={busy !== null} data-testid="call-form">
      <FormAlert errorKey={formError} />
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
        <button type="submit" className="btn btn-outline-primary" disabled={busy !== null}>
          {busy === "draft" ? t("saving") : t("saveDraft")}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={onPublish}>
          {busy === "publish" ? t("publishing") : t("publish")}
        </button>
      </div>
    </form>
  );
}
