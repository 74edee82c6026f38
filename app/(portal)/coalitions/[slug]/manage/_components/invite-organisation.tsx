"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { inviteOrganisationToCoalitionAction } from "@/lib/coalitions/actions";
import { RoleWeightFields } from "./role-weight-fields";
import { useRun } from "@/components/form/use-run";

type Props = { coalitionId: string; organisationId: string; name: string; kindLabel: string };

export function InviteOrganisation({ coalitionId, organisationId, name, kindLabel }: Props) {
  const t = useTranslations("coalitions");
  const errorText = useErrorText();
  const id = useId().replace(/:/g, "");
  const [role, setRole] = useState("member");
  const [weight, setWeight] = useState("1");
  const { run, pending, error, fieldErrors } = useRun();
  return (
    <div className="border-bottom pb-3">
      <p className="mb-1 fw-semibold">
        {name} <span className="text-muted fw-normal">· {kindLabel}</span>
      </p>
      <RoleWeightFields idPrefix={id} role={role} weight={weight} onRole={setRole} onWeight={setWeight} label={name} />
      {fieldErrors && <div className="field-error">{errorText(Object.values(fieldErrors)[0]?.[0])}</div>}
      <button type="button" className="btn btn-primary btn-sm mt-2" disabled={pending} onClick={() => run(() => inviteOrganisationToCoalitionAction({ coalitionId, organisationId, role, weight }))}>
        {t("invite", { name })}
      </button>
      <FormAlert errorKey={error?.key} values={error?.values} />
    </div>
  );
}
