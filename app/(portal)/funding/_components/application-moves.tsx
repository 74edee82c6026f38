"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import type { ApplicationStatus } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import type { FieldErrors, MessageValues, Problem } from "@/lib/errors";
import type { MoveField } from "@/lib/incentives/application-machine";
import { formatCents } from "@/lib/money";
import { moneyValues } from "./format";

const DE_MINIMIS_REFUSAL = "incentiveDeMinimisExceeded";

export type MoveOption = { to: ApplicationStatus; fields: readonly MoveField[] };

/** Moves that end something or freeze the amounts: confirmed in a dialog first. */
const CONFIRMED: readonly ApplicationStatus[] = ["submitted", "granted", "rejected", "withdrawn", "revoked", "closed"];
const DANGER: readonly ApplicationStatus[] = ["rejected", "withdrawn", "revoked"];

type Values = Partial<Record<MoveField, string>>;

type Props = {
  applicationId: string;
  version: number;
  moves: MoveOption[];
  requestedLabel: string;
  /** The server action: the raw fields as typed; the service parses them. */
  move: (input: { applicationId: string; version: number; to: ApplicationStatus } & Values) => Promise<ActionResult<unknown>>;
};

const FIELD_TYPE: Record<MoveField, string> = {
  protocolNumber: "text",
  submittedAt: "datetime-local",
  grantedOn: "date",
  grantedCents: "text",
  cup: "text",
  cor: "text",
  projectEndsOn: "date",
  finalReportDueOn: "date",
  reason: "text",
};

