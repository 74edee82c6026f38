"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { addExpenseLineAction, completeReviewAction, removeExpenseLineAction, reviewLineAction, submitReportAction } from "@/lib/incentives/expense-actions";
import { moneyValues } from "../../../../../funding/_components/format";
import { useReportAction, type Failure } from "./report-flash";

/** The failure's message for the form's top, unless it belongs to one of `fields`. */
function topError(failure: Failure | undefined, fields: readonly string[]) {
  if (!failure) return undefined;
  const own = failure.fieldErrors && Object.keys(failure.fieldErrors).some((f) => fields.includes(f));
  return own ? undefined : failure.error;
}

function FieldShell({ id, label, hint, error, required = true, children }: { id: string; label: string; hint?: string; error?: string; required?: boolean; children: React.ReactNode }) {
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="form-hint d-block">
          {hint}
        </small>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: boolean, error: string | undefined) => [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

const FIELDS = ["budgetLineId", "supplier", "invoiceNumber", "invoiceDate", "amount", "file"] as const;

/** A representative adds an expense with its invoice to the draft. */
export function AddLineForm({ reportId, budgetLines }: { reportId: string; budgetLines: { id: string; label: string }[] }) {
  const t = useTranslations("expenses");
  const locale = useLocale();
  const errorText = useErrorText();
  const formRef = useRef<HTMLFormElement>(null);
  const { run, pending, failure } = useReportAction();
  const values = moneyValues(failure?.values, locale);
  const err = (field: string) => errorText(failure?.fieldErrors?.[field]?.[0], values);
  const text = (id: (typeof FIELDS)[number], label: string, type: "text" | "date", hint?: string) => (
    <FieldShell id={`line-${id}`} label={label} hint={hint} error={err(id)}>
      <input
        id={`line-${id}`}
        name={id}
        type={type}
        className={`form-control${err(id) ? " is-invalid" : ""}`}
        inputMode={id === "amount" ? "decimal" : undefined}
        aria-required
        aria-invalid={err(id) ? true : undefined}
        aria-describedby={describedBy(`line-${id}`, Boolean(hint), err(id))}
      />
    </FieldShell>
  );
  return (
    <form
      ref={formRef}
      noValidate
      aria-busy={pending}
      data-testid="add-line-form"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        // No file chosen: send none, so the server says "choose a file" (an empty part reads as an empty file).
        const chosen = e.currentTarget.querySelector<HTMLInputElement>('input[type="file"]')?.files?.length ?? 0;
        if (chosen === 0) data.delete("file");
        run(() => addExpenseLineAction(data), t("added"), () => formRef.current?.reset());
      }}
    >
      <input type="hidden" name="reportId" value={reportId} />
      <FormAlert errorKey={topError(failure, FIELDS)} values={values} />
      <div className="row">
        <div className="col-12 col-lg-6">
          <div className="select-wrapper mb-4">
            <label htmlFor="line-budgetLineId">
              {t("budgetLineField")}
              <span aria-hidden="true"> *</span>
            </label>
            <select
              id="line-budgetLineId"
              name="budgetLineId"
              defaultValue=""
              aria-required
              aria-invalid={err("budgetLineId") ? true : undefined}
              aria-describedby={err("budgetLineId") ? "line-budgetLineId-error" : undefined}
            >
              <option value="">{t("chooseBudgetLine")}</option>
              {budgetLines.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
            {err("budgetLineId") && (
              <div id="line-budgetLineId-error" className="field-error" role="alert" data-testid="line-budgetLineId-error">
                {err("budgetLineId")}
              </div>
            )}
          </div>
        </div>
        <div className="col-12 col-lg-6">{text("supplier", t("supplier"), "text")}</div>
        <div className="col-12 col-md-4">{text("invoiceNumber", t("invoiceNumber"), "text")}</div>
        <div className="col-12 col-md-4">{text("invoiceDate", t("invoiceDate"), "date")}</div>
        <div className="col-12 col-md-4">{text("amount", t("amountField"), "text", t("amountHint"))}</div>
        <div className="col-12">
          <FieldShell id="line-file" label={t("file")} hint={t("fileHint")} error={err("file")}>
            <input
              id="line-file"
              name="file"
              type="file"
              accept=".pdf,.p7m,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              className={`form-control attachment-file-input${err("file") ? " is-invalid" : ""}`}
              aria-required
              aria-invalid={err("file") ? true : undefined}
              aria-describedby={describedBy("line-file", true, err("file"))}
            />
          </FieldShell>
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="add-line">
        {pending ? t("adding") : t("add")}
      </button>
    </form>
  );
}

/** Removes a line of the draft (and its invoice), after confirmation. */
export function RemoveLineButton({ lineId, supplier, invoiceNumber }: { lineId: string; supplier: string; invoiceNumber: string }) {
  const t = useTranslations("expenses");
  const { run, pending, failure } = useReportAction();
  return (
    <>
      <FormAlert errorKey={failure?.error} values={failure?.values} />
      <ConfirmButton
        className="btn btn-outline-danger btn-sm"
        disabled={pending}
        ariaLabel={t("removeLabel", { supplier, number: invoiceNumber })}
        title={t("removeTitle")}
        message={t("removeMessage", { supplier, number: invoiceNumber })}
        confirmLabel={t("removeConfirm")}
        tone="danger"
        onConfirm={() => run(() => removeExpenseLineAction({ lineId }), t("removed"))}
      >
        {t("remove")}
      </ConfirmButton>
    </>
  );
}

