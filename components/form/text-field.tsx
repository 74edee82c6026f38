"use client";

import type { InputHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { useErrorText } from "./use-error-text";

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
  required?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;

/** A labelled input whose error is announced and linked with aria-describedby. */
export function TextField({ id, label, hint, error, registration, required, ...rest }: Props) {
  const errorText = useErrorText()(error?.message);
  const describedBy = [hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        // bootstrap-italia styles inputs by their type: an input without one would be drawn with no border.
        type="text"
        className={`form-control${errorText ? " is-invalid invalid-input" : ""}`}
        aria-invalid={errorText ? true : undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        {...registration}
        {...rest}
      />
      {hint && (
        <small id={`${id}-hint`} className="form-hint d-block">
          {hint}
        </small>
      )}
      {errorText && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {errorText}
        </div>
      )}
    </div>
  );
}
