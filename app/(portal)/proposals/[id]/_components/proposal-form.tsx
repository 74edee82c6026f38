"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { FormProvider, useFieldArray, useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary, type SummaryItem } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { SelectField } from "@/components/form/select-field";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { useUnsavedWarning } from "@/components/form/use-unsaved-warning";
import { centsToInput, formatCents } from "@/lib/money";
import { saveProposalAction } from "@/lib/proposals/actions";
import { formatShare, remainingCents, shareBp, sumCents } from "@/lib/proposals/budget";
import { proposalPartsFormSchema, proposalSaveFormSchema, type ProposalFieldsInput, type ProposalSaveFormInput } from "@/lib/proposals/schemas";
import { BudgetPartFields, typedCents, typedPartCost } from "./budget-part-form";

export type EditablePart = { organisationId: string; organisationName: string; lines: { category: string; description: string; amount: string }[]; cofinancing: string };

type Props = {
  proposalId: string;
  version: number;
  /** The lead's admins on a draft: the description and (where the call allows it) the requested amount. */
  canEditDetails: boolean;
  details: ProposalFieldsInput;
  themes: string[];
  sectors: string[];
  kinds: string[];
  /** The budget parts this person may edit (empty: none). */
  parts: EditablePart[];
  /** The stored cost and co-financing of the parts this person may not edit. */
  othersCostCents: number;
  othersCofinancingCents: number;
  requestedCents: number;
  allowLowerRequest: boolean;
  minCofinancingBp: number;
  maxRequestCents: number;
  /** The partners panel, shown between the description and the budget (it has forms of its own, so it is not inside this one). */
  partners: ReactNode;
  /** The budget as saved (the table of every line), under the editable parts. */
  savedBudget: ReactNode;
};

type Values = ProposalSaveFormInput & { details: ProposalFieldsInput; requested: string; parts: (ProposalSaveFormInput["parts"][number] & { organisationId: string })[] };

/**
 * The proposal's one form: description, budget parts and co-financing, saved together by
 * one button in a bar that stays at the bottom of the screen and says whether anything is
 * unsaved. Enter never saves (there is no submit button); leaving with unsaved changes asks
 * first; a failed save lists every problem at the top, with links, and moves the focus there.
 */
const noSubscription = () => () => {};

