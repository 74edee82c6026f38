"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { useRun } from "@/components/form/use-run";
import type { OrganisationKind, PartnerStatus } from "@/db/schema";
import type { MessageValues } from "@/lib/errors";
import { decidePartnerRequestAction, invitePartnerAction, removePartnerAction } from "@/lib/proposals/partnership-actions";
import { invitePartnerSchema, type InvitePartnerInput } from "@/lib/proposals/partnership-schemas";

export type PartnersPanelPartner = {
  organisationId: string;
  legalName: string;
  kind: OrganisationKind;
  status: PartnerStatus;
  isLead: boolean;
  roleDescription: string;
  message: string;
  contribution: string;
};

export type PartnersPanelProps = {
  proposalId: string;
  /** The viewer administers the lead: may invite, decide requests and remove. */
  isLeadAdmin: boolean;
  isDraft: boolean;
  partners: PartnersPanelPartner[];
  /** From searchInvitablePartners: coalition members not yet involved that match the search (at most 20). */
  invitable: { id: string; legalName: string; kind: OrganisationKind }[];
  /** The invitation's search (?partner= on the page) and whether more members match than are listed. */
  search: { query: string; more: boolean };
};

const badge: Record<PartnerStatus, string> = {
  accepted: "bg-success",
  invited: "bg-warning",
  requested: "bg-primary",
  declined: "bg-secondary",
  removed: "bg-secondary",
};

