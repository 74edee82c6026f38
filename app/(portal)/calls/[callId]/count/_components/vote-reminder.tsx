"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { sendVoteReminderAction } from "@/lib/notifications/promoter-actions";

type Props = {
  callId: string;
  notVoted: number;
  /** ISO instant the vote closes. */
  closesAt: string;
  /** Why the button cannot be used now (sent today, nobody left), shown beside it; absent when it can. */
  blockedBy?: string;
};

/** The promoter's reminder to those who have not voted: asks first, then the page says it was sent (?done=reminder). */
export function VoteReminderButton({ callId, notVoted, closesAt, blockedBy }: Props) {
  const t = useTranslations("promoterMessages.reminder");
  const router = useRouter();
  const [error, setError] = useState<{ key: string; values?: Record<string, string | number> }>();
  const [pending, startTransition] = useTransition();
  const send = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await sendVoteReminderAction({ callId });
      if (!result.ok) return setError({ key: result.error, values: result.values });
      router.push(`/calls/${callId}/count?done=reminder#reminder-title`);
      router.refresh();
    });
  return (
    <>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <ConfirmButton
        className="btn btn-primary"
        onConfirm={send}
        disabled={pending || Boolean(blockedBy)}
        title={t("confirmTitle")}
        message={t("confirmMessage", { count: notVoted, closesAt: new Date(closesAt) })}
        confirmLabel={t("confirm")}
      >
        {pending ? t("sending") : t("send", { count: notVoted })}
      </ConfirmButton>
      {blockedBy && (
        <p className="form-hint mt-2 mb-0" id="reminder-blocked" data-testid="reminder-blocked">
          {blockedBy}
        </p>
      )}
    </>
  );
}
