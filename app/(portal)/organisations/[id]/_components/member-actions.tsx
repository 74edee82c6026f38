"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { changeMemberRoleAction, removeMemberAction } from "@/lib/organisations/actions";

type Props = { organisationId: string; userId: string; name: string; role: "admin" | "member" };

export function MemberActions({ organisationId, userId, name, role }: Props) {
  const t = useTranslations("organisations");
  const tc = useTranslations("confirm");
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

  const newRole = role === "admin" ? "member" : "admin";
  return (
    <div>
      <FormAlert errorKey={error} />
      <button
        type="button"
        className="btn btn-outline-primary btn-sm me-2"
        disabled={pending}
        onClick={() => run(() => changeMemberRoleAction({ organisationId, userId, role: newRole }))}
      >
        {t(newRole === "admin" ? "makeAdmin" : "makeMember", { name })}
      </button>
      <ConfirmButton
        className="btn btn-outline-danger btn-sm"
        disabled={pending}
        tone="danger"
        onConfirm={() => run(() => removeMemberAction({ organisationId, userId }))}
        title={tc("removeOrganisationMember.title", { name })}
        message={tc("removeOrganisationMember.message")}
        confirmLabel={tc("removeOrganisationMember.confirm")}
      >
        {t("remove", { name })}
      </ConfirmButton>
    </div>
  );
}