/** The partners of a proposal with their status; for the lead's admins of a draft, invitations, requests and removal. */
export function PartnersPanel({ proposalId, isLeadAdmin, isDraft, partners, invitable, search }: PartnersPanelProps) {
  const t = useTranslations("partnerships.panel");
  const ts = useTranslations("partnerships.statuses");
  const tk = useTranslations("organisations.kinds");
  const canManage = isLeadAdmin && isDraft;
  const { run, pending, error } = useRun();

  return (
    <section aria-labelledby="partners-panel-title" className="mb-5" data-testid="partners-panel">
      <h2 id="partners-panel-title" className="h3">
        {t("title")}
      </h2>
      <FormAlert errorKey={error?.key} values={error?.values} />
      {/* Focusable so a keyboard can scroll it on a phone; named like its caption. */}
      <div className="table-responsive" role="region" aria-label={t("title")} tabIndex={0}>
        <table className="table align-middle" data-testid="partners-table">
          <caption className="visually-hidden">{t("title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("organisation")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">{t("details")}</th>
              {canManage && <th scope="col">{t("actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.organisationId} data-testid="partner-row" data-status={p.status}>
                <td>
                  <span className="fw-semibold">{p.legalName}</span>
                  <br />
                  <small className="text-muted">
                    {tk(p.kind)}
                    {p.isLead && ` · ${t("lead")}`}
                  </small>
                </td>
                <td>
                  <span className={`badge ${badge[p.status]}`}>{p.isLead ? t("lead") : ts(p.status)}</span>
                </td>
                <td className="small">
                  {p.roleDescription && <div>{t("roleIs", { role: p.roleDescription })}</div>}
                  {p.message && <div>{t("messageIs", { message: p.message })}</div>}
                  {p.contribution && <div>{t("contributionIs", { contribution: p.contribution })}</div>}
                </td>
                {canManage && (
                  <td>
                    {p.status === "requested" && (
                      <div className="d-flex gap-2 flex-wrap">
                        <button
                          type="button"
                          className="btn btn-primary btn-sm"
                          disabled={pending}
                          onClick={() => run(() => decidePartnerRequestAction({ proposalId, organisationId: p.organisationId, decision: "accept" }))}
                        >
                          {t("accept", { name: p.legalName })}
                        </button>
                        <button
                          type="button"
                          className="btn btn-outline-secondary btn-sm"
                          disabled={pending}
                          onClick={() => run(() => decidePartnerRequestAction({ proposalId, organisationId: p.organisationId, decision: "decline" }))}
                        >
                          {t("decline", { name: p.legalName })}
                        </button>
                      </div>
                    )}
                    {!p.isLead && (p.status === "accepted" || p.status === "invited") && (
                      <button
                        type="button"
                        className="btn btn-outline-danger btn-sm"
                        disabled={pending}
                        onClick={() => {
                          if (window.confirm(t("removeConfirm", { name: p.legalName }))) {
                            run(() => removePartnerAction({ proposalId, organisationId: p.organisationId }));
                          }
                        }}
                      >
                        {t(p.status === "invited" ? "cancelInvitation" : "remove", { name: p.legalName })}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && <InvitePartner proposalId={proposalId} invitable={invitable} search={search} />}
    </section>
  );
}

/**
 * Inviting a partner: a search of the coalition's members (a GET form, so it works without
 * JavaScript and the page reads at most 20 of them in SQL), then the choice among the matches.
 */
function InvitePartner({ proposalId, invitable, search }: Pick<PartnersPanelProps, "proposalId" | "invitable" | "search">) {
  const t = useTranslations("partnerships.panel");
  const id = useId().replace(/:/g, "");
  const searched = search.query.trim() !== "";
  const status =
    invitable.length === 0
      ? searched
        ? t("noMatches", { query: search.query })
        : t("noInvitable")
      : search.more
        ? t("refine", { count: invitable.length })
        : searched
          ? t("matches", { count: invitable.length })
          : "";
  return (
    <div className="border rounded p-3" data-testid="invite-partner">
      <h3 id={`${id}-title`} className="h5 mb-4">
        {t("inviteTitle")}
      </h3>
      <form method="get" action={`/proposals/${proposalId}/edit#partners`} role="search" aria-labelledby={`${id}-title`} className="d-flex gap-2 align-items-end flex-wrap mb-3" data-testid="invitable-search">
        <div className="form-group mb-0 flex-grow-1">
          <label htmlFor={`${id}-search`} className="active">
            {t("searchLabel")}
          </label>
          <input id={`${id}-search`} name="partner" type="search" className="form-control" defaultValue={search.query} maxLength={100} aria-describedby={`${id}-search-hint`} />
          <small id={`${id}-search-hint`} className="form-text">
            {t("searchHint")}
          </small>
        </div>
        <button type="submit" className="btn btn-outline-primary">
          {t("searchSubmit")}
        </button>
      </form>
      <p role="status" data-testid="invitable-status">
        {status}
      </p>
      {invitable.length > 0 && <InvitePartnerForm proposalId={proposalId} invitable={invitable} titleId={`${id}-title`} />}
    </div>
  );
}

function InvitePartnerForm({ proposalId, invitable, titleId }: Pick<PartnersPanelProps, "proposalId" | "invitable"> & { titleId: string }) {
  const t = useTranslations("partnerships.panel");
  const tk = useTranslations("organisations.kinds");
  const id = useId().replace(/:/g, "");
  const router = useRouter();
  const [formError, setFormError] = useState<{ key: string; values?: MessageValues }>();
  const empty = { proposalId, organisationId: "", roleDescription: "" };
  const { register, handleSubmit, formState, setError, reset } = useForm<InvitePartnerInput>({ resolver: zodResolver(invitePartnerSchema), defaultValues: empty });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await invitePartnerAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError({ key: result.error, values: result.values });
      return;
    }
    reset(empty);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={titleId} data-testid="invite-partner-form">
      <FormAlert errorKey={formError?.key} values={formError?.values} />
      <input type="hidden" {...register("proposalId")} />
      <SelectField
        id={`${id}-organisation`}
        label={t("inviteOrganisation")}
        required
        placeholder={t("choose")}
        registration={register("organisationId")}
        error={formState.errors.organisationId}
        options={invitable.map((o) => ({ value: o.id, label: `${o.legalName} (${tk(o.kind)})` }))}
      />
      <TextField
        id={`${id}-role`}
        label={t("inviteRole")}
        hint={t("inviteRoleHint")}
        required
        maxLength={500}
        registration={register("roleDescription")}
        error={formState.errors.roleDescription}
      />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("inviteSubmit")}
      </button>
    </form>
  );
}
