"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { useRun } from "@/components/form/use-run";
import type { ActionResult } from "@/lib/action";
import { moneyValues } from "./format";

type Input = { applicationId: string; version: number; amount: string; receivedOn: string };

/** Money received on a granted application (never more than what is left of the grant). */
export function DisbursementForm({ applicationId, version, leftLabel, record }: { applicationId: string; version: number; leftLabel: string; record: (input: Input) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations("funding.paid");
  const locale = useLocale();
  const errorText = useErrorText();
  const [values, setValues] = useState({ amount: "", receivedOn: "" });
  const [done, setDone] = useState(false);
  const { run, pending, error, fieldErrors } = useRun();
  const fields = [
    ["amount", t("amount"), "text", t("amountHint", { left: leftLabel })],
    ["receivedOn", t("receivedOn"), "date", undefined],
  ] as const;
  return (
    <form
      noValidate
      aria-busy={pending}
      data-testid="disbursement-form"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        run(
          () => record({ applicationId, version, ...values }),
          () => {
            setDone(true);
            setValues({ amount: "", receivedOn: "" });
          },
        );
      }}
    >
      {done && (
        <div className="alert alert-success" role="status" data-testid="disbursement-recorded">
          {t("recorded")}
        </div>
      )}
      <FormAlert errorKey={error?.key} values={moneyValues(error?.values, locale)} />
      <div className="row">
        {fields.map(([id, label, type, hint]) => {
          const err = errorText(fieldErrors?.[id]?.[0], moneyValues(error?.values, locale));
          const describedBy = [hint ? `paid-${id}-hint` : null, err ? `paid-${id}-error` : null].filter(Boolean).join(" ") || undefined;
          return (
            <div className="col-12 col-md-6" key={id}>
              <div className="form-group mb-4">
                <label htmlFor={`paid-${id}`} className="active">
                  {label}
                  <span aria-hidden="true"> *</span>
                </label>
                <input
                  id={`paid-${id}`}
                  type={type}
                  className={`form-control${err ? " is-invalid" : ""}`}
                  value={values[id]}
                  inputMode={id === "amount" ? "decimal" : undefined}
                  onChange={(e) => setValues((v) => ({ ...v, [id]: e.target.value }))}
                  aria-required
                  aria-invalid={err ? true : undefined}
                  aria-describedby={describedBy}
                />
                {hint && (
                  <small id={`paid-${id}-hint`} className="form-hint d-block">
                    {hint}
                  </small>
                )}
                {err && (
                  <div id={`paid-${id}-error`} className="field-error" role="alert">
                    {err}
                  </div>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <button type="submit" className="btn btn-outline-primary" disabled={pending} data-testid="disbursement-submit">
        {t("record")}
      </button>
    </form>
  );
}