export function ProposalForm(props: Props) {
  const t = useTranslations("proposals");
  const tc = useTranslations("calls");
  const to = useTranslations("organisations");
  const te = useTranslations("errors");
  const locale = useLocale();
  const errorText = useErrorText();
  const router = useRouter();
  const { canEditDetails } = props;
  const canSave = canEditDetails || props.parts.length > 0;
  const [formError, setFormError] = useState<{ key: string; values?: Record<string, string | number> }>();
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<Date>();
  const [failures, setFailures] = useState(0);
  // True once hydrated: before that, typing into a field is lost when React takes the page over.
  const ready = useSyncExternalStore(noSubscription, () => true, () => false);
  const topRef = useRef<HTMLDivElement>(null);
  const methods = useForm<Values>({
    // A partner's save holds only its own parts: the description is not theirs to check.
    resolver: zodResolver(canEditDetails ? proposalSaveFormSchema : proposalPartsFormSchema) as unknown as Resolver<Values>,
    defaultValues: valuesFrom(props),
    shouldFocusError: false,
  });
  const { register, control, formState, getValues, reset, setError, clearErrors } = methods;
  const errors = formState.errors;
  const indicators = useFieldArray({ control, name: "details.indicators" });
  const milestones = useFieldArray({ control, name: "details.milestones" });
  const partFields = useFieldArray({ control, name: "parts", keyName: "key" });
  useUnsavedWarning(formState.isDirty && !saving);

  // A partner accepted or removed in the panel above changes the parts this person edits.
  // Nothing typed is lost: an untouched form takes the page's values, a touched one gains or loses just those parts.
  const orgKey = props.parts.map((p) => p.organisationId).join(",");
  useEffect(() => {
    const current = getValues("parts").map((p) => p.organisationId);
    if (current.join(",") === orgKey) return;
    if (!formState.isDirty) {
      reset(valuesFrom(props));
      return;
    }
    const gone = current.flatMap((id, i) => (props.parts.some((p) => p.organisationId === id) ? [] : [i]));
    if (gone.length > 0) partFields.remove(gone);
    for (const p of props.parts) {
      if (!current.includes(p.organisationId)) partFields.append(partValues(p), { shouldFocus: false });
    }
    // Only the organisations present matter here; the rest of props is read as it is now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgKey]);

  useEffect(() => {
    if (failures > 0) topRef.current?.focus();
  }, [failures]);

  // The proposal's totals as typed now: the parts in this form plus the others as saved.
  const watchedParts = useWatch({ control, name: "parts" }) ?? [];
  const typedRequested = useWatch({ control, name: "requested" });
  const totalCents = props.othersCostCents + sumCents(watchedParts.map((p) => typedPartCost(p)));
  const cofinancingCents = props.othersCofinancingCents + sumCents(watchedParts.map((p) => typedCents(p?.cofinancing)));
  const leftCents = remainingCents(totalCents, cofinancingCents);
  const leadTypes = props.allowLowerRequest && canEditDetails;
  const requestedCents = leadTypes
    ? (typedRequested ?? "").trim() === ""
      ? leftCents
      : typedCents(typedRequested)
    : props.allowLowerRequest
      ? Math.min(props.requestedCents, leftCents)
      : leftCents;
  const cofinancingAboveCost = cofinancingCents > totalCents && totalCents > 0;
  const hasBudget = totalCents > 0 && !cofinancingAboveCost;
  const money = (c: number) => formatCents(c, locale);

  const nameOf = (organisationId: string | undefined) => props.parts.find((p) => p.organisationId === organisationId)?.organisationName ?? "";
  const partName = (p: number) => nameOf(partFields.fields[p]?.organisationId);
  const summary = summaryItems(errors, {
    detail: (name) => t(detailLabels[name] ?? name),
    indicator: (i, k) => `${t("indicators")} ${i + 1} — ${t(indicatorLabels[k] ?? "indicatorName")}`,
    milestone: (i, k) => `${t("milestones")} ${i + 1} — ${t(k === "month" ? "milestoneMonth" : "milestoneTitle")}`,
    line: (p, i, k) => `${t("budgetOf", { name: partName(p) })} — ${t("lineN", { n: i + 1 })}: ${t(lineLabels[k] ?? "amount")}`,
    cofinancing: (p) => t("cofinancingOf", { name: partName(p) }),
    requested: () => t("requested"),
    partId: (p) => `budget-${partFields.fields[p]?.organisationId ?? ""}`,
  });

  const failed = () => setFailures((n) => n + 1);

  const onSave = methods.handleSubmit(
    async () => {
      setFormError(undefined);
      clearErrors();
      const values = getValues();
      // Checked here too so the problem shows before the round trip; the server decides.
      if (leadTypes && requestedCents > leftCents) {
        setError("requested", { type: "server", message: "proposalRequestedAboveBalance" });
        failed();
        return;
      }
      setSaving(true);
      // Only the parts changed here: a part someone else saved meanwhile is not written back as it was.
      const saved = formState.defaultValues?.parts ?? [];
      const sent = values.parts.flatMap((part, i) => (JSON.stringify(part) !== JSON.stringify(saved.find((d) => d?.organisationId === part.organisationId)) ? [i] : []));
      // The server parses the same text the browser validated, so it gets the raw values.
      const result = await saveProposalAction({
        proposalId: props.proposalId,
        version: props.version,
        ...(canEditDetails ? { details: values.details, requested: leadTypes ? values.requested : undefined } : {}),
        parts: sent.map((i) => values.parts[i]),
      });
      setSaving(false);
      if (!result.ok) {
        // The server numbers the parts it was sent; the form numbers all of them.
        const renumbered = Object.fromEntries(
          Object.entries(result.fieldErrors ?? {}).map(([path, keys]) => [path.replace(/^parts\.(\d+)\./, (_, n: string) => `parts.${sent[Number(n)] ?? n}.`), keys]),
        );
        applyServerErrors(setError, renumbered);
        setFormError({ key: result.error, values: result.values });
        failed();
        return;
      }
      // What was saved is the new baseline: leaving now loses nothing.
      reset(getValues());
      setSavedAt(new Date());
      router.refresh();
    },
    () => {
      setFormError(undefined);
      failed();
    },
  );

  const textarea = (name: "summary" | "problem" | "objectives", rows = 4) => (
    <div className="form-group mb-4">
      <label htmlFor={name} className="active">
        {t(name)}
      </label>
      <textarea
        id={name}
        className="form-control"
        rows={rows}
        {...register(`details.${name}`)}
        aria-invalid={errors.details?.[name] ? true : undefined}
        aria-describedby={errors.details?.[name] ? `${name}-error` : undefined}
      />
      {errors.details?.[name] && (
        <div id={`${name}-error`} className="field-error" role="alert">
          {errorText(errors.details[name]?.message)}
        </div>
      )}
    </div>
  );

  const stateText = saving ? t("saveState.saving") : formState.isDirty ? t("saveState.dirty") : savedAt ? t("saveState.saved", { time: savedAt }) : t("saveState.clean");

  return (
    <FormProvider {...methods}>
      {/* No <form>: Enter in a field never saves, and the partners panel's own forms can sit between the sections. */}
      <div aria-busy={saving} data-testid="proposal-form" data-ready={ready ? "true" : undefined}>
        <div ref={topRef} tabIndex={-1} className="proposal-form-errors">
          {summary.length > 0 ? (
            <ErrorSummary title={formError && formError.key !== "invalidInput" ? errorText(formError.key, formError.values) : undefined} items={summary} />
          ) : (
            <FormAlert errorKey={formError?.key} values={formError?.values} />
          )}
        </div>

        <section className="mb-5" aria-labelledby="description-title">
          <h2 id="description-title" className="h3">
            {t("descriptionTitle")}
          </h2>
          <fieldset disabled={!canEditDetails}>
            <TextField id="title" label={t("title")} required registration={register("details.title")} error={errors.details?.title} />
            {textarea("summary")}
            {textarea("problem")}
            <SelectField
              id="solutionType"
              label={t("solutionType")}
              placeholder={t("choose")}
              registration={register("details.solutionType")}
              error={errors.details?.solutionType}
              options={props.themes.map((theme) => ({ value: theme, label: tc(`themes.${theme}` as "themes.erp") }))}
            />
            {textarea("objectives")}

            <fieldset id="indicators" className="mb-4">
              <legend className="h5">{t("indicators")}</legend>
              {indicators.fields.map((field, i) => (
                <div key={field.id} className="row g-2 align-items-end mb-2" data-testid="indicator-row">
                  {(["name", "baseline", "target", "unit"] as const).map((k) => (
                    <div className={k === "name" ? "col-md-4" : "col-md-2"} key={k}>
                      <TextField id={`indicators.${i}.${k}`} label={t(indicatorLabels[k])} registration={register(`details.indicators.${i}.${k}`)} error={errors.details?.indicators?.[i]?.[k]} />
                    </div>
                  ))}
                  <div className="col-md-2 mb-4">
                    <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => indicators.remove(i)} aria-label={t("removeIndicator", { n: i + 1 })}>
                      {t("remove")}
                    </button>
                  </div>
                </div>
              ))}
              <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => indicators.append({ name: "", baseline: "", target: "", unit: "" })}>
                {t("addIndicator")}
              </button>
            </fieldset>

            <fieldset id="milestones" className="mb-4">
              <legend className="h5">{t("milestones")}</legend>
              {milestones.fields.map((field, i) => (
                <div key={field.id} className="row g-2 align-items-end mb-2" data-testid="milestone-row">
                  <div className="col-md-7">
                    <TextField id={`milestones.${i}.title`} label={t("milestoneTitle")} registration={register(`details.milestones.${i}.title`)} error={errors.details?.milestones?.[i]?.title} />
                  </div>
                  <div className="col-md-3">
                    <TextField
                      id={`milestones.${i}.month`}
                      label={t("milestoneMonth")}
                      inputMode="numeric"
                      registration={register(`details.milestones.${i}.month`)}
                      error={errors.details?.milestones?.[i]?.month}
                    />
                  </div>
                  <div className="col-md-2 mb-4">
                    <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => milestones.remove(i)} aria-label={t("removeMilestone", { n: i + 1 })}>
                      {t("remove")}
                    </button>
                  </div>
                </div>
              ))}
              <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => milestones.append({ title: "", month: "" })}>
                {t("addMilestone")}
              </button>
            </fieldset>

            <TextField id="durationMonths" label={t("durationMonths")} inputMode="numeric" registration={register("details.durationMonths")} error={errors.details?.durationMonths} />

            <fieldset id="sectors" className="mb-4">
              <legend className="h5">{t("sectors")}</legend>
              {props.sectors.map((sector) => (
                <div className="form-check form-check-inline" key={sector}>
                  <input id={`sector-${sector}`} type="checkbox" value={sector} {...register("details.sectors")} />
                  <label htmlFor={`sector-${sector}`}>{tc(`sectors.${sector}` as "sectors.industry")}</label>
                </div>
              ))}
            </fieldset>

            <fieldset id="lookingForKinds" className="mb-4">
              <legend className="h5">{t("lookingFor")}</legend>
              <p className="form-hint">{t("lookingForHint")}</p>
              {props.kinds.map((kind) => (
                <div className="form-check form-check-inline" key={kind}>
                  <input id={`looking-${kind}`} type="checkbox" value={kind} {...register("details.lookingForKinds")} />
                  <label htmlFor={`looking-${kind}`}>{to(`kinds.${kind}` as "kinds.firm")}</label>
                </div>
              ))}
            </fieldset>
          </fieldset>
        </section>

        <div id="partners">{props.partners}</div>

        <section id="budget" aria-labelledby="budget-title" className="mb-5">
          <h2 id="budget-title" className="h3">
            {t("budgetTitle")}
          </h2>
          {partFields.fields.map((p, index) => (
            <BudgetPartFields key={p.key} index={index} organisationId={p.organisationId} organisationName={nameOf(p.organisationId)} totalCents={totalCents} />
          ))}

          {leadTypes && (
            <TextField
              id="requested"
              label={t("requested")}
              hint={t("requestedLowerHint", { max: money(leftCents) })}
              inputMode="decimal"
              registration={register("requested")}
              error={errors.requested}
            />
          )}

          <div className="card card-bg mb-4" data-testid="live-totals" aria-live="polite">
            <div className="card-body">
              <h3 className="h5">{t("fundingTitle")}</h3>
              <dl className="row mb-0">
                <dt className="col-sm-6">{t("totalCost")}</dt>
                <dd className="col-sm-6" data-testid="live-total">
                  {money(totalCents)}
                </dd>
                <dt className="col-sm-6">{t("cofinancingTotal")}</dt>
                <dd className="col-sm-6" data-testid="live-cofinancing">
                  {money(cofinancingCents)}
                  {hasBudget && <> · {t("shareOfTotal", { share: formatShare(shareBp(cofinancingCents, totalCents), locale) })}</>}
                  {hasBudget && shareBp(cofinancingCents, totalCents) < props.minCofinancingBp && (
                    <> — {t("belowMinimum", { min: formatShare(props.minCofinancingBp, locale) })}</>
                  )}
                </dd>
                <dt className="col-sm-6" id="requested-total-label">
                  {t("requestedComputed")}
                </dt>
                <dd className="col-sm-6" aria-labelledby="requested-total-label">
                  {/* Where the checklist's "requested" problems lead when there is no field to type it in. */}
                  <span data-testid="live-requested" id={leadTypes ? undefined : "requested"} tabIndex={leadTypes ? undefined : -1}>
                    {money(requestedCents)}
                  </span>
                  {hasBudget && <> · {t("shareOfTotal", { share: formatShare(shareBp(requestedCents, totalCents), locale) })}</>}
                  {requestedCents > props.maxRequestCents && props.maxRequestCents > 0 && <> — {t("aboveMaxRequest", { max: money(props.maxRequestCents) })}</>}
                  <small className="form-hint d-block">
                    {props.allowLowerRequest ? (leadTypes ? t("requestedLowerNote") : t("requestedByLead")) : t("requestedComputedHint")}
                  </small>
                </dd>
              </dl>
              {cofinancingAboveCost && (
                <p className="text-danger mb-0 mt-2" data-testid="cofinancing-above-cost">
                  {te("proposalCofinancingAboveCost")}
                </p>
              )}
              {totalCents === 0 && <p className="form-hint mb-0 mt-2">{t("sharesWhenBudget")}</p>}
            </div>
          </div>

          {props.savedBudget}
        </section>

        {canSave && (
          <div className="sticky-bottom bg-white border-top py-2 mb-4 d-flex flex-wrap align-items-center gap-2 proposal-save-bar" data-testid="save-bar">
            <span role="status" className={formState.isDirty ? "fw-semibold" : undefined} data-testid="save-state">
              {stateText}
            </span>
            <button type="button" className="btn btn-primary ms-auto" onClick={onSave} disabled={saving}>
              {saving ? t("saveState.saving") : t("saveProposal")}
            </button>
          </div>
        )}
      </div>
    </FormProvider>
  );
}

