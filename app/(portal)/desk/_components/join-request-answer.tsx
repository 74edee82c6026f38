"use client";

import { useTranslations } from "next-intl";
import { FormAlert } from "@/components/form/form-alert";
import { useRun } from "@/components/form/use-run";
import { decidePartnerRequestAction } from "@/lib/proposals/partnership-actions";

type Props = { proposalId: string; organisationId: string; organisationName: string };

/** The lead's admin accepts or declines a request to join a draft, from the desk (the same action as the proposal's partner panel). */
export function JoinRequestAnswer({ proposalId, organisationId, organisationName }: Props) {
  const t = useTranslations("desk");
  const { run, pending, error } = useRun();
  const decide = (decision: "accept" | "decline") => run(() => decidePartnerRequestAction({ proposalId, organisationId, decision }));
  return (
    <div>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <div className="d-flex gap-2 flex-wrap">
        <button type="button" className="btn btn-primary btn-sm" disabled={pending} onClick={() => decide("accept")}>
          {t("acceptRequest", { name: organisationName })}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" disabled={pending} onClick={() => decide("decline")}>
          {t("declineRequest", { name: organisationName })}
        </button>
      </div>
    </div>
  );
}
