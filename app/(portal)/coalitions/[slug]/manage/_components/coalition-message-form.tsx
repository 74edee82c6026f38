"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { sendCoalitionMessageAction } from "@/lib/notifications/promoter-actions";
import { coalitionMessageSchema, MESSAGE_BODY_MAX, MESSAGE_SUBJECT_MAX, type CoalitionMessageInput } from "@/lib/notifications/promoter-schemas";

type Props = { coalitionId: string; slug: string; organisations: number };

/**
 * A promoter writes to every member: checked by the shared schema, every problem listed at
 * the top (which takes the focus), then a confirmation; once sent the page says so (?done=message).
 */
export function CoalitionMessageForm({ coalitionId, slug, organisations }: Props) {
  const t = useTranslations("promoterMessages.message");
  const errorText = useErrorText();
  const router = useRouter();
  const [formError, setFormError] = useState<{ key: string; values?: Record<string, string | number> }>();
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [failures, setFailures] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const { register, formState, setError, getValues, clearErrors, reset } = useForm<CoalitionMessageInput>({
    defaultValues: { coalitionId, subject: "", message: "" },
  });
  const errors = formState.errors;
  // After each failed attempt, once the summary is drawn, the keyboard goes to it.
  useEffect(() => {
    if (failures > 0) summaryRef.current?.focus();
  }, [failures]);
  const failed = () => setFailures((n) => n + 1);

  const summary = (["subject", "message"] as const)
    .filter((name) => errors[name]?.message)
    .map((name) => ({ id: `message-${name}`, label: name === "subject" ? t("subject") : t("body"), message: errors[name]?.message ?? "invalidInput" }));

  /** Every problem at once, set in the same update as the attempt (so the summary is there to take the focus), then the confirmation. */
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    clearErrors();
    const parsed = coalitionMessageSchema.safeParse(getValues());
    if (!parsed.success) {
      const problems: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (problems[issue.path.map(String).join(".")] ??= []).push(issue.message);
      applyServerErrors(setError, problems);
      failed();
      return;
    }
    setConfirming(true);
  };

  const send = async () => {
    setConfirming(false);
    setSending(true);
    const result = await sendCoalitionMessageAction(getValues());
    if (!result.ok) {
      setSending(false);
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError({ key: result.error, values: result.values });
      failed();
      return;
    }
    // The page stays mounted on the same route: empty the form for the next message.
    reset({ coalitionId, subject: "", message: "" });
    setSending(false);
    router.push(`/coalitions/${slug}/manage?done=message#message-title`);
    router.refresh();
  };

  const bodyError = errorText(errors.message?.message);
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={sending} data-testid="coalition-message-form">
      <ErrorSummary ref={summaryRef} items={summary} />
      <FormAlert errorKey={formError?.key} values={formError?.values} />
      <TextField
        id="message-subject"
        label={t("subject")}
        hint={t("subjectHint", { max: MESSAGE_SUBJECT_MAX })}
        maxLength={MESSAGE_SUBJECT_MAX}
        required
        registration={register("subject", { onChange: () => clearErrors("subject") })}
        error={errors.subject}
      />
      <div className="form-group mb-4">
        <label htmlFor="message-message" className="active">
          {t("body")}
          <span aria-hidden="true"> *</span>
        </label>
        <textarea
          id="message-message"
          rows={6}
          maxLength={MESSAGE_BODY_MAX}
          className={`form-control${bodyError ? " is-invalid invalid-input" : ""}`}
          aria-invalid={bodyError ? true : undefined}
          aria-required
          aria-describedby={["message-message-hint", bodyError ? "message-message-error" : ""].filter(Boolean).join(" ")}
          {...register("message", { onChange: () => clearErrors("message") })}
        />
        <small id="message-message-hint" className="form-hint d-block">
          {t("bodyHint", { max: MESSAGE_BODY_MAX })}
        </small>
        {bodyError && (
          <div id="message-message-error" className="field-error" role="alert" data-testid="message-message-error">
            {bodyError}
          </div>
        )}
      </div>
      <button ref={submitRef} type="submit" className="btn btn-primary" disabled={sending} aria-haspopup="dialog">
        {sending ? t("sending") : t("send")}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t("confirmTitle")}
        message={t("confirmMessage", { subject: getValues("subject").trim(), count: organisations })}
        confirmLabel={t("confirm")}
        onConfirm={send}
        onCancel={() => setConfirming(false)}
        returnFocusTo={submitRef}
      />
    </form>
  );
}
