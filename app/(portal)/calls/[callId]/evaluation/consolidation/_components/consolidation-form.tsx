"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { TextAreaField } from "@/app/(portal)/coalitions/[slug]/calls/_components/text-area-field";
import { ConfirmButton, SuccessMessage } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { useRun } from "@/components/form/use-run";
import { approveEvaluationAction, consolidateScoresAction } from "@/lib/evaluation/committee-actions";
import { JUSTIFICATION_MAX } from "@/lib/evaluation/committee-schemas";
import { useFailureFocus } from "../../_components/use-failure-focus";

type Values = { scores: { criterionId: string; points: string; justification: string }[] };

/** The committee's score and justification per criterion of one proposal (editable until approval). */
export function ConsolidationForm({
  callId,
  proposal,
  criteria,
}: {
  callId: string;
  proposal: { id: string; title: string };
  criteria: { id: string; name: string; maxPoints: number; consolidated: { points: number; justification: string } | null }[];
}) {
  const t = useTranslations("committee.consolidation");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const { register, handleSubmit, formState, setError, clearErrors, reset } = useForm<Values>({
    defaultValues: { scores: criteria.map((c) => ({ criterionId: c.id, points: c.consolidated ? String(c.consolidated.points) : "", justification: c.consolidated?.justification ?? "" })) },
  });
  const prefix = `c-${proposal.id}`;
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setNotice(undefined);
    clearErrors();
    let ok = true;
    values.scores.forEach((s, i) => {
      const p = s.points.trim();
      if (p === "") {
        setError(`scores.${i}.points`, { message: "required" });
        ok = false;
      } else if (!/^\d{1,4}$/.test(p) || Number(p) > criteria[i].maxPoints) {
        setError(`scores.${i}.points`, { message: "evaluationPointsRange" });
        ok = false;
      }
      if (s.justification.trim() === "") {
        setError(`scores.${i}.justification`, { message: "required" });
        ok = false;
      }
    });
    if (!ok) return void failed();
    const result = await consolidateScoresAction({ callId, proposalId: proposal.id, scores: values.scores.map((s) => ({ ...s, points: s.points.trim() })) });
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      setFormError(result.error);
      return void failed();
    }
    reset(values);
    setNotice(t("saved"));
    router.refresh();
  });
  const errors = formState.errors.scores ?? [];
  const items = criteria.flatMap((c, i) => [
    ...(errors[i]?.points?.message ? [{ id: `${prefix}-${i}-points`, label: t("consolidatedPoints", { criterion: c.name, max: c.maxPoints }), message: errors[i]!.points!.message! }] : []),
    ...(errors[i]?.justification?.message ? [{ id: `${prefix}-${i}-justification`, label: t("consolidatedJustification", { criterion: c.name }), message: errors[i]!.justification!.message! }] : []),
  ]);
  const { ref: summary, failed } = useFailureFocus(items.length);
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("saveAria", { title: proposal.title })} data-testid="consolidation-form">
      <ErrorSummary ref={summary} items={items} />
      <FormAlert errorKey={items.length ? undefined : formError} />
      {notice && <SuccessMessage testId="consolidation-saved">{notice}</SuccessMessage>}
      {criteria.map((c, i) => (
        <div key={c.id}>
          <input type="hidden" {...register(`scores.${i}.criterionId`)} />
          <TextField id={`${prefix}-${i}-points`} label={t("consolidatedPoints", { criterion: c.name, max: c.maxPoints })} inputMode="numeric" maxLength={4} autoComplete="off" registration={register(`scores.${i}.points`)} error={errors[i]?.points} />
          <TextAreaField id={`${prefix}-${i}-justification`} label={t("consolidatedJustification", { criterion: c.name })} rows={3} maxLength={JUSTIFICATION_MAX} registration={register(`scores.${i}.justification`)} error={errors[i]?.justification} />
        </div>
      ))}
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("save")}
      </button>
    </form>
  );
}

/** Approves the appraisal: an irreversible act, confirmed first. */
export function ApproveButton({ callId, disabled }: { callId: string; disabled: boolean }) {
  const t = useTranslations("committee.consolidation");
  const { run, pending, error } = useRun();
  return (
    <div>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <ConfirmButton
        className="btn btn-primary"
        disabled={disabled || pending}
        onConfirm={() => run(() => approveEvaluationAction({ callId }))}
        title={t("approveConfirm.title")}
        message={t("approveConfirm.message")}
        confirmLabel={t("approveConfirm.confirm")}
      >
        {t("approve")}
      </ConfirmButton>
    </div>
  );
}
