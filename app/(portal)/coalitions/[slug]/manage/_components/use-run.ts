"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { FieldErrors } from "@/lib/errors";

type Result = { ok: boolean; error?: string; fieldErrors?: FieldErrors };

/** Runs a server action, refreshes the page on success, keeps the error keys for display. */
export function useRun() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const run = (fn: () => Promise<Result>, onSuccess?: () => void) =>
    startTransition(async () => {
      setError(undefined);
      setFieldErrors(undefined);
      const result = await fn();
      if (result.ok) {
        onSuccess?.();
        router.refresh();
        return;
      }
      setFieldErrors(result.fieldErrors);
      if (!result.fieldErrors) setError(result.error);
    });
  return { run, pending, error, fieldErrors };
}
