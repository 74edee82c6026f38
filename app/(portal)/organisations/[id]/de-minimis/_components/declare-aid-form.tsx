"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { useRun } from "@/components/form/use-run";
import type { ActionResult } from "@/lib/action";
import { moneyValues } from "@/app/(portal)/funding/_components/format";

type DeclareInput = { organisationId: string; grantedOn: string; authority: string; description: string; amount: string; cor: string };

const empty = { grantedOn: "", authority: "", description: "", amount: "", cor: "" };

/** Declares de minimis aid the firm received outside Tavolo. */
export function DeclareAidForm({ organisationId, declare }: { organisationId: string; declare: (input: DeclareInput) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations("funding.ledger");
  const locale = useLocale();
  const errorText = useErrorText();
  const [values, setValues] = useState(empty);
  const [done, setDone] = useState(false);
  const { run, pending, error, fieldErrors } = useRun();
  const fields = [
    ["grantedOn", t("declareGrantedOn"), "date", true],
    ["authority", t("declareAuthority"), "text", true],
    ["amount", t("declareAmount"), "text", true],
    ["cor", t("declareCor"), "text", false],
    ["description", t("declareDescription"), "text", false],
  ] as const;
  return (
    <form
      noValidate
      aria-busy={pending}
      data-testid="declare-aid-form"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        run(
          () => declare({ organisationId, ...values }),
          () => {
            setDone(true);
            setValues(empty);
          },
        );
      }}
    >
      {done && (
        <div className="alert alert-success" role="status" data-testid="aid-declared">
          {t("declared")}
        </div>
      )}
      <FormAlert errorKey={error?.key} values={moneyValues(error?.values, locale)} />
      <div className="row">
        {fields.map(([id, label, type, required]) => {
          const err = errorText(fieldErrors?.[id]?.[0] ?? fieldErrors?.[`${id}Cents`]?.[0] ?? (id === "amount" ? fieldErrors?.amountCents?.[0] : undefined));
          return (
            <div className={id === "description" ? "col-12" : "col-12 col-md-6"} key={id}>
              <div className="form-group mb-4">
                <label htmlFor={`aid-${id}`} className="active">
                  {label}
                  {required && <span aria-hidden="true"> *</span>}
                </label>
                <input
                  id={`aid-${id}`}
                  type={type}
                  className={`form-control${err ? " is-invalid" : ""}`}
                  value={values[id]}
                  inputMode={id === "amount" ? "decimal" : undefined}
                  onChange={(e) => setValues((v) => ({ ...v, [id]: e.target.value }))}
                  aria-required={required || undefined}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `aid-${id}-error` : undefined}
                />
                {err && (
                  <div id={`aid-${id}-error`} className="field-error" role="alert">
                    {err}
                  </div>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="declare-aid">
        {t("declare")}
      </button>
    </form>
  );
}

/** Cancels one declared row, with a reason, after a confirmation. */
export function WithdrawAidButton({ aidId, withdraw }: { aidId: string; withdraw: (input: { aidId: string; reason: string }) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations("funding.ledger");
  const [reason, setReason] = useState("");
  const { run, pending, error, fieldErrors } = useRun();
  const errorText = useErrorText();
  const err = errorText(fieldErrors?.reason?.[0]);
  return (
    <div className="d-flex flex-column gap-1" style={{ minWidth: "12rem" }}>
      <label htmlFor={`withdraw-${aidId}`} className="small">
        {t("withdrawReason")}
      </label>
      <input id={`withdraw-${aidId}`} type="text" className={`form-control form-control-sm${err ? " is-invalid" : ""}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      {err && (
        <div className="field-error small" role="alert">
          {err}
        </div>
      )}
      <FormAlert errorKey={error?.key} />
      <ConfirmButton
        className="btn btn-outline-danger btn-sm"
        disabled={pending}
        title={t("withdrawTitle")}
        message={t("withdrawMessage")}
        confirmLabel={t("withdrawConfirm")}
        tone="danger"
        onConfirm={() => run(() => withdraw({ aidId, reason }))}
      >
        {t("withdraw")}
      </ConfirmButton>
    </div>
  );
}
