"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmButton, SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { approveMinutesAction, circulateMinutesAction, saveMinutesAction } from "@/lib/meetings/actions";
import { callDecisionKinds, DAYS_DEFAULT, DAYS_MAX, DAYS_MIN, DECISION_MAX, decisionKinds, SUMMARY_MAX, type DecisionKind } from "@/lib/meetings/schemas";
import { useMeetingAction } from "./use-action";

type Item = { id: string; position: number; title: string; decision: string; decisionKind: string | null; call: { id: string } | null };

type Props = {
  meetingId: string;
  status: "draft" | "circulated" | null;
  summary: string;
  items: Item[];
  calls: { id: string; title: string }[];
  /** Circulated minutes whose period has closed with every comment answered. */
  mayApprove: boolean;
};

/** The promoter's minutes: the summary and a decision per item; Save; then Circulate (draft) or Approve (circulated). */
export function MinutesEditor({ meetingId, status, summary: initialSummary, items, calls, mayApprove }: Props) {
  const t = useTranslations("meetings.minutes");
  const [summary, setSummary] = useState(initialSummary);
  const [decisions, setDecisions] = useState(() =>
    Object.fromEntries(items.map((i) => [i.id, { decision: i.decision, decisionKind: (i.decisionKind ?? "") as DecisionKind | "", decisionCallId: i.call?.id ?? "" }])),
  );
  const [days, setDays] = useState(String(DAYS_DEFAULT));
  const save = useMeetingAction();
  const circulate = useMeetingAction();
  const approve = useMeetingAction();
  const set = (id: string, patch: Partial<(typeof decisions)[string]>) => setDecisions((d) => ({ ...d, [id]: { ...d[id], ...patch } }));
  const payload = () => ({
    meetingId,
    summary,
    items: items.map((i) => {
      const d = decisions[i.id];
      const needsCall = d.decisionKind !== "" && callDecisionKinds.includes(d.decisionKind);
      return { itemId: i.id, decision: d.decision, decisionKind: d.decisionKind, decisionCallId: needsCall ? d.decisionCallId : "" };
    }),
  });

  return (
    <div data-testid="minutes-editor">
      <form
        noValidate
        aria-label={t("draftTitle")}
        onSubmit={(e) => {
          e.preventDefault();
          save.run(() => saveMinutesAction(payload()));
        }}
      >
        <p>{t("editorIntro")}</p>
        <FormAlert errorKey={save.error} />
        {save.done && <SuccessMessage testId="minutes-saved">{t("saved")}</SuccessMessage>}
        <div className="form-group mb-4">
          <label htmlFor="minutes-summary" className="active">
            {t("summaryLabel")}
          </label>
          <textarea id="minutes-summary" className="form-control" rows={8} maxLength={SUMMARY_MAX} value={summary} onChange={(e) => setSummary(e.target.value)} aria-describedby="minutes-summary-hint" />
          <small id="minutes-summary-hint" className="form-hint d-block">
            {t("summaryHint")}
          </small>
        </div>
        {items.map((i) => {
          const d = decisions[i.id];
          const needsCall = d.decisionKind !== "" && callDecisionKinds.includes(d.decisionKind);
          return (
            <fieldset key={i.id} className="border rounded p-3 mb-4">
              <legend className="h6 float-none w-auto px-1 mb-2">
                {i.position}. {i.title}
              </legend>
              <div className="form-group mb-3">
                <label htmlFor={`decision-${i.id}`} className="active">
                  {t("decisionLabel", { position: i.position })}
                </label>
                <textarea id={`decision-${i.id}`} className="form-control" rows={3} maxLength={DECISION_MAX} value={d.decision} onChange={(e) => set(i.id, { decision: e.target.value })} />
              </div>
              <div className="select-wrapper mb-3">
                <label htmlFor={`kind-${i.id}`}>{t("kindLabel", { position: i.position })}</label>
                <select id={`kind-${i.id}`} value={d.decisionKind} onChange={(e) => set(i.id, { decisionKind: e.target.value as DecisionKind | "" })}>
                  <option value="">{t("kindNone")}</option>
                  {decisionKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              {needsCall && (
                <div className="select-wrapper mb-2">
                  <label htmlFor={`call-${i.id}`}>{t("callLabel", { position: i.position })}</label>
                  <select id={`call-${i.id}`} value={d.decisionCallId} onChange={(e) => set(i.id, { decisionCallId: e.target.value })}>
                    <option value="">{t("callNone")}</option>
                    {calls.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.title}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </fieldset>
          );
        })}
        <button type="submit" className="btn btn-outline-primary" disabled={save.pending}>
          {save.pending ? t("saving") : t("save")}
        </button>
      </form>

      {status === "draft" && (
        <form noValidate className="mt-4 border-top pt-3" aria-labelledby="circulate-title" onSubmit={(e) => e.preventDefault()}>
          <h3 id="circulate-title" className="h5">
            {t("circulateTitle")}
          </h3>
          <FormAlert errorKey={circulate.error} />
          {circulate.done && <SuccessMessage testId="minutes-circulated">{t("circulated")}</SuccessMessage>}
          <div className="form-group mb-3" style={{ maxWidth: "16rem" }}>
            <label htmlFor="minutes-days" className="active">
              {t("daysLabel")}
            </label>
            <input id="minutes-days" type="number" inputMode="numeric" min={DAYS_MIN} max={DAYS_MAX} className="form-control" value={days} onChange={(e) => setDays(e.target.value)} aria-describedby="minutes-days-hint" />
            <small id="minutes-days-hint" className="form-hint d-block">
              {t("daysHint")}
            </small>
          </div>
          <ConfirmButton
            className="btn btn-primary"
            disabled={circulate.pending}
            onConfirm={() => circulate.run(() => circulateMinutesAction({ meetingId, days }))}
            title={t("circulateConfirmTitle")}
            message={t("circulateConfirmMessage")}
            confirmLabel={t("circulateConfirm")}
          >
            {t("circulate")}
          </ConfirmButton>
        </form>
      )}

      {status === "circulated" && (
        <div className="mt-4 border-top pt-3">
          <FormAlert errorKey={approve.error} />
          {!mayApprove && <p>{t("approveWhen")}</p>}
          <ConfirmButton
            className="btn btn-primary"
            disabled={approve.pending}
            onConfirm={() => approve.run(() => approveMinutesAction({ meetingId }))}
            title={t("approveConfirmTitle")}
            message={t("approveConfirmMessage")}
            confirmLabel={t("approveConfirm")}
          >
            {t("approve")}
          </ConfirmButton>
        </div>
      )}
    </div>
  );
}
