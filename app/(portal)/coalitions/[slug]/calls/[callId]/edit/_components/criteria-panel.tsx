"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch, type FieldError } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { useRun } from "@/components/form/use-run";
import { addCriterionAction, moveCriterionAction, removeCriterionAction, setEvaluationRuleAction, updateCriterionAction } from "@/lib/evaluation/criteria-actions";
import {
  criterionFieldsSchema,
  evaluationModes,
  evaluationRuleFieldsSchema,
  MAX_CRITERIA_PER_CALL,
  type CriterionFields,
  type CriterionFieldsInput,
  type EvaluationRuleFields,
  type EvaluationRuleFieldsInput,
} from "@/lib/evaluation/criteria-schemas";
import type { CriterionView } from "@/lib/evaluation/criteria";
import { TextAreaField } from "../../../_components/text-area-field";

type Rule = { mode: (typeof evaluationModes)[number]; minTotal: number; weightBp: number };
type Props = { callId: string; criteria: CriterionView[]; rule: Rule; editable: boolean };

/** A promoter's evaluation criteria and combination rule; on a draft call, add, edit, reorder and remove (issue 14). */
export function CriteriaPanel({ callId, criteria, rule, editable }: Props) {
  const t = useTranslations("evaluation.panel");
  const tm = useTranslations("evaluation.modes");
  const [editing, setEditing] = useState<CriterionView | null>(null);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useRun();
  const max = criteria.reduce((s, c) => s + c.maxPoints, 0);
  return (
    <section aria-labelledby="criteria-title" className="mt-5 p-4 border rounded" id="criteria" data-testid="criteria-panel">
      <h2 id="criteria-title" className="h3">
        {t("title")}
      </h2>
      <p>{editable ? t("intro") : t("frozen")}</p>
      <p data-testid="criteria-rule">{t("current", { mode: tm(rule.mode) })}</p>
      <FormAlert errorKey={error?.key} values={error?.values} />
      {criteria.length === 0 ? (
        <p data-testid="criteria-none">{t("none")}</p>
      ) : (
        <ol className="ps-3" data-testid="criteria-list">
          {criteria.map((c, i) => (
            <li key={c.id} className="border-bottom py-3" data-testid="criterion-item">
              <p className="fw-semibold mb-1">
                {c.name} — {t("points", { points: c.maxPoints })}
              </p>
              {c.description && <p className="mb-1 text-muted">{c.description}</p>}
              {editable && (
                <div className="d-flex flex-wrap gap-2 mt-2">
                  <button
                    type="button"
                    className="btn btn-outline-primary btn-sm"
                    aria-label={t("editLabel", { name: c.name })}
                    onClick={() => {
                      setSaved(false);
                      setEditing(c);
                    }}
                  >
                    {t("edit")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-outline-secondary btn-sm"
                    disabled={pending || i === 0}
                    aria-label={t("upLabel", { name: c.name })}
                    onClick={() => run(() => moveCriterionAction({ criterionId: c.id, direction: "up" }))}
                  >
                    {t("up")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-outline-secondary btn-sm"
                    disabled={pending || i === criteria.length - 1}
                    aria-label={t("downLabel", { name: c.name })}
                    onClick={() => run(() => moveCriterionAction({ criterionId: c.id, direction: "down" }))}
                  >
                    {t("down")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-outline-danger btn-sm"
                    disabled={pending}
                    aria-label={t("removeLabel", { name: c.name })}
                    onClick={() => run(() => removeCriterionAction({ criterionId: c.id }), () => editing?.id === c.id && setEditing(null))}
                  >
                    {t("remove")}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <p data-testid="criteria-sum">{t("sum", { max, count: criteria.length, limit: MAX_CRITERIA_PER_CALL })}</p>
      {saved && (
        <p role="status" className="text-success fw-semibold" data-testid="criteria-saved">
          {t("saved")}
        </p>
      )}
      {editable && criteria.length < MAX_CRITERIA_PER_CALL + (editing ? 1 : 0) && (
        <CriterionForm
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
      {editable && <RuleForm callId={callId} rule={rule} max={max} />}
    </section>
  );
}

function CriterionForm({ callId, editing, onDone, onCancel }: { callId: string; editing: CriterionView | null; onDone: () => void; onCancel: () => void }) {
  const t = useTranslations("evaluation.panel");
  const { run, pending, error } = useRun();
  const form = useForm<CriterionFieldsInput, unknown, CriterionFields>({
    resolver: zodResolver(criterionFieldsSchema),
    defaultValues: editing ? { name: editing.name, description: editing.description, maxPoints: editing.maxPoints } : { name: "", description: "", maxPoints: 25 },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((values) =>
    run(
      async () => {
        const result = editing ? await updateCriterionAction({ criterionId: editing.id, ...values }) : await addCriterionAction({ callId, ...values });
        if (!result.ok) applyServerErrors(form.setError, result.fieldErrors);
        return result;
      },
      () => {
        form.reset();
        onDone();
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate className="mt-4" data-testid="criterion-form" aria-labelledby="criterion-form-title">
      <h3 id="criterion-form-title" className="h5">
        {editing ? t("editTitle", { name: editing.name }) : t("addTitle")}
      </h3>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <TextField id="criterion-name" label={t("name")} required registration={form.register("name")} error={errors.name} maxLength={120} />
      <TextAreaField id="criterion-description" label={t("description")} registration={form.register("description")} error={errors.description} rows={2} />
      <TextField
        id="criterion-max-points"
        label={t("maxPoints")}
        hint={t("maxPointsHint")}
        required
        inputMode="numeric"
        registration={form.register("maxPoints")}
        error={errors.maxPoints as FieldError | undefined}
        maxLength={4}
      />
      <div className="d-flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {editing ? t("save") : t("add")}
        </button>
        {editing && (
          <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function RuleForm({ callId, rule, max }: { callId: string; rule: Rule; max: number }) {
  const t = useTranslations("evaluation.panel");
  const tm = useTranslations("evaluation.modes");
  const { run, pending, error } = useRun();
  const [saved, setSaved] = useState(false);
  const form = useForm<EvaluationRuleFieldsInput, unknown, EvaluationRuleFields>({
    resolver: zodResolver(evaluationRuleFieldsSchema),
    defaultValues: { mode: rule.mode, minTotal: rule.minTotal, weightPercent: Math.round(rule.weightBp / 100) },
  });
  const { errors } = form.formState;
  const mode = useWatch({ control: form.control, name: "mode" });
  const submit = form.handleSubmit((values) =>
    run(
      async () => {
        setSaved(false);
        const result = await setEvaluationRuleAction({ callId, ...values });
        if (!result.ok) applyServerErrors(form.setError, result.fieldErrors);
        return result;
      },
      () => setSaved(true),
    ),
  );
  return (
    <form onSubmit={submit} noValidate className="mt-4" data-testid="evaluation-rule-form" aria-labelledby="evaluation-rule-title">
      <h3 id="evaluation-rule-title" className="h5">
        {t("ruleTitle")}
      </h3>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <fieldset className="mb-4" id="evaluation-mode">
        <legend className="h6 mb-2">{t("mode")}</legend>
        {evaluationModes.map((m) => (
          <div className="form-check my-1" key={m}>
            <input id={`evaluation-mode-${m}`} type="radio" value={m} {...form.register("mode")} />
            <label htmlFor={`evaluation-mode-${m}`}>{tm(m)}</label>
          </div>
        ))}
      </fieldset>
      {mode !== "none" && (
        <TextField
          id="evaluation-min-total"
          label={t("minTotal")}
          hint={t("minTotalHint", { max })}
          inputMode="numeric"
          registration={form.register("minTotal")}
          error={errors.minTotal as FieldError | undefined}
          maxLength={5}
        />
      )}
      {mode === "weighted" && (
        <TextField
          id="evaluation-weight"
          label={t("weight")}
          hint={t("weightHint")}
          inputMode="numeric"
          registration={form.register("weightPercent")}
          error={errors.weightPercent as FieldError | undefined}
          maxLength={3}
        />
      )}
      {saved && (
        <p role="status" className="text-success fw-semibold" data-testid="evaluation-rule-saved">
          {t("ruleSaved")}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {t("saveRule")}
      </button>
    </form>
  );
}
