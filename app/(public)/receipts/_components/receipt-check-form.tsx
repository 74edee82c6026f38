"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { checkReceiptAction } from "@/lib/voting/actions";
import type { ReceiptCheck } from "@/lib/voting/queries";

type Props = { callId?: string };

/** A receipt code in; whether that ballot is in the published set (with its value and proposal) out. */
export function ReceiptCheckForm({ callId }: Props) {
  const t = useTranslations("voting");
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ReceiptCheck>();
  const [pending, startTransition] = useTransition();
  const valueText = (r: Extract<ReceiptCheck, { status: "found" }>) =>
    r.method === "score" ? t("scoreOption", { score: r.value }) : t(`values.${r.value > 0 ? "yes" : r.value < 0 ? "no" : "abstain"}`);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      setError(undefined);
      setResult(undefined);
      const r = await checkReceiptAction({ callId, token });
      if (!r.ok) return setError(r.fieldErrors ? Object.values(r.fieldErrors)[0]?.[0] : r.error);
      setResult(r.data);
    });
  };

  return (
    <form onSubmit={submit} noValidate className="mt-4" data-testid="receipt-form">
      <div className="form-group mb-4">
        <label htmlFor="receipt-token" className="active">
          {t("receipt.token")}
        </label>
        <input
          id="receipt-token"
          type="text"
          className="form-control font-monospace"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="receipt-token-hint"
          aria-invalid={error ? true : undefined}
        />
        <small id="receipt-token-hint" className="form-text">
          {t("receipt.tokenHint")}
        </small>
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {t("receipt.check")}
      </button>
      <div className="mt-4" aria-live="polite">
        <FormAlert errorKey={error} />
        {result?.status === "notPublished" && (
          <div className="alert alert-warning" role="status" data-testid="receipt-not-published">
            {t("receipt.noResultsFor", { call: result.call.title })}
          </div>
        )}
        {result?.status === "found" && (
          <div className="alert alert-success" role="status" data-testid="receipt-found">
            <p className="mb-1 fw-semibold">{t("receipt.foundFor", { proposal: `${result.proposal.reference ?? ""} ${result.proposal.title}`.trim(), call: result.call.title })}</p>
            <p className="mb-0 text-break">{t("receipt.found", { value: valueText(result), version: result.version, fingerprint: result.fingerprint })}</p>
          </div>
        )}
        {result?.status === "notFound" && (
          <div className="alert alert-danger" role="status" data-testid="receipt-not-found">
            {t("receipt.notFound")}
          </div>
        )}
      </div>
    </form>
  );
}
