"use client";

import { useErrorText } from "./use-error-text";

export function FormAlert({ errorKey }: { errorKey?: string }) {
  const text = useErrorText()(errorKey);
  if (!text) return null;
  return (
    <div className="alert alert-danger" role="alert" data-testid="form-error">
      {text}
    </div>
  );
}
