"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { rejectOrganisationAction, verifyOrganisationAction } from "@/lib/organisations/actions";

export function ReviewActions({ organisationId, name }: { organisationId: string; name: string }) {
  const t = useTranslations("admin");
  const tc = useTranslations("confirm");
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();
  const [reason, setReason] = useState("");
  const reasonId = useId();

  const verify = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await verifyOrganisationAction({ organisationId });
      if (!result.ok) return setError(result.error);
      router.replace("/admin/organisations?done=verified");
      router.refresh();
    });

  const reject = () =>
    startTransition(async () => {
      setError(undefined);
      setReasonError(undefined);
      const result = await rejectOrganisationAction({ organisationId, reason });
      if (!result.ok) {
        setReasonError(result.fieldErrors?.reason?.[0]);
        if (!result.fieldErrors) setError(result.error);
        return;
      }
      router.replace("/admin/organisations?done=rejected");
      router.refresh();
    });

  return (
    <div>
      <FormAlert errorKey={error} />
      <ConfirmButton
        className="btn btn-success me-3 mb-3"
        disabled={pending}
        onConfirm={verify}
        title={tc("verifyOrganisation.title", { name })}
        message={tc("verifyOrganisation.message")}
        confirmLabel={tc("verifyOrganisation.confirm")}
      >
        {t("verify", { name })}
      </ConfirmButton>
      <div className="form-group mb-2">
        <label htmlFor={reasonId} className="active">
          {t("rejectReason")}
        </label>
        <input
          id={reasonId}
          className="form-control"
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${reasonId}-error` : undefined}
        />
        {reasonError && (
          <div id={`${reasonId}-error`} className="field-error" role="alert">
            {errorText(reasonError)}
          </div>
        )}
      </div>
      <ConfirmButton
        className="btn btn-outline-danger"
        disabled={pending}
        onConfirm={reject}
        tone="danger"
        title={tc("rejectOrganisation.title", { name })}
        message={tc("rejectOrganisation.message")}
        confirmLabel={tc("rejectOrganisation.confirm")}
      >
        {t("reject", { name })}
      </ConfirmButton>
    </div>
  );
}
