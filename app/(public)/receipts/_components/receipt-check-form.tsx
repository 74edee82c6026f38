"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { checkReceiptAction } from "@/lib/voting/actions";
import type { ReceiptCheck } from "@/lib/voting/queries";

type Props = { callId: string; method: string; proposals: { id: string; label: string }[] };

/** A token and a proposal in; whether that ballot is in the published set (and with which value) out. */
export function ReceiptCheckForm({ callId, method, proposals }: Props) {
  const t = useTranslations("voting");
  const [proposalId, setProposalId] = useState("");
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ReceiptCheck>();
  const [pending, startTransition] = useTransition();
  const valueText = (v: number) => (method === "score" ? t("scoreOption", { score: v }) : t(`values.${v > 0 ? "yes" : v < 0 ? "no" : "abstain"}`));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      setError(undefined);
      setResult(undefined);
      const r = await checkReceiptAction({ callId, proposalId, token });
      if (!r.ok) return setError(r.fieldErrors ? Object.values(r.fieldErrors)[0]?.[0] : r.error);
      setResult(r.data);
    });
  };

  return (
    <form onSubmit={submit} noValidate className="mt-5" data-testid="receipt-form">
      <div className="select-wrapper mb-4">
        <label htmlFor="receipt-proposal">{t("receipt.proposal")}</label>
        <select id="receipt-proposal" value={proposalId} onChange={(e) => setProposalId(e.target.value)}>
          <option value="">{t("receipt.chooseProposal")}</option>
          {proposals.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="form-group mb-4">
        <label htmlFor="receipt-token" className="active">
          {t("receipt.token")}
        </label>
        <input id="receipt-token" className="form-control font-monospace" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />
        <small className="form-text">{t("receipt.tokenHint")}</small>
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {t("receipt.check")}
      </button>
      <div className="mt-4">
        <FormAlert errorKey={error} />
        {result === null && (
          <div className="alert alert-warning" role="status">
            {t("receipt.noResults")}
          </div>
        )}
        {result && result.found && (
          <div className="alert alert-success" role="status" data-testid="receipt-found">
            {t("receipt.found", { value: valueText(result.value!), version: result.version, fingerprint: result.fingerprint })}
          </div>
        )}
        {result && !result.found && (
          <div className="alert alert-danger" role="status" data-testid="receipt-not-found">
            {t("receipt.notFound")}
          </div>
        )}
      </div>
    </form>
  );
}