function partValues(p: EditablePart): Values["parts"][number] {
  return { organisationId: p.organisationId, lines: p.lines as Values["parts"][number]["lines"], cofinancing: p.cofinancing };
}

/** The form's values as the page has them saved. */
function valuesFrom(props: Props): Values {
  return {
    details: props.details,
    requested: props.allowLowerRequest && props.requestedCents > 0 ? centsToInput(props.requestedCents) : "",
    parts: props.parts.map(partValues),
  };
}

const detailLabels: Record<string, string> = {
  title: "title",
  summary: "summary",
  problem: "problem",
  solutionType: "solutionType",
  objectives: "objectives",
  durationMonths: "durationMonths",
  sectors: "sectors",
  lookingForKinds: "lookingFor",
  indicators: "indicators",
  milestones: "milestones",
};
const indicatorLabels = { name: "indicatorName", baseline: "indicatorBaseline", target: "indicatorTarget", unit: "indicatorUnit" } as const;
const lineLabels: Record<string, "category" | "lineDescription" | "amount"> = { category: "category", description: "lineDescription", amount: "amount" };

type Labels = {
  detail: (name: string) => string;
  indicator: (i: number, key: keyof typeof indicatorLabels) => string;
  milestone: (i: number, key: string) => string;
  line: (part: number, i: number, key: string) => string;
  cofinancing: (part: number) => string;
  requested: () => string;
  partId: (part: number) => string;
};

