"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import type { ActionResult } from "@/lib/action";
import type { FieldErrors, MessageValues, Problem } from "@/lib/errors";
import { centsToInput } from "@/lib/money";
import { moneyValues } from "./format";

type Input = { applicationId: string; version: number; eligibleCost: string; requested: string; plannedGrantDate: string };

type Props = {
  applicationId: string;
  version: number;
  eligibleCostCents: number;
  requestedCents: number;
  plannedGrantDate: string | null;
  save: (input: Input) => Promise<ActionResult<unknown>>;
};

/** The amounts and the expected grant date, editable until the application is submitted. */
export function ApplicationAmountsForm({ applicationId, version, eligibleCostCents, requestedCents, plannedGrantDate, save }: Props) {
  const t = useTranslations("funding");
  const locale = useLocale();
  const errorText = useErrorText();
  const [values, setValues] = useState({
    eligibleCost: centsToInput(eligibleCostCents),
    requested: centsToInput(requestedCents),
    plannedGrantDate: plannedGrantDate ?? "",
  });
  const [saved, setSaved] = useState(false);
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ key: string; values?: MessageValues }>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const run = () =>
    startTransition(async () => {
      setError(undefined);
      setFieldErrors(undefined);
      setProblems([]);
      const result = await save({ applicationId, version, ...values });
      if (result.ok) {
        setSaved(true);
        router.refresh();
        return;
      }
      setFieldErrors(result.fieldErrors);
      setProblems(result.problems ?? []);
      if (!result.fieldErrors) setError({ key: result.error, values: result.values });
    });

  const fields = [
    ["eligibleCost", t("new.eligibleCost"), "text"],
    ["requested", t("new.requested"), "text"],
    ["plannedGrantDate", t("new.plannedGrantDate"), "date"],
  ] as const;

  return (
    <form
      noValidate
      aria-busy={pending}
      data-testid="amounts-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        run();
      }}
    >
      {saved && (
        <div className="alert alert-success" role="status" data-testid="amounts-saved">
          {t("detail.amountsSaved")}
        </div>
      )}
      <FormAlert errorKey={error?.key} values={moneyValues(error?.values, locale)} />
      <div className="row">
        {fields.map(([id, label, type]) => {
          const key = fieldErrors?.[id]?.[0] ?? fieldErrors?.[`${id}Cents`]?.[0];
          const problem = problems.find((p) => p.field === id && p.key === key);
          const err = errorText(key, moneyValues(problem?.values, locale));
          return (
            <div className="col-12 col-md-4" key={id}>
              <div className="form-group mb-4">
                <label htmlFor={`amounts-${id}`} className="active">
                  {label}
                </label>
                <input
                  id={`amounts-${id}`}
                  type={type}
                  className={`form-control${err ? " is-invalid" : ""}`}
                  value={values[id]}
                  inputMode={type === "text" ? "decimal" : undefined}
                  onChange={(e) => setValues((v) => ({ ...v, [id]: e.target.value }))}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `amounts-${id}-error` : undefined}
                />
                {err && (
                  <div id={`amounts-${id}-error`} className="field-error" role="alert" data-testid={`amounts-${id}-error`}>
                    {err}
                  </div>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <button type="submit" className="btn btn-outline-primary" disabled={pending} data-testid="amounts-save">
        {t("detail.amountsSave")}
      </button>
    </form>
  );
}
