"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { acceptInvitationAction } from "@/lib/organisations/actions";

export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations("invitation");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const accept = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await acceptInvitationAction({ token });
      if (!result.ok) setError(result.error);
      else {
        router.push(`/organisations/${result.data.organisationId}`);
        router.refresh();
      }
    });
  return (
    <>
      <FormAlert errorKey={error} />
      <button type="button" className="btn btn-primary" onClick={accept} disabled={pending}>
        {t("accept")}
      </button>
    </>
  );
}
