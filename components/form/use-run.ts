"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { FieldErrors, MessageValues } from "@/lib/errors";

type Result = { ok: boolean; error?: string; fieldErrors?: FieldErrors; values?: MessageValues };

/** Runs a server action, refreshes the page on success, keeps the error keys (and their values) for display. */
export function useRun() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ key: string; values?: MessageValues }>();
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
      if (!result.fieldErrors && result.error) setError({ key: result.error, values: result.values });
    });
  return { run, pending, error, fieldErrors };
}
