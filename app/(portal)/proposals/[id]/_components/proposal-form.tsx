"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { updateProposalAction } from "@/lib/proposals/actions";
import { proposalFieldsSchema, type ProposalFields, type ProposalFieldsInput } from "@/lib/proposals/schemas";
import { useUnsavedWarning } from "@/components/form/use-unsaved-warning";

type Props = {
  proposalId: string;
  version: number;
  defaults: ProposalFieldsInput;
  themes: string[];
  sectors: string[];
  kinds: string[];
  readOnly: boolean;
};

/** The description of a draft: what, why, for whom, with measurable indicators and milestones. */
export function ProposalForm({ proposalId, version, defaults, themes, sectors, kinds, readOnly }: Props) {
  const t = useTranslations("proposals");
  const tc = useTranslations("calls");
  const to = useTranslations("organisations");
  const errorText = useErrorText();
  const router = useRouter();
  const [formError, setFormError] = useState<{ key: string; values?: Record<string, string | number> }>();
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, control, getValues, reset } = useForm<ProposalFieldsInput, unknown, ProposalFields>({
    resolver: zodResolver(proposalFieldsSchema),
    defaultValues: defaults,
  });
  const indicators = useFieldArray({ control, name: "indicators" });
  const milestones = useFieldArray({ control, name: "milestones" });
  const errors = formState.errors;
  useUnsavedWarning(formState.isDirty && !formState.isSubmitting);

  // The server parses the same text the browser validated, so it gets the raw values.
  const onSubmit = handleSubmit(async () => {
    setFormError(undefined);
    setSaved(false);
    const result = await updateProposalAction({ ...getValues(), proposalId, version });
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError({ key: result.error, values: result.values });
      return;
    }
    // What was saved is the new baseline: leaving now loses nothing.
    reset(getValues());
    setSaved(true);
    router.refresh();
  });

  const textarea = (name: "summary" | "problem" | "objectives", rows = 4) => (
    <div className="form-group mb-4">
      <label htmlFor={name} className="active">
        {t(name)}
      </label>
      <textarea id={name} className="form-control" rows={rows} readOnly={readOnly} {...register(name)} aria-describedby={errors[name] ? `${name}-error` : undefined} />
      {errors[name] && (
        <div id={`${name}-error`} className="field-error" role="alert">
          {errorText(errors[name]?.message)}
        </div>
      )}
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting} aria-labelledby="description-title">
      <h2 id="description-title" className="h3">
        {t("descriptionTitle")}
      </h2>
      <FormAlert errorKey={formError?.key} values={formError?.values} />
      {/* Once the proposal is frozen an earlier "Saved." would be stale news. */}
      {saved && !readOnly && (
        <div className="alert alert-success" role="status">
          {t("saved")}
        </div>
      )}
      <fieldset disabled={readOnly}>
        <TextField id="title" label={t("title")} required registration={register("title")} error={errors.title} />
        {textarea("summary")}
        {textarea("problem")}
        <SelectField
          id="solutionType"
          label={t("solutionType")}
          placeholder={t("choose")}
          registration={register("solutionType")}
          error={errors.solutionType}
          options={themes.map((theme) => ({ value: theme, label: tc(`themes.${theme}` as "themes.erp") }))}
        />
        {textarea("objectives")}

        <fieldset id="indicators" className="mb-4">
          <legend className="h5">{t("indicators")}</legend>
          {indicators.fields.map((field, i) => (
            <div key={field.id} className="row g-2 align-items-end mb-2" data-testid="indicator-row">
              <div className="col-md-4">
                <TextField id={`indicators.${i}.name`} label={t("indicatorName")} registration={register(`indicators.${i}.name`)} error={errors.indicators?.[i]?.name} />
              </div>
              <div className="col-md-2">
                <TextField id={`indicators.${i}.baseline`} label={t("indicatorBaseline")} registration={register(`indicators.${i}.baseline`)} error={errors.indicators?.[i]?.baseline} />
              </div>
              <div className="col-md-2">
                <TextField id={`indicators.${i}.target`} label={t("indicatorTarget")} registration={register(`indicators.${i}.target`)} error={errors.indicators?.[i]?.target} />
              </div>
              <div className="col-md-2">
                <TextField id={`indicators.${i}.unit`} label={t("indicatorUnit")} registration={register(`indicators.${i}.unit`)} error={errors.indicators?.[i]?.unit} />
              </div>
              <div className="col-md-2 mb-4">
                <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => indicators.remove(i)} aria-label={t("removeIndicator", { n: i + 1 })}>
                  {t("remove")}
                </button>
              </div>
            </div>
          ))}
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => indicators.append({ name: "", baseline: "", target: "", unit: "" })}>
            {t("addIndicator")}
          </button>
        </fieldset>

        <fieldset id="milestones" className="mb-4">
          <legend className="h5">{t("milestones")}</legend>
          {milestones.fields.map((field, i) => (
            <div key={field.id} className="row g-2 align-items-end mb-2" data-testid="milestone-row">
              <div className="col-md-7">
                <TextField id={`milestones.${i}.title`} label={t("milestoneTitle")} registration={register(`milestones.${i}.title`)} error={errors.milestones?.[i]?.title} />
              </div>
              <div className="col-md-3">
                <TextField id={`milestones.${i}.month`} label={t("milestoneMonth")} inputMode="numeric" registration={register(`milestones.${i}.month`)} error={errors.milestones?.[i]?.month} />
              </div>
              <div className="col-md-2 mb-4">
                <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => milestones.remove(i)} aria-label={t("removeMilestone", { n: i + 1 })}>
                  {t("remove")}
                </button>
              </div>
            </div>
          ))}
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => milestones.append({ title: "", month: "" })}>
            {t("addMilestone")}
          </button>
        </fieldset>

        <TextField id="durationMonths" label={t("durationMonths")} inputMode="numeric" registration={register("durationMonths")} error={errors.durationMonths} />

        <fieldset id="sectors" className="mb-4">
          <legend className="h5">{t("sectors")}</legend>
          {sectors.map((sector) => (
            <div className="form-check form-check-inline" key={sector}>
              <input id={`sector-${sector}`} type="checkbox" value={sector} {...register("sectors")} />
              <label htmlFor={`sector-${sector}`}>{tc(`sectors.${sector}` as "sectors.industry")}</label>
            </div>
          ))}
        </fieldset>

        <fieldset id="lookingForKinds" className="mb-4">
          <legend className="h5">{t("lookingFor")}</legend>
          <p className="form-hint">{t("lookingForHint")}</p>
          {kinds.map((kind) => (
            <div className="form-check form-check-inline" key={kind}>
              <input id={`looking-${kind}`} type="checkbox" value={kind} {...register("lookingForKinds")} />
              <label htmlFor={`looking-${kind}`}>{to(`kinds.${kind}` as "kinds.firm")}</label>
            </div>
          ))}
        </fieldset>

        {!readOnly && (
          <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t("saving") : t("saveDescription")}
          </button>
        )}
      </fieldset>
    </form>
  );
}
