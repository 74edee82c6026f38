"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { verifyEmailAction } from "@/lib/mail/actions";

export function VerifyEmailButton({ token }: { token: string }) {
  const t = useTranslations("mail");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    const result = await verifyEmailAction({ token });
    setBusy(false);
    if (!result.ok) {
      setError(result.fieldErrors?.token?.[0] ?? result.error);
      return;
    }
    setDone(true);
  }

  if (done) {
    return (
      <div className="alert alert-success" role="status" data-testid="verify-done">
        {t("verifyDone")}
      </div>
    );
  }
  return (
    <div>
      <FormAlert errorKey={error} />
      <button type="button" className="btn btn-primary" onClick={confirm} disabled={busy} aria-busy={busy}>
        {busy ? t("verifyConfirming") : t("verifyConfirm")}
      </button>
    </div>
  );
}