/** Every field error of the form, in page order, as links for the error summary (ids as the fields render them). */
function summaryItems(errors: FieldErrors<Values>, label: Labels): SummaryItem[] {
  const items: SummaryItem[] = [];
  const push = (id: string, text: string, message: unknown) => {
    if (typeof message === "string" && message) items.push({ id, label: text, message });
  };
  const d = errors.details;
  if (d) {
    for (const name of Object.keys(detailLabels) as (keyof typeof detailLabels & keyof NonNullable<typeof d>)[]) {
      const e = d[name];
      if (!e) continue;
      if (name === "indicators" && Array.isArray(e)) {
        e.forEach((row, i) => row && (Object.keys(indicatorLabels) as (keyof typeof indicatorLabels)[]).forEach((k) => push(`indicators.${i}.${k}`, label.indicator(i, k), row[k]?.message)));
      } else if (name === "milestones" && Array.isArray(e)) {
        e.forEach((row, i) => row && (["title", "month"] as const).forEach((k) => push(`milestones.${i}.${k}`, label.milestone(i, k), row[k]?.message)));
      }
      push(name, label.detail(name), (e as { message?: unknown }).message);
    }
  }
  errors.parts?.forEach?.((part, p) => {
    if (!part) return;
    part.lines?.forEach?.((row, i) => row && (["category", "description", "amount"] as const).forEach((k) => push(`${label.partId(p)}-lines.${i}.${k}`, label.line(p, i, k), row[k]?.message)));
    push(`${label.partId(p)}-cofinancing`, label.cofinancing(p), part.cofinancing?.message);
  });
  push("requested", label.requested(), errors.requested?.message);
  return items;
}
