"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef, useState, useTransition, type ReactNode } from "react";
import { ConfirmButton, ConfirmDialog, SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import type { ActionResult } from "@/lib/action";
import type { FieldErrors, MessageValues } from "@/lib/errors";
import { closeGrantAction, recordConcessionAction, releaseTrancheAction, revokeGrantAction } from "@/lib/incentives/grant-actions";
import { formatCents } from "@/lib/money";

/** Amounts in cents (names ending in "Cents") as euro text, so messages show "1.234,56 €". */
function moneyValues(values: MessageValues | undefined, locale: string): Record<string, string | number> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k.endsWith("Cents") && typeof v === "number" ? formatCents(v, locale) : v]));
}

/** What the page says after an act whose form goes away with it (app/(portal)/grants/[id]/page.tsx reads `?done=`). */
export type GrantFlash = "tranche" | "closed" | "revoked";

/**
 * Runs an action; keeps the field errors and the message values (both), refreshes on success.
 * With `flash`, success goes to `?done=<flash>` instead and the page says what happened: the
 * form itself may not be rendered any more (nothing left to pay, a closed or revoked grant).
 */
function useGrantRun(flash?: GrantFlash) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<{ key?: string; fieldErrors?: FieldErrors; values?: MessageValues }>({});
  const [done, setDone] = useState(false);
  const run = (fn: () => Promise<ActionResult<unknown>>, onSuccess?: () => void) =>
    startTransition(async () => {
      setFailure({});
      setDone(false);
      const result = await fn();
      if (result.ok) {
        onSuccess?.();
        if (flash && searchParams.get("done") !== flash) {
          router.replace(`${pathname}?done=${flash}`, { scroll: false });
          return;
        }
        if (!flash) setDone(true);
        router.refresh();
        return;
      }
      setFailure({ key: result.fieldErrors ? undefined : result.error, fieldErrors: result.fieldErrors, values: result.values });
    });
  return { run, pending, failure, done };
}

type FieldProps = {
  form: string;
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "date";
  hint?: string;
  required?: boolean;
  error?: string;
  multiline?: boolean;
  inputMode?: "decimal";
};

/** A labelled, bordered input whose hint and error are linked with aria-describedby. */
function Field({ form, id, label, value, onChange, type = "text", hint, required, error, multiline, inputMode }: FieldProps) {
  const fid = `${form}-${id}`;
  const describedBy = [hint ? `${fid}-hint` : null, error ? `${fid}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id: fid,
    name: id,
    className: `form-control${error ? " is-invalid" : ""}`,
    value,
    "aria-required": required || undefined,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  } as const;
  return (
    <div className="form-group mb-4">
      <label htmlFor={fid} className="active">
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <small id={`${fid}-hint`} className="form-hint d-block">
          {hint}
        </small>
      )}
      {error && (
        <div id={`${fid}-error`} className="field-error" role="alert" data-testid={`${fid}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

function useFieldError(failure: { fieldErrors?: FieldErrors; values?: MessageValues }) {
  const errorText = useErrorText();
  const locale = useLocale();
  return (field: string) => errorText(failure.fieldErrors?.[field]?.[0], moneyValues(failure.values, locale));
}

export type ConcessionValues = { actNumber: string; actDate: string; cup: string; cor: string; startsOn: string; endsOn: string; finalReportDueOn: string };

/** The promoter records or corrects the concession act, CUP, COR and the deadlines. */
export function ConcessionForm({ grantId, version, initial }: { grantId: string; version: number; initial: ConcessionValues }) {
  const t = useTranslations("grants.concession");
  const locale = useLocale();
  const [values, setValues] = useState(initial);
  const { run, pending, failure, done } = useGrantRun();
  const err = useFieldError(failure);
  const set = (k: keyof ConcessionValues) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  const fields: [keyof ConcessionValues, "text" | "date", string | undefined][] = [
    ["actNumber", "text", t("actNumberHint")],
    ["actDate", "date", undefined],
    ["cup", "text", t("cupHint")],
    ["cor", "text", t("corHint")],
    ["startsOn", "date", undefined],
    ["endsOn", "date", undefined],
    ["finalReportDueOn", "date", undefined],
  ];
  return (
    <form
      noValidate
      aria-busy={pending}
      data-testid="concession-form"
      onSubmit={(e) => {
        e.preventDefault();
        // Shown back as stored: the CUP in capitals without spaces.
        run(() => recordConcessionAction({ grantId, version, ...values }), () => setValues((s) => ({ ...s, cup: s.cup.replace(/\s+/g, "").toUpperCase() })));
      }}
    >
      {done && <SuccessMessage testId="concession-saved">{t("saved")}</SuccessMessage>}
      <FormAlert errorKey={failure.key} values={moneyValues(failure.values, locale)} />
      <div className="row">
        {fields.map(([id, type, hint]) => (
          <div className="col-12 col-md-6" key={id}>
            <Field form="concession" id={id} type={type} label={t(id)} hint={hint} value={values[id]} onChange={set(id)} required error={err(id)} />
          </div>
        ))}
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="concession-submit">
        {t("save")}
      </button>
    </form>
  );
}

/**
 * A tranche: the advance (amount, guarantee), an interim tranche (amount) or the balance
 * (computed, confirmed first: it closes the grant). Day of payment for all.
 */
export function TrancheForm({ grantId, kind, title, hint, balanceLabel, today }: { grantId: string; kind: "advance" | "interim" | "balance"; title: string; hint: ReactNode; balanceLabel?: string; today: string }) {
  const t = useTranslations("grants.tranches");
  const locale = useLocale();
  const [values, setValues] = useState({ amount: "", guarantee: "", paidOn: today, note: "" });
  const [confirming, setConfirming] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);
  const { run, pending, failure } = useGrantRun("tranche");
  const err = useFieldError(failure);
  const set = (k: keyof typeof values) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  const form = `tranche-${kind}`;
  const submit = () => run(() => releaseTrancheAction({ grantId, kind, ...values }), () => setValues({ amount: "", guarantee: "", paidOn: today, note: "" }));
  return (
    <form
      noValidate
      aria-busy={pending}
      aria-labelledby={`${form}-title`}
      data-testid={form}
      className="mb-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (kind === "balance") setConfirming(true);
        else submit();
      }}
    >
      <h3 id={`${form}-title`} className="h5">
        {title}
      </h3>
      <p className="form-hint" id={`${form}-hint`}>
        {hint}
      </p>
      <FormAlert errorKey={failure.key} values={moneyValues(failure.values, locale)} />
      <div className="row">
        {kind !== "balance" && (
          <div className="col-12 col-md-6">
            <Field form={form} id="amount" label={t("amount")} hint={t("amountHint")} inputMode="decimal" value={values.amount} onChange={set("amount")} required error={err("amount")} />
          </div>
        )}
        <div className="col-12 col-md-6">
          <Field form={form} id="paidOn" type="date" label={t("paidOn")} value={values.paidOn} onChange={set("paidOn")} required error={err("paidOn")} />
        </div>
        {kind === "advance" ? (
          <div className="col-12">
            <Field form={form} id="guarantee" label={t("guarantee")} hint={t("guaranteeHint")} value={values.guarantee} onChange={set("guarantee")} required error={err("guarantee")} />
          </div>
        ) : (
          <div className="col-12">
            <Field form={form} id="note" label={t("note")} value={values.note} onChange={set("note")} error={err("note")} />
          </div>
        )}
      </div>
      <button ref={submitRef} type="submit" className="btn btn-primary" disabled={pending} data-testid={`${form}-submit`}>
        {kind === "balance" ? t("payBalance") : t("pay")}
      </button>
      {kind === "balance" && (
        <ConfirmDialog
          open={confirming}
          title={t("confirmBalanceTitle")}
          message={t("confirmBalance", { amount: balanceLabel ?? "" })}
          confirmLabel={t("payBalance")}
          returnFocusTo={submitRef}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            submit();
          }}
        />
      )}
    </form>
  );
}

