"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { cancelMeetingAction } from "@/lib/meetings/actions";
import { REASON_MAX } from "@/lib/meetings/schemas";
import { useMeetingAction } from "./use-action";

/** The promoter cancels a meeting not yet started, with a reason, after a confirmation. */
export function CancelMeetingForm({ meetingId }: { meetingId: string }) {
  const t = useTranslations("meetings.cancel");
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const { run, pending, error } = useMeetingAction();
  if (!open)
    return (
      <button type="button" className="btn btn-outline-danger" onClick={() => setOpen(true)}>
        {t("open")}
      </button>
    );
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} aria-label={t("open")}>
      <FormAlert errorKey={error} />
      <div className="form-group mb-3">
        <label htmlFor="cancel-reason" className="active">
          {t("reason")}
        </label>
        <textarea id="cancel-reason" className="form-control" rows={2} maxLength={REASON_MAX} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="d-flex flex-wrap gap-3">
        <ConfirmButton className="btn btn-danger" disabled={pending} onConfirm={() => run(() => cancelMeetingAction({ meetingId, reason }))} title={t("confirmTitle")} message={t("confirmMessage")} confirmLabel={t("confirm")}>
          {t("open")}
        </ConfirmButton>
        <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(false)}>
          {t("back")}
        </button>
      </div>
    </form>
  );
}
