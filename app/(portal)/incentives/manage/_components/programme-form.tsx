"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { ErrorSummary } from "@/components/form/error-summary";
import { FormAlert } from "@/components/form/form-alert";
import { useErrorText } from "@/components/form/use-error-text";
import { createProgrammeAction, updateProgrammeAction } from "@/lib/incentives/programme-actions";
import type { ProgrammeFieldsInput } from "@/lib/incentives/programme-schemas";

type Option = { value: string; label: string };

export type ProgrammeFormOptions = {
  levels: Option[];
  regimes: Option[];
  procedures: Option[];
  kinds: Option[];
  sections: Option[];
  regions: Option[];
  provinces: Option[];
  themes: Option[];
  /** Where a new entry may go: "" is the global catalogue. */
  catalogues: Option[];
};

type Props = {
  options: ProgrammeFormOptions;
  initial: ProgrammeFieldsInput;
  /** Editing this programme; absent when creating. */
  programmeId?: string;
};

const LISTS = ["applicantKinds", "atecoSections", "regions", "provinces", "solutionTypes"] as const;
const INTENSITIES = ["maxIntensityMicro", "maxIntensitySmall", "maxIntensityMedium", "maxIntensityLarge", "maxIntensityOther"] as const;

/** The catalogue form: plain fields, validated by the shared schema on the server; every problem listed at the top. */
export function ProgrammeForm({ options, initial, programmeId }: Props) {
  const t = useTranslations("incentives.manage");
  const tf = useTranslations("incentives.fields");
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const summaryRef = useRef<HTMLDivElement>(null);
  // Focus the summary once it is on the page: after the transition has committed, not before.
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures > 0) summaryRef.current?.focus();
  }, [failures]);

  const fieldError = (name: string) => errors[`fields.${name}`]?.[0] ?? Object.entries(errors).find(([k]) => k.startsWith(`fields.${name}.`))?.[1][0];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    const fields = {
      name: text("name"),
      description: text("description"),
      authority: text("authority"),
      level: text("level"),
      fund: text("fund"),
      aidRegime: text("aidRegime"),
      gberArticle: text("gberArticle"),
      procedure: text("procedure"),
      ...Object.fromEntries(INTENSITIES.map((n) => [n, text(n)])),
      minEligible: text("minEligible"),
      maxEligible: text("maxEligible"),
      maxAid: text("maxAid"),
      ...Object.fromEntries(LISTS.map((n) => [n, data.getAll(n).map(String)])),
      opensAt: text("opensAt"),
      closesAt: text("closesAt"),
      fundsExhausted: data.get("fundsExhausted") === "on",
      officialUrl: text("officialUrl"),
    };
    startTransition(async () => {
      const result = programmeId ? await updateProgrammeAction({ programmeId, fields }) : await createProgrammeAction({ coalitionId: text("coalitionId"), fields });
      if (result.ok) {
        const id = programmeId ?? (result.data as { programmeId: string }).programmeId;
        router.push(`/incentives/${id}`);
        router.refresh();
        return;
      }
      setErrors(result.fieldErrors ?? {});
      setFormError(result.fieldErrors ? undefined : result.error);
      setFailures((n) => n + 1);
    });
  }

  const summary = Object.entries(errors).map(([key, messages]) => {
    const name = key.replace(/^fields\./, "").split(".")[0];
    return { id: `programme-${name}`, label: tf.has(name) ? tf(name) : name, message: messages[0] };
  });

  const described = (name: string, hint?: boolean) => [hint ? `programme-${name}-hint` : "", fieldError(name) ? `programme-${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  const feedback = (name: string) =>
    fieldError(name) ? (
      <div id={`programme-${name}-error`} className="invalid-feedback d-block">
        {errorText(fieldError(name))}
      </div>
    ) : null;

  const input = (name: keyof ProgrammeFieldsInput, opts: { type?: string; hint?: string; maxLength?: number; required?: boolean; inputMode?: "decimal" } = {}) => (
    <div className="form-group">
      <label htmlFor={`programme-${name}`} className="active">
        {tf(name)}
        {opts.required && " *"}
      </label>
      <input
        id={`programme-${name}`}
        name={name}
        type={opts.type ?? "text"}
        inputMode={opts.inputMode}
        className={`form-control${fieldError(name) ? " is-invalid" : ""}`}
        defaultValue={String(initial[name] ?? "")}
        maxLength={opts.maxLength}
        aria-invalid={fieldError(name) ? true : undefined}
        aria-describedby={described(name, Boolean(opts.hint))}
      />
      {opts.hint && (
        <small id={`programme-${name}-hint`} className="form-text">
          {opts.hint}
        </small>
      )}
      {feedback(name)}
    </div>
  );

  const select = (name: keyof ProgrammeFieldsInput, items: Option[], label: ReactNode = tf(name)) => (
    <div className="select-wrapper mb-4">
      <label htmlFor={`programme-${name}`}>{label}</label>
      <select id={`programme-${name}`} name={name} defaultValue={String(initial[name] ?? "")} aria-describedby={described(name)}>
        {items.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {feedback(name)}
    </div>
  );

  const checks = (name: (typeof LISTS)[number], items: Option[], hint: string) => (
    <fieldset id={`programme-${name}`} className="mb-4" aria-describedby={described(name, true)}>
      <legend className="h6">{tf(name)}</legend>
      <small id={`programme-${name}-hint`} className="form-text d-block mb-2">
        {hint}
      </small>
      <div className="row">
        {items.map((o) => (
          <div key={o.value} className="col-12 col-sm-6 col-lg-4">
            <div className="form-check">
              <input id={`programme-${name}-${o.value}`} type="checkbox" name={name} value={o.value} defaultChecked={(initial[name] as string[]).includes(o.value)} />
              <label htmlFor={`programme-${name}-${o.value}`}>{o.label}</label>
            </div>
          </div>
        ))}
      </div>
      {feedback(name)}
    </fieldset>
  );

  return (
    <form onSubmit={onSubmit} noValidate data-testid="programme-form">
      <ErrorSummary ref={summaryRef} items={summary} />
      <FormAlert errorKey={formError} />
      {!programmeId && (
        <div className="select-wrapper mb-4">
          <label htmlFor="programme-coalitionId">{tf("catalogue")}</label>
          <select id="programme-coalitionId" name="coalitionId" defaultValue={options.catalogues[0]?.value}>
            {options.catalogues.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {input("name", { maxLength: 200, required: true })}
      <div className="form-group">
        <label htmlFor="programme-description" className="active">
          {tf("description")}
        </label>
        <textarea id="programme-description" name="description" className="form-control" rows={4} maxLength={5000} defaultValue={initial.description} aria-describedby={described("description")} />
        {feedback("description")}
      </div>
      <div className="row">
        <div className="col-12 col-md-6">{input("authority", { maxLength: 200, required: true })}</div>
        <div className="col-12 col-md-6">{input("fund", { maxLength: 100 })}</div>
        <div className="col-12 col-md-4">{select("level", options.levels)}</div>
        <div className="col-12 col-md-4">{select("aidRegime", options.regimes)}</div>
        <div className="col-12 col-md-4">{input("gberArticle", { maxLength: 20, hint: t("gberArticleHint") })}</div>
        <div className="col-12 col-md-4">{select("procedure", options.procedures)}</div>
      </div>
      <fieldset className="mb-2">
        <legend className="h6">{tf("intensities")}</legend>
        <p className="form-text">{t("intensityHint")}</p>
        <div className="row">
          {INTENSITIES.map((n) => (
            <div key={n} className="col-6 col-md-4 col-lg">
              {input(n, { inputMode: "decimal", maxLength: 6 })}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="row">
        <div className="col-12 col-md-4">{input("minEligible", { inputMode: "decimal", maxLength: 30 })}</div>
        <div className="col-12 col-md-4">{input("maxEligible", { inputMode: "decimal", maxLength: 30, hint: t("zeroNoMaximum") })}</div>
        <div className="col-12 col-md-4">{input("maxAid", { inputMode: "decimal", maxLength: 30, hint: t("zeroNoMaximum") })}</div>
      </div>
      {checks("applicantKinds", options.kinds, t("emptyMeansAnyone"))}
      {checks("atecoSections", options.sections, t("emptyMeansAnyone"))}
      {checks("regions", options.regions, t("emptyMeansAnywhere"))}
      {/* A list box, not bootstrap-italia's one-line select-wrapper: several provinces are chosen at once. */}
      <div className="form-group mb-4">
        <label htmlFor="programme-provinces" className="active">
          {tf("provinces")}
        </label>
        <select
          id="programme-provinces"
          name="provinces"
          multiple
          size={8}
          className="form-control h-auto border border-dark"
          defaultValue={initial.provinces as string[]}
          aria-describedby="programme-provinces-hint"
        >
          {options.provinces.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <small id="programme-provinces-hint" className="form-text">
          {t("provincesHint")}
        </small>
        {feedback("provinces")}
      </div>
      {checks("solutionTypes", options.themes, t("emptyMeansAnySolution"))}
      <div className="row">
        <div className="col-12 col-md-6">{input("opensAt", { type: "datetime-local", hint: t("opensAtHint") })}</div>
        <div className="col-12 col-md-6">{input("closesAt", { type: "datetime-local", hint: t("closesAtHint") })}</div>
      </div>
      <div className="form-check mb-4">
        <input id="programme-fundsExhausted" type="checkbox" name="fundsExhausted" defaultChecked={initial.fundsExhausted} />
        <label htmlFor="programme-fundsExhausted">{tf("fundsExhausted")}</label>
      </div>
      {input("officialUrl", { type: "url", maxLength: 500, hint: t("officialUrlHint") })}
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="programme-save">
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
