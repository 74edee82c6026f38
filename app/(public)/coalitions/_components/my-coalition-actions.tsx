"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { leaveCoalitionAction, respondToCoalitionInvitationAction } from "@/lib/coalitions/actions";

type Props =
  | { kind: "invitation"; requestId: string; label: string }
  | { kind: "membership"; coalitionId: string; organisationId: string; label: string };

/** An organisation admin answers an invitation, or takes the organisation out of a coalition. */
export function MyCoalitionActions(props: Props) {
  const t = useTranslations("coalitions");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await fn();
      if (!result.ok) setError(result.error);
      else router.refresh();
    });

  if (props.kind === "invitation") {
    return (
      <div>
        <FormAlert errorKey={error} />
        <button type="button" className="btn btn-primary btn-sm me-2" disabled={pending} onClick={() => run(() => respondToCoalitionInvitationAction({ requestId: props.requestId, decision: "accept" }))}>
          {t("acceptInvitation", { name: props.label })}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" disabled={pending} onClick={() => run(() => respondToCoalitionInvitationAction({ requestId: props.requestId, decision: "decline" }))}>
          {t("declineInvitation", { name: props.label })}
        </button>
      </div>
    );
  }
  const { coalitionId, organisationId } = props;
  return (
    <div>
      <FormAlert errorKey={error} />
      <button
        type="button"
        className="btn btn-outline-danger btn-xs"
        disabled={pending}
        onClick={() => {
          if (window.confirm(t("leaveConfirm", { name: props.label }))) run(() => leaveCoalitionAction({ coalitionId, organisationId }));
        }}
      >
        {t("leave", { name: props.label })}
      </button>
    </div>
  );
}
