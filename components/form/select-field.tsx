"use client";

import type { SelectHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { useErrorText } from "./use-error-text";

type Props = {
  id: string;
  label: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
  options: { value: string; label: string }[];
  required?: boolean;
  placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">;

export function SelectField({ id, label, error, registration, options, required, placeholder, ...rest }: Props) {
  const errorText = useErrorText()(error?.message);
  return (
    <div className="select-wrapper mb-4">
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <select
        id={id}
        className={errorText ? "is-invalid invalid-input" : undefined}
        aria-invalid={errorText ? true : undefined}
        aria-describedby={errorText ? `${id}-error` : undefined}
        aria-required={required || undefined}
        {...registration}
        {...rest}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errorText && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {errorText}
        </div>
      )}
    </div>
  );
}
