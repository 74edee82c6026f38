"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { acceptEvaluationInvitationAction } from "@/lib/evaluation/committee-actions";

/** Accepts the invitation with the signed-in account, then links to the appraisals. */
export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations("committee.invitation");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [callId, setCallId] = useState<string>();
  if (callId)
    return (
      <SuccessMessage testId="invitation-accepted">
        <p className="mb-2">{t("accepted")}</p>
        <Link href={`/calls/${callId}/evaluation/reviews`}>{t("goToReviews")}</Link>
      </SuccessMessage>
    );
  return (
    <div>
      <FormAlert errorKey={error} />
      <button
        type="button"
        className="btn btn-primary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(undefined);
            const result = await acceptEvaluationInvitationAction({ token });
            if (result.ok) setCallId(result.data.callId);
            else setError(result.error);
          })
        }
      >
        {pending ? t("accepting") : t("accept")}
      </button>
    </div>
  );
}
