"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { adhereToProtocolAction } from "@/lib/protocol/actions";

type Props = { slug: string; versionId: string; version: number; textSha256: string; organisationId: string; organisationName: string };

/** "Aderisci": asks first, then records the adhesion to the version and hash the person read. */
export function AdhereButton({ slug, versionId, version, textSha256, organisationId, organisationName }: Props) {
  const t = useTranslations("protocol");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const adhere = async () => {
    setBusy(true);
    setError(undefined);
    const result = await adhereToProtocolAction({ versionId, organisationId, textSha256 });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    router.push(`/coalitions/${slug}/protocol?done=adhered`);
    router.refresh();
  };
  return (
    <div className="mb-3">
      <FormAlert errorKey={error} />
      <ConfirmButton
        className="btn btn-primary"
        disabled={busy}
        onConfirm={adhere}
        title={t("adhereConfirmTitle")}
        message={t("adhereConfirmMessage", { organisation: organisationName, version })}
        confirmLabel={t("adhereConfirm")}
      >
        {busy ? t("adhering") : t("adhere", { organisation: organisationName })}
      </ConfirmButton>
    </div>
  );
}
