"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { TextAreaField } from "@/app/(portal)/coalitions/[slug]/calls/_components/text-area-field";
import { ConfirmButton, SuccessMessage } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { answerQuestionAction, correctAnswerAction, publishQuestionAction } from "@/lib/faq/actions";
import { ANSWER_MAX, answerQuestionSchema, correctAnswerSchema, QUESTION_MAX, REASON_MAX, type AnswerQuestionInput, type CorrectAnswerInput } from "@/lib/faq/schemas";

export type QuestionView = {
  id: string;
  question: string;
  publicQuestion: string | null;
  answer: string | null;
  number: number | null;
  askedAtText: string;
  answeredAtText: string | null;
  askedAtAria: string;
};

/** One question on the promoter's page: the answer form and Publish while waiting, the correction form once published. */
export function QuestionItem({ question }: { question: QuestionView }) {
  const published = question.number !== null;
  return (
    <li className="border rounded p-3 p-md-4 mb-4" data-testid="question-item" data-question-id={question.id}>
      {published ? <PublishedQuestion question={question} /> : <WaitingQuestion question={question} />}
    </li>
  );
}

function WaitingQuestion({ question }: { question: QuestionView }) {
  const t = useTranslations("faq.manage");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [publishing, setPublishing] = useState(false);
  const answered = question.answer !== null && question.publicQuestion !== null;
  const { register, handleSubmit, formState, setError, reset } = useForm<AnswerQuestionInput>({
    resolver: zodResolver(answerQuestionSchema),
    defaultValues: { questionId: question.id, publicQuestion: question.publicQuestion ?? question.question, answer: question.answer ?? "" },
  });
  const prefix = `q-${question.id}`;

  const onSave = handleSubmit(async (values) => {
    setFormError(undefined);
    setNotice(undefined);
    const result = await answerQuestionAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    reset(values);
    setNotice(t("saved"));
    router.refresh();
  });

  const publish = async () => {
    setFormError(undefined);
    setPublishing(true);
    const result = await publishQuestionAction({ questionId: question.id });
    setPublishing(false);
    if (!result.ok) return setFormError(result.error);
    router.refresh();
  };

  return (
    <>
      <p className="small mb-2">{question.askedAtText}</p>
      <h3 className="h6">{t("original")}</h3>
      <blockquote className="border-start border-3 ps-3 mb-3 text-break" style={{ whiteSpace: "pre-line" }} data-testid="question-original">
        {question.question}
      </blockquote>
      <form onSubmit={onSave} noValidate aria-label={t("save")}>
        <FormAlert errorKey={formError} />
        {notice && <SuccessMessage testId="question-saved">{notice}</SuccessMessage>}
        <input type="hidden" {...register("questionId")} />
        <TextAreaField
          id={`${prefix}-public`}
          label={t("publicQuestion")}
          hint={t("publicQuestionHint")}
          rows={3}
          maxLength={QUESTION_MAX}
          registration={register("publicQuestion")}
          error={formState.errors.publicQuestion}
        />
        <TextAreaField id={`${prefix}-answer`} label={t("answer")} rows={5} maxLength={ANSWER_MAX} registration={register("answer")} error={formState.errors.answer} />
        {question.answeredAtText && !formState.isDirty && <p className="small">{question.answeredAtText}</p>}
        <div className="d-flex flex-wrap gap-3">
          <button type="submit" className="btn btn-outline-primary" disabled={formState.isSubmitting || publishing}>
            {formState.isSubmitting ? t("saving") : t("save")}
          </button>
          {answered && !formState.isDirty && (
            <ConfirmButton
              className="btn btn-primary"
              disabled={publishing || formState.isSubmitting}
              ariaLabel={t("publishAria", { date: question.askedAtAria })}
              onConfirm={publish}
              title={t("publishConfirm.title")}
              message={t("publishConfirm.message")}
              confirmLabel={t("publishConfirm.confirm")}
            >
              {t("publish")}
            </ConfirmButton>
          )}
        </div>
      </form>
    </>
  );
}

function PublishedQuestion({ question }: { question: QuestionView }) {
  const t = useTranslations("faq.manage");
  const tf = useTranslations("faq");
  const tc = useTranslations("confirm");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const { register, formState, setError, getValues, trigger } = useForm<CorrectAnswerInput>({
    resolver: zodResolver(correctAnswerSchema),
    defaultValues: { questionId: question.id, answer: question.answer ?? "", reason: "" },
  });
  const prefix = `q-${question.id}`;

  const correct = async () => {
    setFormError(undefined);
    const result = await correctAnswerAction(getValues());
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    setOpen(false);
    setNotice(t("corrected"));
    router.refresh();
  };

  return (
    <>
      <h3 className="h5">
        {tf("entry", { number: question.number ?? 0 })}
        <span className="visually-hidden">: </span>
        <span className="d-block fw-normal mt-1 text-break" style={{ whiteSpace: "pre-line" }}>
          {question.publicQuestion}
        </span>
      </h3>
      <p className="text-break" style={{ whiteSpace: "pre-line" }}>
        <strong>{tf("answer")}: </strong>
        {question.answer}
      </p>
      <p className="small">{question.askedAtText}</p>
      {notice && <SuccessMessage testId="question-corrected">{notice}</SuccessMessage>}
      {!open ? (
        <button type="button" className="btn btn-outline-primary btn-sm" aria-label={t("correctAria", { number: question.number ?? 0 })} onClick={() => setOpen(true)}>
          {t("correct")}
        </button>
      ) : (
        <form onSubmit={(e) => e.preventDefault()} noValidate aria-label={t("correctTitle", { number: question.number ?? 0 })}>
          <FormAlert errorKey={formError} />
          <TextAreaField id={`${prefix}-new-answer`} label={t("newAnswer")} rows={5} maxLength={ANSWER_MAX} registration={register("answer")} error={formState.errors.answer} />
          <TextAreaField
            id={`${prefix}-reason`}
            label={t("reason")}
            hint={t("reasonHint")}
            rows={2}
            maxLength={REASON_MAX}
            registration={register("reason")}
            error={formState.errors.reason}
          />
          <div className="d-flex flex-wrap gap-3">
            <ConfirmButton
              className="btn btn-primary"
              onConfirm={async () => {
                if (await trigger()) await correct();
              }}
              title={t("correctConfirm.title")}
              message={t("correctConfirm.message")}
              confirmLabel={t("correctConfirm.confirm")}
            >
              {t("correct")}
            </ConfirmButton>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(false)}>
              {tc("cancel")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
