"use client";

import { useErrorText } from "./use-error-text";

export function FormAlert({ errorKey, values }: { errorKey?: string; values?: Record<string, string | number | Date> }) {
  const text = useErrorText()(errorKey, values);
  if (!text) return null;
  return (
    <div className="alert alert-danger" role="alert" data-testid="form-error">
      {text}
    </div>
  );
}