/** Close a reported grant when nothing is left to pay (confirmed first). */
export function CloseGrantButton({ grantId }: { grantId: string }) {
  const t = useTranslations("grants.tranches");
  const locale = useLocale();
  const { run, pending, failure } = useGrantRun("closed");
  return (
    <div data-testid="close-grant">
      <FormAlert errorKey={failure.key} values={moneyValues(failure.values, locale)} />
      <ConfirmButton className="btn btn-outline-primary" disabled={pending} title={t("confirmCloseTitle")} message={t("confirmClose")} confirmLabel={t("close")} onConfirm={() => run(() => closeGrantAction({ grantId }))}>
        {t("close")}
      </ConfirmButton>
    </div>
  );
}

/** Revoke whole or in part, with a reason; confirmed first with the amount. */
export function RevokeForm({ grantId, standingCents }: { grantId: string; standingCents: number }) {
  const t = useTranslations("grants.revoke");
  const locale = useLocale();
  const [scope, setScope] = useState<"whole" | "part">("whole");
  const [values, setValues] = useState({ amount: "", reason: "" });
  const [confirming, setConfirming] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);
  const { run, pending, failure } = useGrantRun("revoked");
  const err = useFieldError(failure);
  const set = (k: keyof typeof values) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  return (
    <form
      noValidate
      aria-busy={pending}
      data-testid="revoke-form"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <FormAlert errorKey={failure.key} values={moneyValues(failure.values, locale)} />
      <fieldset className="mb-3">
        <legend className="h6">{t("scope")}</legend>
        {(["whole", "part"] as const).map((s) => (
          <div className="form-check" key={s}>
            <input id={`revoke-${s}`} name="scope" type="radio" checked={scope === s} onChange={() => setScope(s)} />
            <label htmlFor={`revoke-${s}`}>{t(s)}</label>
          </div>
        ))}
      </fieldset>
      {scope === "part" && <Field form="revoke" id="amount" label={t("amount")} inputMode="decimal" value={values.amount} onChange={set("amount")} required error={err("amount")} />}
      <Field form="revoke" id="reason" label={t("reason")} hint={t("reasonHint")} multiline value={values.reason} onChange={set("reason")} required error={err("reason")} />
      <button ref={submitRef} type="submit" className="btn btn-danger" disabled={pending} data-testid="revoke-submit">
        {t("submit")}
      </button>
      <ConfirmDialog
        open={confirming}
        tone="danger"
        title={t("confirmTitle")}
        message={scope === "whole" ? t("confirmWhole", { amount: formatCents(standingCents, locale) }) : t("confirmPart", { amount: values.amount ? `${values.amount} €` : "—" })}
        confirmLabel={t("submit")}
        returnFocusTo={submitRef}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          run(() => revokeGrantAction({ grantId, whole: scope === "whole", amount: scope === "part" ? values.amount : 0, reason: values.reason }), () => setValues({ amount: "", reason: "" }));
        }}
      />
    </form>
  );
}
