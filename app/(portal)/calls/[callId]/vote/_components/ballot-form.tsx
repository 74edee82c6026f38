"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { castBallotAction } from "@/lib/voting/actions";

type Props = {
  callId: string;
  proposalId: string;
  organisationId: string;
  method: "approval" | "score";
  current: number | null;
  disabled: boolean;
  label: string;
};

const approvalChoices = [
  { value: 1, key: "yes" },
  { value: -1, key: "no" },
  { value: 0, key: "abstain" },
] as const;

/** One proposal's ballot: yes / no / abstain, or a score 0–5. The receipt appears once, after casting. */
export function BallotForm({ callId, proposalId, organisationId, method, current, disabled, label }: Props) {
  const t = useTranslations("voting");
  const router = useRouter();
  const id = useId().replace(/:/g, "");
  const [value, setValue] = useState<string>(current === null ? "" : String(current));
  const [receipt, setReceipt] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (value === "") return setError("ballotValueInvalid");
    startTransition(async () => {
      setError(undefined);
      setReceipt(undefined);
      const result = await castBallotAction({ callId, proposalId, organisationId, value });
      if (!result.ok) return setError(result.error);
      setReceipt(result.data.token);
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="ballot-form">
      <fieldset disabled={disabled || pending}>
        <legend className="visually-hidden">{t("booth.ballotFor", { proposal: label })}</legend>
        {method === "approval" ? (
          <div className="d-flex flex-wrap gap-3 mb-3">
            {approvalChoices.map((c) => (
              <div className="form-check form-check-inline m-0" key={c.key}>
                <input
                  type="radio"
                  id={`${id}-${c.key}`}
                  name={`${id}-value`}
                  value={c.value}
                  checked={value === String(c.value)}
                  onChange={() => setValue(String(c.value))}
                />
                <label htmlFor={`${id}-${c.key}`}>{t(`values.${c.key}`)}</label>
              </div>
            ))}
          </div>
        ) : (
          <div className="select-wrapper mb-3">
            <label htmlFor={`${id}-score`}>{t("booth.score")}</label>
            <select id={`${id}-score`} value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="">{t("booth.chooseScore")}</option>
              {[0, 1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {t("scoreOption", { score: n })}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="btn btn-primary btn-sm">
          {pending ? t("booth.casting") : current === null ? t("booth.cast") : t("booth.change")}
        </button>
      </fieldset>
      <div className="mt-3">
        <FormAlert errorKey={error} />
      </div>
      {receipt && (
        <div className="alert alert-success" role="status" data-testid="receipt">
          <p className="mb-1">{t("booth.receiptTitle")}</p>
          <p className="mb-1">
            <code className="fs-5" data-testid="receipt-token">
              {receipt}
            </code>
          </p>
          <p className="small mb-0">{t("booth.receiptHint")}</p>
        </div>
      )}
    </form>
  );
}
