"use client";

import { useTranslations } from "next-intl";
import { FormAlert } from "@/components/form/form-alert";
import { useRun } from "@/components/form/use-run";
import { setRepresentativeAction } from "@/lib/organisations/actions";

type Props = { organisationId: string; userId: string; name: string; isRepresentative: boolean };

/** An admin names a member as representative of the organisation, or takes it back. */
export function RepresentativeToggle({ organisationId, userId, name, isRepresentative }: Props) {
  const t = useTranslations("organisations");
  const { run, pending, error } = useRun();
  const id = `representative-${userId}`;
  return (
    <div>
      <FormAlert errorKey={error?.key} values={error?.values} />
      <div className="form-check form-switch mb-0">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="form-check-input"
          checked={isRepresentative}
          disabled={pending}
          aria-busy={pending}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            run(() => setRepresentativeAction({ organisationId, userId, isRepresentative: next }));
          }}
        />
        <label className="form-check-label" htmlFor={id}>
          {t("representativeToggle", { name })}
        </label>
      </div>
    </div>
  );
}
