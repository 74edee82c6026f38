"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { removeCoalitionMemberAction, setCoalitionMemberAction } from "@/lib/coalitions/actions";
import { RoleWeightFields } from "./role-weight-fields";
import { useRun } from "@/components/form/use-run";

type Props = { coalitionId: string; organisationId: string; name: string; kindLabel: string; role: string; weight: number };

export function MemberRow({ coalitionId, organisationId, name, kindLabel, role: initialRole, weight: initialWeight }: Props) {
  const t = useTranslations("coalitions");
  const tc = useTranslations("confirm");
  const errorText = useErrorText();
  const id = useId().replace(/:/g, "");
  const [role, setRole] = useState(initialRole);
  const [weight, setWeight] = useState(String(initialWeight));
  const [reason, setReason] = useState("");
  const { run, pending, error, fieldErrors } = useRun();

  return (
    <tr data-testid="member-row">
      <th scope="row">{name}</th>
      <td>{kindLabel}</td>
      <td>
        <RoleWeightFields idPrefix={id} role={role} weight={weight} onRole={setRole} onWeight={setWeight} label={name} weightError={fieldErrors?.weight?.[0]} />
        {fieldErrors?.weight && <div className="field-error">{errorText(fieldErrors.weight[0])}</div>}
        <button
          type="button"
          className="btn btn-outline-primary btn-xs mt-2"
          aria-label={t("save", { name })}
          disabled={pending}
          onClick={() => run(() => setCoalitionMemberAction({ coalitionId, organisationId, role, weight }))}
        >
          {t("saveShort")}
        </button>
      </td>
      <td>
        <label htmlFor={`${id}-reason`} className="form-label small mb-0">
          {t("removalReasonShort")}
          <span className="visually-hidden"> — {name}</span>
        </label>
        <input id={`${id}-reason`} className="form-control form-control-sm" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        {fieldErrors?.reason && <div className="field-error">{errorText(fieldErrors.reason[0])}</div>}
        <ConfirmButton
          className="btn btn-outline-danger btn-xs mt-2"
          ariaLabel={t("remove", { name })}
          disabled={pending}
          tone="danger"
          onConfirm={() => run(() => removeCoalitionMemberAction({ coalitionId, organisationId, reason }))}
          title={tc("removeCoalitionMember.title", { name })}
          message={tc("removeCoalitionMember.message")}
          confirmLabel={tc("removeCoalitionMember.confirm")}
        >
          {t("removeShort")}
        </ConfirmButton>
        <FormAlert errorKey={error?.key} values={error?.values} />
      </td>
    </tr>
  );
}
