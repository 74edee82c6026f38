"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { setRepresentativeAction } from "@/lib/organisations/actions";

type Props = { organisationId: string; userId: string; name: string; isRepresentative: boolean };

/**
 * An admin names a member as representative of the organisation, or takes it back. The
 * switch moves at once and goes back if the server refuses; the page passes a `key` with
 * the stored value, so a refresh with other data starts it afresh.
 */
export function RepresentativeToggle({ organisationId, userId, name, isRepresentative }: Props) {
  const t = useTranslations("organisations");
  const router = useRouter();
  const [checked, setChecked] = useState(isRepresentative);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const id = `representative-${userId}`;
  const change = (next: boolean) => {
    setChecked(next);
    startTransition(async () => {
      setError(undefined);
      const result = await setRepresentativeAction({ organisationId, userId, isRepresentative: next });
      if (result.ok) {
        router.refresh();
        return;
      }
      setChecked(!next);
      setError(result.error);
    });
  };
  return (
    <div>
      <FormAlert errorKey={error} />
      <div className="form-check form-switch mb-0">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="form-check-input"
          checked={checked}
          disabled={pending}
          aria-busy={pending}
          onChange={(e) => change(e.currentTarget.checked)}
        />
        <label className="form-check-label" htmlFor={id}>
          {t("representativeToggle", { name })}
        </label>
      </div>
    </div>
  );
}
