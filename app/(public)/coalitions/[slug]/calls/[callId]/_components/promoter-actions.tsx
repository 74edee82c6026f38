"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { archiveCallAction, extendSubmissionDeadlineAction, publishCallAction } from "@/lib/calls/actions";
import type { CallPhase } from "@/lib/calls/policy";
import { extendSubmissionSchema, type ExtendSubmission, type ExtendSubmissionInput } from "@/lib/calls/schemas";
import type { FieldErrors } from "@/lib/errors";

type Props = {
  callId: string;
  slug: string;
  phase: CallPhase;
  currentDeadline: string;
  currentDeadlineText: string;
  votingOpensText: string;
};

/** What a promoter can do with the call in its current phase (the server checks it again). */
export function PromoterActions(props: Props) {
  if (props.phase === "draft") return <DraftActions {...props} />;
  if (props.phase === "open") return <ExtendForm {...props} />;
  if (props.phase === "results") return <ArchiveButton {...props} />;
  return null;
}

function DraftActions({ callId, slug }: Props) {
  const t = useTranslations("calls");
  const tc = useTranslations("confirm");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<{ key: string; fields?: FieldErrors }>();
  const [busy, setBusy] = useState(false);
  const publish = async () => {
    setBusy(true);
    const result = await publishCallAction({ callId });
    setBusy(false);
    if (!result.ok) return setError({ key: result.error, fields: result.fieldErrors });
    setError(undefined);
    router.replace(`/coalitions/${slug}/calls/${callId}?done=published`);
    router.refresh();
  };
  return (
    <>
      <FormAlert errorKey={error?.key} />
      {error?.fields && (
        <ul data-testid="publish-problems">
          {Object.entries(error.fields).map(([field, keys]) => (
            <li key={field}>
              {t(`fields.${field}` as "fields.title")}: {keys.map((k) => errorText(k)).join(" ")}
            </li>
          ))}
        </ul>
      )}
      <p className="form-hint">{t("publishHint")}</p>
      <div className="d-flex gap-3 flex-wrap">
        <Link className="btn btn-outline-primary" href={`/coalitions/${slug}/calls/${callId}/edit`}>
          {t("edit")}
        </Link>
        <ConfirmButton
          className="btn btn-primary"
          onConfirm={publish}
          disabled={busy}
          title={tc("publishCall.title")}
          message={tc("publishCall.message")}
          confirmLabel={tc("publishCall.confirm")}
        >
          {busy ? t("publishing") : t("publish")}
        </ConfirmButton>
      </div>
    </>
  );
}

function ExtendForm({ callId, currentDeadline, currentDeadlineText, votingOpensText }: Props) {
  const t = useTranslations("calls");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState, setError, getValues } = useForm<ExtendSubmissionInput, unknown, ExtendSubmission>({
    resolver: zodResolver(extendSubmissionSchema),
    defaultValues: { callId, submissionClosesAt: currentDeadline, reason: "" },
  });
  const onSubmit = handleSubmit(async () => {
    setFormError(undefined);
    setDone(false);
    const result = await extendSubmissionDeadlineAction(getValues());
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    setDone(true);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="extend-title" data-testid="extend-form">
      <h3 id="extend-title" className="h5">
        {t("extendTitle")}
      </h3>
      <p className="form-hint mb-4">{t("extendHint", { current: currentDeadlineText, votingOpens: votingOpensText })}</p>
      <FormAlert errorKey={formError} />
      {done && (
        <div className="alert alert-success" role="status">
          {t("extended")}
        </div>
      )}
      <TextField
        id="submissionClosesAt"
        type="datetime-local"
        label={t("newDeadline")}
        registration={register("submissionClosesAt")}
        error={formState.errors.submissionClosesAt}
      />
      <TextField id="reason" label={t("reason")} hint={t("reasonHint")} maxLength={500} registration={register("reason")} error={formState.errors.reason} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("extend")}
      </button>
    </form>
  );
}

function ArchiveButton({ callId }: Props) {
  const t = useTranslations("calls");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const archive = async () => {
    const result = await archiveCallAction({ callId });
    if (!result.ok) return setError(result.error);
    router.refresh();
  };
  return (
    <>
      <FormAlert errorKey={error} />
      <p className="form-hint">{t("archiveHint")}</p>
      <button type="button" className="btn btn-outline-primary" onClick={archive}>
        {t("archive")}
      </button>
    </>
  );
}