/** The moves the application's state machine allows now, each with the fields it needs. */
export function ApplicationMoves({ applicationId, version, moves, requestedLabel, move }: Props) {
  const t = useTranslations("funding.moves");
  const ts = useTranslations("funding.statuses");
  const errorText = useErrorText();
  const [chosen, setChosen] = useState<ApplicationStatus | null>(moves.find((m) => m.fields.length > 0 && m.to !== "withdrawn")?.to ?? null);
  const [values, setValues] = useState<Values>({});
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<ApplicationStatus>();
  const th = useTranslations("funding.headroom");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ key: string; values?: MessageValues }>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [refusal, setRefusal] = useState<MessageValues>();
  const [problemsOf, setProblems] = useState<Problem[]>();
  const submitRef = useRef<HTMLButtonElement>(null);

  /** Values of a field's problem (amounts in cents, turned into euro text for the message). */
  const fieldValues = (f: MoveField): MessageValues | undefined => problemsOf?.find((p) => p.field === f)?.values;
  if (moves.length === 0) return <p data-testid="no-moves">{t("none")}</p>;
  const current = moves.find((m) => m.to === chosen) ?? null;

  const send = (to: ApplicationStatus) => {
    setDone(undefined);
    const fields = moves.find((m) => m.to === to)?.fields ?? [];
    const typed = Object.fromEntries(fields.map((f) => [f, values[f] ?? ""])) as Values;
    startTransition(async () => {
      setError(undefined);
      setFieldErrors(undefined);
      setRefusal(undefined);
      const result = await move({ applicationId, version, to, ...typed });
      if (result.ok) {
        setDone(to);
        setValues({});
        router.refresh();
        return;
      }
      // The de minimis refusal comes with its figures: shown in euro, above the form.
      const problems: Problem[] = result.problems ?? [];
      setProblems(problems);
      const deMinimis = problems.find((p) => p.key === DE_MINIMIS_REFUSAL) ?? (result.error === DE_MINIMIS_REFUSAL ? { field: "requested", key: DE_MINIMIS_REFUSAL, values: result.values } : undefined);
      if (deMinimis) setRefusal(deMinimis.values ?? {});
      const own = Object.fromEntries(Object.entries(result.fieldErrors ?? {}).filter(([, keys]) => !keys.includes(DE_MINIMIS_REFUSAL)));
      setFieldErrors(own);
      const known = new Set<string>(moves.flatMap((m) => m.fields));
      const elsewhere = problems.find((p) => p.key !== DE_MINIMIS_REFUSAL && !known.has(p.field));
      if (elsewhere) setError({ key: elsewhere.key, values: elsewhere.values });
      else if (!deMinimis && Object.keys(own).length === 0 && result.error) setError({ key: result.error, values: result.values });
    });
  };

  const label = (f: MoveField) => (f === "grantedCents" ? t("grantedAmount") : t(f));
  const hint = (f: MoveField) =>
    f === "grantedCents" ? t("grantedAmountHint", { requested: requestedLabel }) : f === "cup" ? t("cupHint") : f === "cor" ? t("corHint") : f === "reason" ? t("reasonHint") : undefined;

  return (
    <div data-testid="application-moves">
      {done && (
        <div className="alert alert-success" role="status" data-testid="move-done">
          {t("moved", { status: ts(done) })}
        </div>
      )}
      {refusal && (
        <div className="alert alert-danger" role="alert" data-testid="move-refused">
          {th("exceeds", {
            requested: formatCents(Number(refusal.requestedCents ?? 0), locale),
            headroom: formatCents(Number(refusal.headroomCents ?? 0), locale),
            over: formatCents(Number(refusal.requestedCents ?? 0) - Number(refusal.headroomCents ?? 0), locale),
          })}
        </div>
      )}
      <FormAlert errorKey={error?.key} values={moneyValues(error?.values, locale)} />
      <div className="d-flex flex-wrap gap-2 mb-3" role="group" aria-label={t("title")}>
        {moves.map((m) => (
          <button
            key={m.to}
            type="button"
            className={`btn ${chosen === m.to ? (DANGER.includes(m.to) ? "btn-danger" : "btn-primary") : DANGER.includes(m.to) ? "btn-outline-danger" : "btn-outline-primary"}`}
            aria-pressed={chosen === m.to}
            onClick={() => {
              setChosen(m.to);
              setDone(undefined);
            }}
            data-testid={`move-${m.to}`}
          >
            {t(`to.${m.to}`)}
          </button>
        ))}
      </div>
      {current && (
        <form
          className="border rounded p-3"
          noValidate
          aria-busy={pending}
          data-testid="move-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (CONFIRMED.includes(current.to)) setConfirming(true);
            else send(current.to);
          }}
        >
          <h3 className="h5">{t(`to.${current.to}`)}</h3>
          {[...current.fields, ...((current.to === "rejected" || current.to === "withdrawn") && !current.fields.includes("reason") ? (["reason"] as const) : [])].map((f) => {
            const id = `move-${f}`;
            const err = fieldErrors?.[f]?.[0] ?? (f === "grantedCents" ? fieldErrors?.grantedAmount?.[0] : undefined);
            const errText = errorText(err, moneyValues(fieldValues(f), locale));
            const h = hint(f);
            const describedBy = [h ? `${id}-hint` : null, errText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
            const required = f !== "reason" || current.to === "revoked";
            return (
              <div className="form-group mb-4" key={f}>
                <label htmlFor={id} className="active">
                  {label(f)}
                  {required && <span aria-hidden="true"> *</span>}
                </label>
                <input
                  id={id}
                  name={f}
                  type={FIELD_TYPE[f]}
                  className={`form-control${errText ? " is-invalid" : ""}`}
                  value={values[f] ?? ""}
                  onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                  aria-invalid={errText ? true : undefined}
                  aria-required={required || undefined}
                  aria-describedby={describedBy}
                  inputMode={f === "grantedCents" ? "decimal" : undefined}
                  autoComplete="off"
                />
                {h && (
                  <small id={`${id}-hint`} className="form-hint d-block">
                    {h}
                  </small>
                )}
                {errText && (
                  <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
                    {errText}
                  </div>
                )}
              </div>
            );
          })}
          <button
            ref={submitRef}
            type="submit"
            className={`btn ${DANGER.includes(current.to) ? "btn-danger" : "btn-primary"}`}
            disabled={pending}
            data-testid="move-submit"
          >
            {t(`to.${current.to}`)}
          </button>
          {CONFIRMED.includes(current.to) && (
            <ConfirmDialog
              open={confirming}
              title={t(`confirm.${current.to as "submitted"}.title`)}
              message={t(`confirm.${current.to as "submitted"}.message`)}
              confirmLabel={t(`confirm.${current.to as "submitted"}.confirm`)}
              tone={DANGER.includes(current.to) ? "danger" : "primary"}
              returnFocusTo={submitRef}
              onCancel={() => setConfirming(false)}
              onConfirm={() => {
                setConfirming(false);
                send(current.to);
              }}
            />
          )}
        </form>
      )}
    </div>
  );
}
