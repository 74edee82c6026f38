"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { formatCents, parseEuroToCents } from "@/lib/money";
import { saveBudgetPartAction } from "@/lib/proposals/actions";
import { formatShare, shareBp, sumCents } from "@/lib/proposals/budget";
import { budgetCategories, budgetPartFormSchema, type BudgetPartForm, type BudgetPartFormInput } from "@/lib/proposals/schemas";
import { useUnsavedWarning } from "@/components/form/use-unsaved-warning";

type Props = {
  proposalId: string;
  version: number;
  organisationId: string;
  organisationName: string;
  defaults: BudgetPartFormInput;
  /** The rest of the proposal, as saved: other organisations' costs and co-financing. */
  othersCostCents: number;
  othersCofinancingCents: number;
  requestedCents: number;
  minCofinancingBp: number;
};

const cents = (text: string | undefined) => parseEuroToCents(text ?? "") ?? 0;

/** One organisation's lines and co-financing, with the proposal's totals updating as you type. */
export function BudgetPartForm(props: Props) {
  const t = useTranslations("proposals");
  const locale = useLocale();
  const router = useRouter();
  const [formError, setFormError] = useState<{ key: string; values?: Record<string, string | number> }>();
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, control, getValues, reset } = useForm<BudgetPartFormInput, unknown, BudgetPartForm>({
    resolver: zodResolver(budgetPartFormSchema),
    defaultValues: props.defaults,
  });
  const lines = useFieldArray({ control, name: "lines" });
  const watched = useWatch({ control, name: "lines" }) ?? [];
  const watchedCofinancing = useWatch({ control, name: "cofinancing" });

  // The same integer arithmetic as the server (lib/proposals/budget.ts), on what is typed now.
  const partCost = sumCents(watched.map((l) => cents(l?.amount)));
  const total = props.othersCostCents + partCost;
  const cofinancing = props.othersCofinancingCents + cents(watchedCofinancing);
  const cofinancingShare = shareBp(cofinancing, total);
  const money = (c: number) => formatCents(c, locale);
  const errors = formState.errors;
  useUnsavedWarning(formState.isDirty && !formState.isSubmitting);
  const prefix = `budget-${props.organisationId}`;

  const onSubmit = handleSubmit(async () => {
    setFormError(undefined);
    setSaved(false);
    const result = await saveBudgetPartAction({ ...getValues(), proposalId: props.proposalId, version: props.version, organisationId: props.organisationId });
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError({ key: result.error, values: result.values });
      return;
    }
    // What was saved is the new baseline: leaving now loses nothing.
    reset(getValues());
    setSaved(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="card card-bg mb-4" aria-labelledby={`${prefix}-title`} data-testid="budget-part">
      <div className="card-body">
        <h3 id={`${prefix}-title`} className="h5">
          {t("budgetOf", { name: props.organisationName })}
        </h3>
        <FormAlert errorKey={formError?.key} values={formError?.values} />
        {saved && (
          <div className="alert alert-success" role="status">
            {t("saved")}
          </div>
        )}
        {lines.fields.map((field, i) => (
          <div key={field.id} className="row g-2 align-items-end" data-testid="budget-line">
            <div className="col-md-3">
              <SelectField
                id={`${prefix}-lines.${i}.category`}
                label={t("category")}
                registration={register(`lines.${i}.category`)}
                error={errors.lines?.[i]?.category}
                options={budgetCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              />
            </div>
            <div className="col-md-5">
              <TextField id={`${prefix}-lines.${i}.description`} label={t("lineDescription")} registration={register(`lines.${i}.description`)} error={errors.lines?.[i]?.description} />
            </div>
            <div className="col-md-2">
              <TextField id={`${prefix}-lines.${i}.amount`} label={t("amount")} inputMode="decimal" registration={register(`lines.${i}.amount`)} error={errors.lines?.[i]?.amount} />
            </div>
            <div className="col-md-2 mb-4">
              <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => lines.remove(i)} aria-label={t("removeLine", { n: i + 1 })}>
                {t("remove")}
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="btn btn-outline-primary btn-sm mb-4" onClick={() => lines.append({ category: "services", description: "", amount: "" })}>
          {t("addLine")}
        </button>
        <TextField id={`${prefix}-cofinancing`} label={t("cofinancingOf", { name: props.organisationName })} inputMode="decimal" registration={register("cofinancing")} error={errors.cofinancing} />
        <dl className="row small mb-3" aria-live="polite" data-testid="live-totals">
          <dt className="col-sm-6">{t("partCost")}</dt>
          <dd className="col-sm-6">{money(partCost)}</dd>
          <dt className="col-sm-6">{t("totalCost")}</dt>
          <dd className="col-sm-6" data-testid="live-total">
            {money(total)}
          </dd>
          <dt className="col-sm-6">{t("cofinancingTotal")}</dt>
          <dd className="col-sm-6">
            {money(cofinancing)} ({formatShare(cofinancingShare, locale)}
            {cofinancingShare < props.minCofinancingBp && total > 0 ? ` — ${t("belowMinimum", { min: formatShare(props.minCofinancingBp, locale) })}` : ""})
          </dd>
          <dt className="col-sm-6">{t("requestedTotal")}</dt>
          <dd className="col-sm-6">
            {money(props.requestedCents)} ({formatShare(shareBp(props.requestedCents, total), locale)})
          </dd>
          <dt className="col-sm-6">{t("partShare")}</dt>
          <dd className="col-sm-6">{formatShare(shareBp(partCost, total), locale)}</dd>
        </dl>
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
          {t("saveBudgetOf", { name: props.organisationName })}
        </button>
      </div>
    </form>
  );
}
