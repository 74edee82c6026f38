"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ConfirmButton, SuccessMessage } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { useRun } from "@/components/form/use-run";
import { appointEvaluatorAction, inviteExpertAction, removeEvaluatorAction, setEvaluationChairAction } from "@/lib/evaluation/committee-actions";
import { EMAIL_MAX, inviteExpertSchema, NAME_MAX, type InviteExpertInput } from "@/lib/evaluation/committee-schemas";
import { useFailureFocus } from "./use-failure-focus";

/** One person found by the search, with the role to appoint them as. */
export function AppointCandidate({ callId, candidate, chairFree }: { callId: string; candidate: { userId: string; name: string; organisationId: string; organisation: string }; chairFree: boolean }) {
  const t = useTranslations("committee.promoter");
  const { run, pending, error } = useRun();
  const [role, setRole] = useState<"member" | "chair">("member");
  const id = `role-${candidate.userId}-${candidate.organisationId}`;
  return (
    <li className="border rounded p-3 mb-3" data-testid="candidate">
      <p className="fw-semibold mb-1">{candidate.name}</p>
      <p className="mb-2">{candidate.organisation}</p>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <div className="d-flex flex-wrap align-items-end gap-3">
        <div className="select-wrapper">
          <label htmlFor={id}>{t("appointAs")}</label>
          <select id={id} value={role} onChange={(e) => setRole(e.target.value === "chair" ? "chair" : "member")}>
            <option value="member">{t("roles.member")}</option>
            {chairFree && <option value="chair">{t("roles.chair")}</option>}
          </select>
        </div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={pending}
          aria-label={t("appointAria", { name: candidate.name, organisation: candidate.organisation })}
          onClick={() => run(() => appointEvaluatorAction({ callId, userId: candidate.userId, organisationId: candidate.organisationId, role }))}
        >
          {t("appoint")}
        </button>
      </div>
    </li>
  );
}

/** The form inviting an outside expert; on success the link is shown once. */
export function InviteExpertForm({ callId, chairFree }: { callId: string; chairFree: boolean }) {
  const t = useTranslations("committee.promoter");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [link, setLink] = useState<string>();
  const { register, handleSubmit, formState, setError, reset } = useForm<InviteExpertInput>({
    resolver: zodResolver(inviteExpertSchema),
    defaultValues: { callId, name: "", email: "", role: "member" },
    // The error summary takes the focus, not the first field.
    shouldFocusError: false,
  });
  const onInvalid = () => failed();
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setLink(undefined);
    const result = await inviteExpertAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      onInvalid();
      return;
    }
    reset({ callId, name: "", email: "", role: "member" });
    setLink(result.data.link);
    router.refresh();
  }, onInvalid);
  const items = (["name", "email", "role"] as const)
    .filter((f) => formState.errors[f]?.message)
    .map((f) => ({ id: `expert-${f}`, label: t(f), message: formState.errors[f]!.message! }));
  const { ref: summary, failed } = useFailureFocus(items.length);
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="invite-title">
      <ErrorSummary ref={summary} items={items} />
      <FormAlert errorKey={formError} />
      {link && (
        <SuccessMessage testId="invitation-link">
          <p className="mb-2">{t("invited")}</p>
          <p className="fw-semibold mb-1">{t("linkLabel")}</p>
          <p className="mb-0 text-break font-monospace" data-testid="invitation-link-value">
            {link}
          </p>
        </SuccessMessage>
      )}
      <input type="hidden" {...register("callId")} />
      <TextField id="expert-name" label={t("name")} required maxLength={NAME_MAX} autoComplete="off" registration={register("name")} error={formState.errors.name} />
      <TextField id="expert-email" label={t("email")} required type="email" maxLength={EMAIL_MAX} autoComplete="off" registration={register("email")} error={formState.errors.email} />
      <SelectField
        id="expert-role"
        label={t("role")}
        registration={register("role")}
        error={formState.errors.role}
        options={[{ value: "member", label: t("roles.member") }, ...(chairFree ? [{ value: "chair", label: t("roles.chair") }] : [])]}
      />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("inviting") : t("invite")}
      </button>
    </form>
  );
}

/** Make chair / remove for one evaluator, each confirmed. */
export function EvaluatorActions({ evaluatorId, name, isChair }: { evaluatorId: string; name: string; isChair: boolean }) {
  const t = useTranslations("committee.promoter");
  const { run, pending, error } = useRun();
  return (
    <div>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <div className="d-flex flex-wrap gap-2">
        {!isChair && (
          <ConfirmButton
            className="btn btn-outline-primary btn-sm"
            disabled={pending}
            ariaLabel={t("makeChairAria", { name })}
            onConfirm={() => run(() => setEvaluationChairAction({ evaluatorId }))}
            title={t("chairConfirm.title")}
            message={t("chairConfirm.message")}
            confirmLabel={t("chairConfirm.confirm")}
          >
            {t("makeChair")}
          </ConfirmButton>
        )}
        <ConfirmButton
          className="btn btn-outline-danger btn-sm"
          disabled={pending}
          ariaLabel={t("removeAria", { name })}
          onConfirm={() => run(() => removeEvaluatorAction({ evaluatorId }))}
          title={t("removeConfirm.title")}
          message={t("removeConfirm.message")}
          confirmLabel={t("removeConfirm.confirm")}
          tone="danger"
        >
          {t("remove")}
        </ConfirmButton>
      </div>
    </div>
  );
}
