"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { useErrorText } from "@/components/form/use-error-text";
import { castBallotAction } from "@/lib/voting/actions";
import { ReceiptSheet, type SheetLine } from "./receipt-sheet";

export type BoothProposal = {
  id: string;
  reference: string | null;
  title: string;
  details: string;
  currentText: string | null;
  current: number | null;
  conflict: boolean;
};

type Props = {
  callId: string;
  callTitle: string;
  organisationId: string;
  organisationName: string;
  method: "approval" | "score";
  open: boolean;
  proposals: BoothProposal[];
};

const approvalChoices = [
  { value: 1, key: "yes" },
  { value: -1, key: "no" },
  { value: 0, key: "abstain" },
] as const;

type Sheet = { castAt: Date; lines: SheetLine[] };
type Failure = { label: string; error: string };

/**
 * One page of the call's proposals on one form: the voter sets or changes what they want and
 * sends once; each new or changed choice is cast (castBallot, one ballot each) and the
 * codes come back on one receipt sheet. Unchanged ballots are not sent again, so their
 * earlier codes stay valid.
 */
export function BoothForm({ callId, callTitle, organisationId, organisationName, method, open, proposals }: Props) {
  const t = useTranslations("voting");
  const errorText = useErrorText();
  const router = useRouter();
  const id = useId().replace(/:/g, "");
  const [choices, setChoices] = useState<Record<string, string>>(() =>
    Object.fromEntries(proposals.map((p) => [p.id, p.current === null ? "" : String(p.current)])),
  );
  const [sheet, setSheet] = useState<Sheet>();
  const [failures, setFailures] = useState<Failure[]>([]);
  const [nothing, setNothing] = useState(false);
  const [pending, startTransition] = useTransition();
  const valueText = (v: number) => (method === "score" ? t("scoreOption", { score: v }) : t(`values.${v > 0 ? "yes" : v < 0 ? "no" : "abstain"}`));
  const labelOf = (p: BoothProposal) => `${p.reference ?? ""} ${p.title}`.trim();
  const choose = (proposalId: string, value: string) => setChoices((c) => ({ ...c, [proposalId]: value }));
  // A proposal that came onto the page after a refresh or another page starts from its current ballot.
  const choiceOf = (p: BoothProposal) => choices[p.id] ?? (p.current === null ? "" : String(p.current));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const changed = proposals.filter((p) => !p.conflict && choiceOf(p) !== "" && choiceOf(p) !== String(p.current));
    setNothing(changed.length === 0);
    if (changed.length === 0) return;
    startTransition(async () => {
      setSheet(undefined);
      setFailures([]);
      const lines: SheetLine[] = [];
      const failed: Failure[] = [];
      // One after the other, so the sheet lists them in the page's order.
      for (const p of changed) {
        const result = await castBallotAction({ callId, proposalId: p.id, organisationId, value: choiceOf(p) });
        if (result.ok) lines.push({ reference: p.reference, title: p.title, valueText: valueText(result.data.value), code: result.data.code });
        else failed.push({ label: labelOf(p), error: result.error });
      }
      if (lines.length > 0) setSheet({ castAt: new Date(), lines });
      setFailures(failed);
      router.refresh();
    });
  };

  return (
    <>
      {sheet && <ReceiptSheet key={sheet.castAt.getTime()} callTitle={callTitle} organisationName={organisationName} castAt={sheet.castAt} lines={sheet.lines} />}
      {failures.length > 0 && (
        <div className="alert alert-danger" role="alert" data-testid="form-error">
          <p className="mb-1">{t("booth.someFailed")}</p>
          <ul className="mb-0">
            {failures.map((f) => (
              <li key={f.label}>
                {f.label}: {errorText(f.error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate data-testid="booth-form">
        <ul className="list-unstyled" data-testid="booth-proposals">
          {proposals.map((p) => (
            <li key={p.id} className="card shadow-sm mb-4" data-testid="booth-proposal" data-reference={p.reference ?? ""}>
              <div className="card-body">
                <h2 className="h5 card-title">
                  <Link href={`/proposals/${p.id}`}>{p.title}</Link>
                </h2>
                <p className="small mb-2">{p.details}</p>
                {p.currentText && (
                  <p className="mb-2" data-testid="current-ballot">
                    {p.currentText}
                  </p>
                )}
                {p.conflict && (
                  <p className="text-danger fw-semibold mb-2" data-testid="conflict">
                    {t("booth.conflict")}
                  </p>
                )}
                <fieldset disabled={!open || p.conflict || pending} data-testid="ballot-form">
                  <legend className="visually-hidden">{t("booth.ballotFor", { proposal: labelOf(p) })}</legend>
                  {method === "approval" ? (
                    <div className="d-flex flex-wrap gap-3">
                      {approvalChoices.map((c) => (
                        <div className="form-check form-check-inline m-0" key={c.key}>
                          <input
                            type="radio"
                            id={`${id}-${p.id}-${c.key}`}
                            name={`${id}-${p.id}`}
                            value={c.value}
                            checked={!p.conflict && choiceOf(p) === String(c.value)}
                            onChange={() => choose(p.id, String(c.value))}
                          />
                          <label htmlFor={`${id}-${p.id}-${c.key}`}>{t(`values.${c.key}`)}</label>
                        </div>
                      ))}
                    </div>
                  ) : (
                    <div className="select-wrapper">
                      <label htmlFor={`${id}-${p.id}-score`}>{t("booth.score")}</label>
                      <select id={`${id}-${p.id}-score`} value={p.conflict ? "" : choiceOf(p)} onChange={(e) => choose(p.id, e.target.value)}>
                        <option value="">{t("booth.chooseScore")}</option>
                        {[0, 1, 2, 3, 4, 5].map((n) => (
                          <option key={n} value={n}>
                            {t("scoreOption", { score: n })}
                          </option>
                        ))}
                      </select>
                    </div>
                  )}
                </fieldset>
              </div>
            </li>
          ))}
        </ul>
        {open && (
          <div className="mb-4">
            <p className="form-hint" id={`${id}-submit-hint`}>
              {t("booth.submitHint")}
            </p>
            <button type="submit" className="btn btn-primary" disabled={pending} aria-describedby={`${id}-submit-hint`}>
              {pending ? t("booth.casting") : t("booth.castAll")}
            </button>
            {nothing && (
              <p className="mt-2 mb-0" role="status" data-testid="nothing-changed">
                {t("booth.nothingChanged")}
              </p>
            )}
          </div>
        )}
      </form>
    </>
  );
}
