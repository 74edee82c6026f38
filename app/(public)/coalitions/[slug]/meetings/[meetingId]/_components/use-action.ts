"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action";

/**
 * Runs a meeting action: on success refreshes the page and shows `done`; on failure keeps
 * the message key (the first field's when the server names a field) for FormAlert.
 */
export function useMeetingAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const run = (fn: () => Promise<ActionResult<unknown>>, onSuccess?: () => void) =>
    startTransition(async () => {
      setError(undefined);
      setDone(false);
      const result = await fn();
      if (result.ok) {
        setDone(true);
        onSuccess?.();
        router.refresh();
        return;
      }
      const firstField = result.fieldErrors ? Object.values(result.fieldErrors).find((k) => k.length > 0)?.[0] : undefined;
      setError(firstField ?? result.error);
    });
  return { run, pending, error, done, setDone };
}
