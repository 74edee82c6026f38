"use client";

import { useTranslations } from "next-intl";
import { FormAlert } from "@/components/form/form-alert";
import { useRun } from "@/components/form/use-run";
import { respondToPartnerInvitationAction } from "@/lib/proposals/partnership-actions";

type Props = { proposalId: string; organisationId: string; title: string };

/** The invited organisation's admin accepts or declines an invitation to a proposal. */
export function InvitationResponse({ proposalId, organisationId, title }: Props) {
  const t = useTranslations("partnerships.mine");
  const { run, pending, error } = useRun();
  const respond = (decision: "accept" | "decline") => run(() => respondToPartnerInvitationAction({ proposalId, organisationId, decision }));
  return (
    <div>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <div className="d-flex gap-2 flex-wrap">
        <button type="button" className="btn btn-primary btn-sm" disabled={pending} onClick={() => respond("accept")}>
          {t("accept", { title })}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" disabled={pending} onClick={() => respond("decline")}>
          {t("decline", { title })}
        </button>
      </div>
    </div>
  );
}
