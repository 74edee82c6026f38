"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { recordAttendanceAction } from "@/lib/meetings/actions";
import { useMeetingAction } from "./use-action";

type Invitee = { organisationId: string; legalName: string; answer: "attending" | "not_attending" | null; attended: boolean | null };

/** The promoter ticks the invited organisations that attended (after the start). */
export function RecordAttendanceForm({ meetingId, invitees }: { meetingId: string; invitees: Invitee[] }) {
  const t = useTranslations("meetings.record");
  const [ticked, setTicked] = useState<Set<string>>(() => new Set(invitees.filter((i) => i.attended ?? i.answer === "attending").map((i) => i.organisationId)));
  const { run, pending, error, done } = useMeetingAction();
  const toggle = (id: string) =>
    setTicked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form
      noValidate
      data-testid="meeting-record-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => recordAttendanceAction({ meetingId, attended: [...ticked] }));
      }}
    >
      <FormAlert errorKey={error} />
      {done && <SuccessMessage testId="meeting-attendance-saved">{t("saved")}</SuccessMessage>}
      <fieldset className="mb-3" aria-describedby="record-hint">
        <legend className="h6">{t("legend")}</legend>
        <p id="record-hint" className="small">
          {t("hint")}
        </p>
        {invitees.map((i) => (
          <div className="form-check" key={i.organisationId}>
            <input className="form-check-input" type="checkbox" id={`attended-${i.organisationId}`} checked={ticked.has(i.organisationId)} onChange={() => toggle(i.organisationId)} />
            <label className="form-check-label" htmlFor={`attended-${i.organisationId}`}>
              {i.legalName} <span className="small">({t("answered", { answer: i.answer ?? "none" })})</span>
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
