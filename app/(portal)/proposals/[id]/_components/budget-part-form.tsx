"use client";

import { useLocale, useTranslations } from "next-intl";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { formatCents, parseEuroToCents } from "@/lib/money";
import { formatShare, shareBp, sumCents } from "@/lib/proposals/budget";
import { budgetCategories, type ProposalSaveFormInput } from "@/lib/proposals/schemas";

/** Typed euro text → cents for the live totals; what does not parse counts as nothing (the field shows its error on save). */
export const typedCents = (text: string | undefined) => parseEuroToCents(text ?? "") ?? 0;

/** The cost of one part as typed now: the same integer arithmetic as the server. */
export function typedPartCost(part: { lines?: { amount?: string }[] } | undefined): number {
  return sumCents((part?.lines ?? []).map((l) => typedCents(l?.amount)));
}

type Props = {
  /** The part's position in the form's `parts`. */
  index: number;
  organisationId: string;
  organisationName: string;
  /** The proposal's total cost as typed now, for this part's share. */
  totalCents: number;
};

/**
 * One organisation's lines and co-financing, inside the proposal's one form (ProposalForm):
 * no save of its own. Its ids start with budget-<organisation>, as the checklist's links expect.
 */
export function BudgetPartFields({ index, organisationId, organisationName, totalCents }: Props) {
  const t = useTranslations("proposals");
  const locale = useLocale();
  const { register, control, formState } = useFormContext<ProposalSaveFormInput>();
  const lines = useFieldArray({ control, name: `parts.${index}.lines` });
  const part = useWatch({ control, name: `parts.${index}` });
  const partCost = typedPartCost(part);
  const errors = formState.errors.parts?.[index];
  const prefix = `budget-${organisationId}`;

  return (
    <fieldset className="card card-bg mb-4" aria-labelledby={`${prefix}-title`} data-testid="budget-part">
      <div className="card-body">
        <h3 id={`${prefix}-title`} className="h5">
          {t("budgetOf", { name: organisationName })}
        </h3>
        {lines.fields.map((field, i) => (
          <div key={field.id} className="row g-2 align-items-end" data-testid="budget-line">
            <div className="col-md-3">
              <SelectField
                id={`${prefix}-lines.${i}.category`}
                label={t("category")}
                registration={register(`parts.${index}.lines.${i}.category`)}
                error={errors?.lines?.[i]?.category}
                options={budgetCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              />
            </div>
            <div className="col-md-5">
              <TextField
                id={`${prefix}-lines.${i}.description`}
                label={t("lineDescription")}
                registration={register(`parts.${index}.lines.${i}.description`)}
                error={errors?.lines?.[i]?.description}
              />
            </div>
            <div className="col-md-2">
              <TextField
                id={`${prefix}-lines.${i}.amount`}
                label={t("amount")}
                inputMode="decimal"
                registration={register(`parts.${index}.lines.${i}.amount`)}
                error={errors?.lines?.[i]?.amount}
              />
            </div>
            <div className="col-md-2 mb-4">
              <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => lines.remove(i)} aria-label={t("removeLine", { n: i + 1 })}>
                {t("remove")}
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="btn btn-outline-primary btn-sm mb-5" onClick={() => lines.append({ category: "services", description: "", amount: "" })}>
          {t("addLine")}
        </button>
        <TextField
          id={`${prefix}-cofinancing`}
          label={t("cofinancingOf", { name: organisationName })}
          inputMode="decimal"
          registration={register(`parts.${index}.cofinancing`)}
          error={errors?.cofinancing}
        />
        <p className="small mb-0" data-testid="part-cost">
          {t("partCost")}: {formatCents(partCost, locale)}
          {/* A share means something only once there is a budget. */}
          {totalCents > 0 && partCost > 0 && <> · {t("partShareOfTotal", { share: formatShare(shareBp(partCost, totalCents), locale) })}</>}
        </p>
      </div>
    </fieldset>
  );
}
