"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { useRun } from "@/components/form/use-run";
import { markAdmissibilityAction } from "@/lib/proposals/partnership-actions";

type Props = { proposalId: string; reference: string };

/** A promoter marks one proposal admissible, or inadmissible with a reason. */
export function AdmissibilityButtons({ proposalId, reference }: Props) {
  const t = useTranslations("partnerships.review");
  const errorText = useErrorText();
  const id = useId().replace(/:/g, "");
  const [reason, setReason] = useState("");
  const { run, pending, error, fieldErrors } = useRun();
  const reasonError = fieldErrors?.reason?.[0];
  return (
    <div className="d-flex flex-column gap-2" style={{ minWidth: "10rem" }}>
      <button type="button" className="btn btn-success btn-sm" disabled={pending} onClick={() => run(() => markAdmissibilityAction({ proposalId, admissible: true }))}>
        {t("admissible")}
        <span className="visually-hidden"> {reference}</span>
      </button>
      <div>
        <label htmlFor={`${id}-reason`} className="form-label small mb-0">
          {t("reason", { reference })}
        </label>
        <input
          id={`${id}-reason`}
          className={`form-control form-control-sm${reasonError ? " is-invalid" : ""}`}
          value={reason}
          maxLength={1000}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {reasonError && (
          <div id={`${id}-reason-error`} className="field-error" role="alert">
            {errorText(reasonError)}
          </div>
        )}
      </div>
      <button
        type="button"
        className="btn btn-outline-danger btn-sm"
        disabled={pending}
        onClick={() => run(() => markAdmissibilityAction({ proposalId, admissible: false, reason }), () => setReason(""))}
      >
        {t("inadmissible")}
        <span className="visually-hidden"> {reference}</span>
      </button>
      <FormAlert errorKey={error?.key} values={error?.values} />
    </div>
  );
}
