"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import type { ActionResult } from "@/lib/action";

type Input = { grantId: string; isFinal: boolean };

/** Opens a new report (a draft) and goes to it. */
export function NewReportForm({ grantId, offerFinal, create }: { grantId: string; offerFinal: boolean; create: (input: Input) => Promise<ActionResult<{ id: string; number: number }>> }) {
  const t = useTranslations("expenses");
  const router = useRouter();
  const [isFinal, setIsFinal] = useState(false);
  const [error, setError] = useState<{ key: string; values?: Record<string, string | number> }>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      noValidate
      aria-busy={pending}
      data-testid="new-report-form"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        startTransition(async () => {
          const result = await create({ grantId, isFinal });
          if (result.ok) router.push(`/grants/${grantId}/reports/${result.data.number}`);
          else setError({ key: result.error, values: result.values });
        });
      }}
    >
      <FormAlert errorKey={error?.key} values={error?.values} />
      {offerFinal && (
        <div className="form-check mb-3">
          <input id="new-report-final" type="checkbox" className="form-check-input" checked={isFinal} onChange={(e) => setIsFinal(e.target.checked)} />
          <label htmlFor="new-report-final" className="form-check-label">
            {t("newIsFinal")}
          </label>
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="new-report">
        {t("newButton")}
      </button>
    </form>
  );
}
