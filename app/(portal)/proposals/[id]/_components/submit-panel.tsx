"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { submitProposalAction, withdrawProposalAction } from "@/lib/proposals/actions";
import type { Problem } from "@/lib/errors";

/** The field each problem is fixed in: the link takes the keyboard there. */
const anchors: Record<string, string> = {
  title: "#title",
  summary: "#summary",
  problem: "#problem",
  objectives: "#objectives",
  solutionType: "#solutionType",
  durationMonths: "#durationMonths",
  indicators: "#indicators",
  milestones: "#milestones",
  sectors: "#sectors",
  requested: "#requested",
  partners: "#partners",
  lead: "#partners",
  budget: "#budget",
  cofinancing: "#budget",
  call: "#top",
  attachments: "#attachments",
};

export function ProblemList({ problems }: { problems: Problem[] }) {
  const te = useTranslations("errors");
  return (
    <ul data-testid="eligibility-problems">
      {problems.map((p, i) => (
        <li key={`${p.key}-${i}`}>
          <a href={anchors[p.field] ?? "#top"}>{te.has(p.key) ? te(p.key, p.values) : p.key}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Not keyed by the proposal's version: a remount would close a confirmation opened just as a
 * save refreshed the page. The server's problems are kept with the version they were about.
 */
export function SubmitPanel({ proposalId, version, problems, canSubmit }: { proposalId: string; version: number; problems: Problem[]; canSubmit: boolean }) {
  const t = useTranslations("proposals");
  const tc = useTranslations("confirm");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [server, setServer] = useState<{ version: number; problems: Problem[] }>();
  const serverProblems = server?.version === version ? server.problems : undefined;
  const shown = serverProblems ?? problems;
  const submit = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await submitProposalAction({ proposalId });
      if (result.ok) {
        setServer(undefined);
        // The page says what happened, with the reference and time read back from the database.
        router.replace(`/proposals/${proposalId}/edit?done=submitted`);
        router.refresh();
        return;
      }
      if (result.problems) setServer({ version, problems: result.problems });
      else setError(result.error);
    });
  return (
    <section aria-labelledby="submit-title" className="mb-5" id="submit">
      <h2 id="submit-title" className="h3">
        {t("submitTitle")}
      </h2>
      {shown.length > 0 ? (
        <div className="alert alert-warning" role={serverProblems ? "alert" : undefined}>
          <p className="mb-1">{t("problemsIntro", { count: shown.length })}</p>
          <ProblemList problems={shown} />
        </div>
      ) : (
        <p className="text-success fw-semibold">{t("readyToSubmit")}</p>
      )}
      <FormAlert errorKey={error} />
      {canSubmit && (
        <ConfirmButton
          className="btn btn-primary"
          onConfirm={submit}
          disabled={pending}
          title={tc("submitProposal.title")}
          message={tc("submitProposal.message")}
          confirmLabel={tc("submitProposal.confirm")}
        >
          {pending ? t("submitting") : t("submit")}
        </ConfirmButton>
      )}
    </section>
  );
}

export function WithdrawPanel({ proposalId }: { proposalId: string }) {
  const t = useTranslations("proposals");
  const tc = useTranslations("confirm");
  const te = useTranslations("errors");
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const withdraw = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await withdrawProposalAction({ proposalId, reason });
      if (!result.ok) return setError(result.fieldErrors?.reason?.[0] ?? result.error);
      router.replace(`/proposals/${proposalId}/edit?done=withdrawn`);
      router.refresh();
    });
  return (
    <section aria-labelledby="withdraw-title" className="mb-5">
      <h2 id="withdraw-title" className="h4">
        {t("withdrawTitle")}
      </h2>
      <div className="form-group mb-2">
        <label htmlFor="withdraw-reason" className="active">
          {t("withdrawReason")}
        </label>
        <input id="withdraw-reason" className="form-control" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </div>
      {error && (
        <div className="field-error mb-2" role="alert">
          {te.has(error) ? te(error) : te("unexpected")}
        </div>
      )}
      <ConfirmButton
        className="btn btn-outline-danger"
        onConfirm={withdraw}
        disabled={pending}
        tone="danger"
        title={tc("withdrawProposal.title")}
        message={tc("withdrawProposal.message")}
        confirmLabel={tc("withdrawProposal.confirm")}
      >
        {t("withdraw")}
      </ConfirmButton>
    </section>
  );
}
