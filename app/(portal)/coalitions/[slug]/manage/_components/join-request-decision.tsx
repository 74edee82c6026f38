"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { decideJoinRequestAction } from "@/lib/coalitions/actions";
import { RoleWeightFields } from "./role-weight-fields";
import { useRun } from "@/components/form/use-run";

export function JoinRequestDecision({ requestId, organisationName }: { requestId: string; organisationName: string }) {
  const t = useTranslations("coalitions");
  const errorText = useErrorText();
  const id = useId().replace(/:/g, "");
  const [role, setRole] = useState("member");
  const [weight, setWeight] = useState("1");
  const [reason, setReason] = useState("");
  const { run, pending, error, fieldErrors } = useRun();
  return (
    <div className="row g-3">
      <div className="col-md-6">
        <RoleWeightFields idPrefix={id} role={role} weight={weight} onRole={setRole} onWeight={setWeight} label={organisationName} />
        {fieldErrors?.weight && <div className="field-error">{errorText(fieldErrors.weight[0])}</div>}
        <button type="button" className="btn btn-primary btn-sm mt-2" disabled={pending} onClick={() => run(() => decideJoinRequestAction({ requestId, decision: "accept", role, weight }))}>
          {t("admit", { name: organisationName })}
        </button>
      </div>
      <div className="col-md-6">
        <label htmlFor={`${id}-reason`} className="form-label small mb-0">
          {t("declineReasonShort")}
          <span className="visually-hidden"> — {organisationName}</span>
        </label>
        <input id={`${id}-reason`} className="form-control form-control-sm" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        {fieldErrors?.reason && <div className="field-error">{errorText(fieldErrors.reason[0])}</div>}
        <button type="button" className="btn btn-outline-secondary btn-sm mt-2" disabled={pending} onClick={() => run(() => decideJoinRequestAction({ requestId, decision: "decline", reason }))}>
          {t("decline", { name: organisationName })}
        </button>
      </div>
      <div className="col-12">
        <FormAlert errorKey={error?.key} values={error?.values} />
      </div>
    </div>
  );
}
