"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { inviteMemberAction } from "@/lib/organisations/actions";
import { inviteMemberSchema, organisationRoles, type InviteMemberInput } from "@/lib/organisations/schemas";

export function InviteForm({ organisationId }: { organisationId: string }) {
  const t = useTranslations("organisations");
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [link, setLink] = useState<string>();
  const { register, handleSubmit, formState, setError, reset } = useForm<InviteMemberInput>({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: { organisationId, email: "", role: "member" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setLink(undefined);
    const result = await inviteMemberAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    setLink(`${window.location.origin}${result.data.path}`);
    reset({ organisationId, email: "", role: "member" });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      <input type="hidden" {...register("organisationId")} />
      <div className="row">
        <div className="col-md-7">
          <TextField id="inviteEmail" type="email" label={t("inviteEmail")} required registration={register("email")} error={formState.errors.email} />
        </div>
        <div className="col-md-5">
          <SelectField
            id="inviteRole"
            label={t("role")}
            registration={register("role")}
            error={formState.errors.role}
            options={organisationRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("inviteButton")}
      </button>
      {link && (
        <div className="alert alert-success mt-3" role="status">
          <p className="mb-1">{t("inviteCreated")}</p>
          <code data-testid="invitation-link" className="text-break">
            {link}
          </code>
        </div>
      )}
    </form>
  );
}
