"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { answerAttendanceAction } from "@/lib/meetings/actions";
import { useMeetingAction } from "./use-action";

type Organisation = { organisationId: string; legalName: string; answer: "attending" | "not_attending" | null };

/** One invited organisation's answer: will it attend? Changeable until the start (the server checks). */
export function AnswerForm({ meetingId, organisation }: { meetingId: string; organisation: Organisation }) {
  const t = useTranslations("meetings.answer");
  const [answer, setAnswer] = useState(organisation.answer ?? "");
  const { run, pending, error, done } = useMeetingAction();
  const name = `answer-${organisation.organisationId}`;
  return (
    <form
      noValidate
      className="mb-3"
      data-testid="meeting-answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => answerAttendanceAction({ meetingId, organisationId: organisation.organisationId, answer }));
      }}
    >
      <FormAlert errorKey={error} />
      {done && <SuccessMessage testId="meeting-answer-saved">{t("saved")}</SuccessMessage>}
      <fieldset className="mb-3">
        <legend className="h6">{t("legend", { organisation: organisation.legalName })}</legend>
        {(["attending", "not_attending"] as const).map((value) => (
          <div className="form-check" key={value}>
            <input className="form-check-input" type="radio" name={name} id={`${name}-${value}`} value={value} checked={answer === value} onChange={() => setAnswer(value)} />
            <label className="form-check-label" htmlFor={`${name}-${value}`}>
              {t(value)}
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={pending || answer === ""}>
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
