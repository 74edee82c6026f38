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
import { declareConflictAction, saveEvaluationScoresAction, submitEvaluationReviewAction } from "@/lib/evaluation/committee-actions";
import { JUSTIFICATION_MAX } from "@/lib/evaluation/committee-schemas";
import { useFailureFocus } from "../../../_components/use-failure-focus";

/** The two declarations: none (then score) or a conflict (confirmed: it excludes). */
export function Declaration({ callId, proposalId }: { callId: string; proposalId: string }) {
  const t = useTranslations("committee.review");
  const { run, pending, error } = useRun();
  return (
    <div>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <div className="d-flex flex-wrap gap-3">
        <button type="button" className="btn btn-primary" disabled={pending} onClick={() => run(() => declareConflictAction({ callId, proposalId, conflict: false }))}>
          {t("declareNone")}
        </button>
        <ConfirmButton
          className="btn btn-outline-danger"
          disabled={pending}
          onConfirm={() => run(() => declareConflictAction({ callId, proposalId, conflict: true }))}
          title={t("conflictConfirm.title")}
          message={t("conflictConfirm.message")}
          confirmLabel={t("conflictConfirm.confirm")}
          tone="danger"
        >
          {t("declareConflict")}
        </ConfirmButton>
      </div>
    </div>
  );
}

type Criterion = { id: string; name: string; description: string; maxPoints: number };
type Values = { scores: { criterionId: string; points: string; justification: string }[] };

/** Points and a justification per criterion: saved as a draft, or submitted (confirmed, then frozen). */
export function ScoresForm({ callId, proposalId, criteria, scores }: { callId: string; proposalId: string; criteria: Criterion[]; scores: { criterionId: string; points: number; justification: string }[] }) {
  const t = useTranslations("committee.review");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { register, formState, setError, clearErrors, getValues, reset } = useForm<Values>({
    defaultValues: {
      scores: criteria.map((c) => {
        const s = scores.find((x) => x.criterionId === c.id);
        return { criterionId: c.id, points: s ? String(s.points) : "", justification: s?.justification ?? "" };
      }),
    },
  });

  /** The browser's own checks, the same as the server's: whole numbers within the criterion, and for submission every field. */
  const check = (forSubmit: boolean) => {
    clearErrors();
    let ok = true;
    getValues("scores").forEach((s, i) => {
      const max = criteria[i].maxPoints;
      const p = s.points.trim();
      if (p !== "" && (!/^\d{1,4}$/.test(p) || Number(p) > max)) {
        setError(`scores.${i}.points`, { message: "evaluationPointsRange" });
        ok = false;
      } else if (forSubmit && p === "") {
        setError(`scores.${i}.points`, { message: "required" });
        ok = false;
      }
      if (s.justification.length > JUSTIFICATION_MAX) {
        setError(`scores.${i}.justification`, { message: "tooLong" });
        ok = false;
      } else if (forSubmit && s.justification.trim() === "") {
        setError(`scores.${i}.justification`, { message: "required" });
        ok = false;
      }
    });
    if (!ok) failed();
    return ok;
  };

  const send = async (submit: boolean) => {
    setFormError(undefined);
    setNotice(undefined);
    if (!check(submit)) return;
    setBusy(true);
    const input = { callId, proposalId, scores: getValues("scores") };
    const result = submit ? await submitEvaluationReviewAction(input) : await saveEvaluationScoresAction(input);
    setBusy(false);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      setFormError(result.error);
      failed();
      return;
    }
    reset(getValues());
    if (!submit) setNotice(t("saved"));
    router.refresh();
  };

  const errors = formState.errors.scores ?? [];
  const items = criteria.flatMap((c, i) => [
    ...(errors[i]?.points?.message ? [{ id: `score-${i}-points`, label: `${c.name} — ${t("points", { max: c.maxPoints })}`, message: errors[i]!.points!.message! }] : []),
    ...(errors[i]?.justification?.message ? [{ id: `score-${i}-justification`, label: `${c.name} — ${t("justification")}`, message: errors[i]!.justification!.message! }] : []),
  ]);

  const { ref: summary, failed } = useFailureFocus(items.length);
  return (
    <form
      noValidate
      aria-labelledby="criteria-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send(false);
      }}
    >
      <ErrorSummary ref={summary} items={items} />
      <FormAlert errorKey={items.length ? undefined : formError} />
      {notice && <SuccessMessage testId="review-saved">{notice}</SuccessMessage>}
      {criteria.map((c, i) => (
        <fieldset key={c.id} className="border rounded p-3 mb-4" data-testid="criterion">
          <legend className="h5 float-none w-auto px-1 mb-1">{c.name}</legend>
          <p className="small mb-3">
            {c.description ? `${c.description} — ` : ""}
            {t("maxPoints", { max: c.maxPoints })}
          </p>
          <input type="hidden" {...register(`scores.${i}.criterionId`)} />
          <TextField id={`score-${i}-points`} label={t("points", { max: c.maxPoints })} inputMode="numeric" maxLength={4} autoComplete="off" registration={register(`scores.${i}.points`)} error={errors[i]?.points} />
          <TextAreaField
            id={`score-${i}-justification`}
            label={t("justification")}
            hint={t("justificationHint")}
            rows={4}
            maxLength={JUSTIFICATION_MAX}
            registration={register(`scores.${i}.justification`)}
            error={errors[i]?.justification}
          />
        </fieldset>
      ))}
      <div className="d-flex flex-wrap gap-3">
        <button type="submit" className="btn btn-outline-primary" disabled={busy}>
          {busy ? t("saving") : t("saveDraft")}
        </button>
        <ConfirmButton className="btn btn-primary" disabled={busy} onConfirm={() => void send(true)} title={t("submitConfirm.title")} message={t("submitConfirm.message")} confirmLabel={t("submitConfirm.confirm")}>
          {t("submit")}
        </ConfirmButton>
      </div>
    </form>
  );
}
