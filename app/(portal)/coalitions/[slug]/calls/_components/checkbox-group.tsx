"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { useErrorText } from "@/components/form/use-error-text";

type Props = {
  id: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  registration: UseFormRegisterReturn;
  error?: { message?: string };
};

/** A group of checkboxes for one array field, with its error under the legend's group. */
export function CheckboxGroup({ id, legend, hint, options, registration, error }: Props) {
  const errorText = useErrorText()(error?.message);
  const describedBy = [hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="mb-4" id={id} aria-describedby={describedBy} aria-invalid={errorText ? true : undefined}>
      <legend className="h6 mb-2">{legend}</legend>
      {hint && (
        <small id={`${id}-hint`} className="form-hint d-block mb-2">
          {hint}
        </small>
      )}
      <div className="d-flex flex-wrap">
        {options.map((o) => (
          <div className="form-check my-1 me-4" key={o.value}>
            <input id={`${id}-${o.value}`} type="checkbox" value={o.value} {...registration} />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
      {errorText && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {errorText}
        </div>
      )}
    </fieldset>
  );
}
