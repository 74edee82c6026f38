"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import type { SizeClass } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import type { FieldErrors, Problem } from "@/lib/errors";
import { intensityBp, maxIntensityBp, withinIntensity, type ProgrammeLimits } from "@/lib/incentives/intensity";
import { formatCents, parseEuroToCents } from "@/lib/money";
import { formatBp, moneyValues } from "../../../_components/format";

type Applicant = { id: string; legalName: string; sizeClass: SizeClass | null };

type Input = {
  programmeId: string;
  proposalId: string | null;
  organisationId: string;
  title: string;
  eligibleCost: string;
  requested: string;
  plannedGrantDate: string;
};

type Props = {
  programmeId: string;
  proposalId: string | null;
  defaultTitle: string;
  applicants: Applicant[];
  limits: ProgrammeLimits;
  create: (input: Input) => Promise<ActionResult<{ id: string }>>;
};

/** Creates an application: amounts typed in euro, the implied intensity shown live against the programme's maximum. */
export function NewApplicationForm({ programmeId, proposalId, defaultTitle, applicants, limits, create }: Props) {
  const t = useTranslations("funding.new");
  const ts = useTranslations("funding.sizes");
  const locale = useLocale();
  const router = useRouter();
  const errorText = useErrorText();
  const [values, setValues] = useState({ organisationId: applicants[0]?.id ?? "", title: defaultTitle, eligibleCost: "", requested: "", plannedGrantDate: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [formError, setFormError] = useState<{ key: string; values?: Record<string, unknown> }>();
  const [pending, startTransition] = useTransition();
  const [problems, setProblems] = useState<Problem[]>([]);

  const applicant = applicants.find((a) => a.id === values.organisationId) ?? applicants[0];
  const maxBp = maxIntensityBp(limits, applicant?.sizeClass ?? null);
  const cost = parseEuroToCents(values.eligibleCost);
  const requested = parseEuroToCents(values.requested);
  const amounts = cost && cost > 0 && requested !== null && requested >= 0 ? { eligibleCostCents: cost, requestedCents: requested } : null;
  const over = amounts !== null && !withinIntensity(amounts, maxBp);

  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  const field = (id: keyof typeof values, label: string, opts: { hint?: string; type?: string; required?: boolean; inputMode?: "decimal" } = {}) => {
    const key = id === "eligibleCost" ? fieldErrors?.eligibleCost?.[0] ?? fieldErrors?.eligibleCostCents?.[0] : id === "requested" ? fieldErrors?.requested?.[0] ?? fieldErrors?.requestedCents?.[0] : fieldErrors?.[id]?.[0];
    const problem = problems.find((p) => p.key === key && (p.field === id || `${p.field}Cents` === id));
    const err = errorText(key, moneyValues(problem?.values ?? formError?.values, locale));
    const describedBy = [opts.hint ? `app-${id}-hint` : null, err ? `app-${id}-error` : null].filter(Boolean).join(" ") || undefined;
    return (
      <div className="form-group mb-4">
        <label htmlFor={`app-${id}`} className="active">
          {label}
          {opts.required !== false && <span aria-hidden="true"> *</span>}
        </label>
        <input
          id={`app-${id}`}
          type={opts.type ?? "text"}
          className={`form-control${err ? " is-invalid" : ""}`}
          value={values[id]}
          onChange={set(id)}
          inputMode={opts.inputMode}
          aria-invalid={err ? true : undefined}
          aria-required={opts.required !== false || undefined}
          aria-describedby={describedBy}
        />
        {opts.hint && (
          <small id={`app-${id}-hint`} className="form-hint d-block">
            {opts.hint}
          </small>
        )}
        {err && (
          <div id={`app-${id}-error`} className="field-error" role="alert" data-testid={`app-${id}-error`}>
            {err}
          </div>
        )}
      </div>
    );
  };

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setFieldErrors(undefined);
      setFormError(undefined);
      const result = await create({ programmeId, proposalId, ...values });
      if (result.ok) {
        router.push(`/funding/applications/${result.data.id}`);
        return;
      }
      setFieldErrors(result.fieldErrors);
      setProblems(result.problems ?? []);
      setFormError({ key: result.error, values: result.values });
    });
  };

  const sizeKey = applicant?.sizeClass ?? "other";
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} data-testid="new-application-form">
      {!fieldErrors && <FormAlert errorKey={formError?.key} values={moneyValues(formError?.values, locale)} />}
      {applicants.length > 1 && (
        <div className="select-wrapper mb-4">
          <label htmlFor="app-organisationId">{t("applicant")}</label>
          <select id="app-organisationId" className="form-select" value={values.organisationId} onChange={set("organisationId")}>
            {applicants.map((a) => (
              <option key={a.id} value={a.id}>
                {a.legalName}
              </option>
            ))}
          </select>
        </div>
      )}
      {field("title", t("titleLabel"), { hint: t("titleHint") })}
      <div className="row">
        <div className="col-12 col-md-6">{field("eligibleCost", t("eligibleCost"), { hint: t("eligibleCostHint"), inputMode: "decimal" })}</div>
        <div className="col-12 col-md-6">{field("requested", t("requested"), { hint: t("requestedHint"), inputMode: "decimal" })}</div>
      </div>
      <div className={`border rounded p-3 mb-4${over ? " border-danger" : ""}`} aria-live="polite" data-testid="intensity-box">
        {maxBp <= 0 ? (
          <p className="mb-0 text-danger">{t("notForSize")}</p>
        ) : (
          <>
            <p className="mb-1">{t("intensityMax", { size: ts(sizeKey), value: formatBp(maxBp, locale) })}</p>
            {amounts && (
              <p className={`mb-0${over ? " text-danger fw-semibold" : ""}`} data-testid="intensity-implied">
                {t("intensity", { value: formatBp(intensityBp(amounts), locale) })}
                {over && <> — {t("intensityOver", { max: formatBp(maxBp, locale) })}</>}
              </p>
            )}
          </>
        )}
        {limits.minEligibleCents > 0 && limits.maxEligibleCents > 0 && (
          <p className="mb-0 mt-1">{t("costRange", { min: formatCents(limits.minEligibleCents, locale), max: formatCents(limits.maxEligibleCents, locale) })}</p>
        )}
        {limits.minEligibleCents > 0 && limits.maxEligibleCents === 0 && <p className="mb-0 mt-1">{t("costMin", { min: formatCents(limits.minEligibleCents, locale) })}</p>}
        {limits.maxAidCents > 0 && <p className="mb-0 mt-1">{t("maxAid", { max: formatCents(limits.maxAidCents, locale) })}</p>}
      </div>
      {field("plannedGrantDate", t("plannedGrantDate"), { hint: t("plannedGrantDateHint"), type: "date", required: false })}
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="create-application">
        {pending ? t("creating") : t("create")}
      </button>
    </form>
  );
}
