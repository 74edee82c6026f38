"use client";

import { useTranslations } from "next-intl";
import { coalitionRoles } from "@/lib/coalitions/schemas";

type Props = {
  idPrefix: string;
  role: string;
  weight: string;
  onRole: (role: string) => void;
  onWeight: (weight: string) => void;
  label: string;
  weightError?: string;
};

/** Role and voting weight, the pair a promoter sets on admission and later. */
export function RoleWeightFields({ idPrefix, role, weight, onRole, onWeight, label, weightError }: Props) {
  const t = useTranslations("coalitions");
  return (
    <div className="d-flex gap-2 align-items-end flex-wrap">
      <div>
        <label htmlFor={`${idPrefix}-role`} className="form-label small mb-0">
          {t("roleShort")}
          <span className="visually-hidden"> — {label}</span>
        </label>
        <select id={`${idPrefix}-role`} className="form-select form-select-sm" value={role} onChange={(e) => onRole(e.target.value)}>
          {coalitionRoles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div style={{ maxWidth: "8rem" }}>
        <label htmlFor={`${idPrefix}-weight`} className="form-label small mb-0">
          {t("weightShort")}
          <span className="visually-hidden"> — {label}</span>
        </label>
        <input
          id={`${idPrefix}-weight`}
          type="number"
          min={1}
          max={1000}
          step={1}
          className="form-control form-control-sm"
          value={weight}
          onChange={(e) => onWeight(e.target.value)}
          aria-invalid={weightError ? true : undefined}
        />
      </div>
    </div>
  );
}
