"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { resendVerificationAction } from "@/lib/mail/actions";

export function ResendVerificationButton({ email }: { email: string }) {
  const t = useTranslations("mail");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function resend() {
    setBusy(true);
    setError(undefined);
    setSent(false);
    const result = await resendVerificationAction();
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setSent(true);
  }

  return (
    <div>
      <FormAlert errorKey={error} />
      {sent && (
        <div className="alert alert-success text-break" role="status" data-testid="verification-resent">
          {t("resent", { email })}
        </div>
      )}
      <button type="button" className="btn btn-outline-primary" onClick={resend} disabled={busy} aria-busy={busy}>
        {busy ? t("resending") : t("resendButton")}
      </button>
    </div>
  );
}
