"use client";

import type { TextareaHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { useErrorText } from "@/components/form/use-error-text";

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">;

export function TextAreaField({ id, label, hint, error, registration, ...rest }: Props) {
  const errorText = useErrorText()(error?.message);
  const describedBy = [hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <textarea
        id={id}
        className={`form-control${errorText ? " is-invalid invalid-input" : ""}`}
        aria-invalid={errorText ? true : undefined}
        aria-describedby={describedBy}
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