/** Submits the draft, after confirmation (irreversible). */
export function SubmitReportButton({ reportId, number, count, amount, isFinal }: { reportId: string; number: number; count: number; amount: string; isFinal: boolean }) {
  const t = useTranslations("expenses");
  const locale = useLocale();
  const { run, pending, failure } = useReportAction();
  return (
    <>
      <FormAlert errorKey={failure?.error} values={moneyValues(failure?.values, locale)} />
      <ConfirmButton
        className="btn btn-primary"
        disabled={pending}
        title={t("submitConfirmTitle", { number })}
        message={
          <>
            <p className="mb-2">{t("submitConfirmMessage", { count, amount })}</p>
            {isFinal && <p className="mb-0">{t("submitFinalNote")}</p>}
          </>
        }
        confirmLabel={t("submit")}
        onConfirm={() => run(() => submitReportAction({ reportId }), t("submitted"))}
      >
        {t("submit")}
      </ConfirmButton>
    </>
  );
}

/** The promoter's decision on one line: accept it whole, or cut it with an amount and a reason. */
export function LineReview({ lineId, supplier, invoiceNumber, amountLabel, maxLabel, review }: { lineId: string; supplier: string; invoiceNumber: string; amountLabel: string; maxLabel: string; review: "pending" | "accepted" | "cut" }) {
  const t = useTranslations("expenses");
  const locale = useLocale();
  const errorText = useErrorText();
  const { run, pending, failure } = useReportAction();
  const [cutOpen, setCutOpen] = useState(false);
  const [accepted, setAccepted] = useState("");
  const [reason, setReason] = useState("");
  const values = moneyValues(failure?.values, locale);
  const err = (field: string) => errorText(failure?.fieldErrors?.[field]?.[0], values);
  const id = `cut-${lineId}`;
  return (
    <div className="mt-2" data-testid="line-review">
      <FormAlert errorKey={topError(cutOpen ? failure : failure && { ...failure, fieldErrors: undefined }, ["accepted", "acceptedCents", "reason"])} values={values} />
      <div className="d-flex flex-wrap gap-2 mb-2">
        <button
          type="button"
          className={`btn btn-sm ${review === "accepted" ? "btn-success" : "btn-outline-success"}`}
          disabled={pending}
          aria-label={t("acceptLabel", { supplier, number: invoiceNumber })}
          onClick={() => {
            setCutOpen(false);
            run(() => reviewLineAction({ lineId, decision: "accept" }), t("decided"));
          }}
          data-testid="accept-line"
        >
          {t("accept")}
        </button>
        <button type="button" className={`btn btn-sm ${review === "cut" ? "btn-danger" : "btn-outline-danger"}`} aria-expanded={cutOpen} aria-controls={id} onClick={() => setCutOpen((o) => !o)} data-testid="open-cut">
          {t("cut")}
        </button>
      </div>
      {cutOpen && (
        <form
          id={id}
          noValidate
          aria-busy={pending}
          className="border rounded p-3"
          data-testid="cut-form"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => reviewLineAction({ lineId, decision: "cut", accepted, reason }), t("decided"), () => setCutOpen(false));
          }}
        >
          <h4 className="h6">{t("cutTitle")}</h4>
          <FieldShell id={`${id}-accepted`} label={t("cutAmount")} hint={t("cutAmountHint", { amount: amountLabel, max: maxLabel })} error={err("accepted") ?? err("acceptedCents")}>
            <input
              id={`${id}-accepted`}
              type="text"
              inputMode="decimal"
              className={`form-control${err("accepted") || err("acceptedCents") ? " is-invalid" : ""}`}
              value={accepted}
              onChange={(e) => setAccepted(e.target.value)}
              aria-required
              aria-invalid={err("accepted") || err("acceptedCents") ? true : undefined}
              aria-describedby={describedBy(`${id}-accepted`, true, err("accepted") ?? err("acceptedCents"))}
            />
          </FieldShell>
          <FieldShell id={`${id}-reason`} label={t("cutReasonField")} error={err("reason")}>
            <textarea
              id={`${id}-reason`}
              className={`form-control${err("reason") ? " is-invalid" : ""}`}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-required
              aria-invalid={err("reason") ? true : undefined}
              aria-describedby={describedBy(`${id}-reason`, false, err("reason"))}
            />
          </FieldShell>
          <button type="submit" className="btn btn-danger btn-sm" disabled={pending} aria-label={t("cutLabel", { supplier, number: invoiceNumber })} data-testid="cut-line">
            {t("cutButton")}
          </button>
        </form>
      )}
    </div>
  );
}

/** Completes the review, after confirmation (irreversible). */
export function CompleteReviewButton({ reportId, number, accepted, claimed }: { reportId: string; number: number; accepted: string; claimed: string }) {
  const t = useTranslations("expenses");
  const locale = useLocale();
  const { run, pending, failure } = useReportAction();
  return (
    <>
      <FormAlert errorKey={failure?.error} values={moneyValues(failure?.values, locale)} />
      <ConfirmButton
        className="btn btn-primary"
        disabled={pending}
        title={t("completeConfirmTitle", { number })}
        message={t("completeConfirmMessage", { accepted, claimed })}
        confirmLabel={t("complete")}
        onConfirm={() => run(() => completeReviewAction({ reportId }), t("completed"))}
      >
        {t("complete")}
      </ConfirmButton>
    </>
  );
}
